"""Deep graphs: a 100,000-step chain and its gradient are built,
differentiated and compiled natively (every pass and LLVM) without hitting
Python's recursion limit or a C++ stack limit, and match NumPy; a 2,000-step
chain goes the FAST_COMPILE way (LLVM at O0). Compile *time* is measured by
B4 (`make bench`), never here."""

import sys

import numpy as np
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

STEPS = 100_000
COMPILED_STEPS = 2_000


def _numpy_chain(x, steps):
    # y_{k+1} = sin(y_k); dy_n/dx = prod cos(y_k)
    y, dy = x.copy(), np.ones_like(x)
    for _ in range(steps):
        dy *= np.cos(y)
        y = np.sin(y)
    return y, dy


def _chain_and_gradient(steps):
    x = st.dvector("x")
    y = x
    for _ in range(steps):
        y = st.sin(y)
    return x, y, symc.grad(y.sum(), x)


def test_a_100000_step_chain_and_its_gradient_compile_natively_and_match_numpy():
    limit = sys.getrecursionlimit()
    # Far below the depth of the graph: any recursion over it (building,
    # differentiating, hashing, emitting, calling) would fail.
    sys.setrecursionlimit(400)
    try:
        x, y, g = _chain_and_gradient(STEPS)
        # The default mode: every rewrite, every pass and LLVM at -O3 (the
        # C++ side must not recurse over the chain either).
        f = symc.function([x], [y, g], profile=True)
        xv = np.linspace(-1.5, 1.5, 9)
        got_y, got_g = f(xv)
    finally:
        sys.setrecursionlimit(limit)
    want_y, want_g = _numpy_chain(xv, STEPS)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_g, want_g, rtol=1e-8, atol=1e-14)
    stages = dict(f.profile.stage_groups())
    assert "parse" in stages and "codegen" in stages


def test_a_deep_chain_and_its_gradient_compile_and_match_numpy():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        x, y, g = _chain_and_gradient(COMPILED_STEPS)
        # LLVM at O0: this test is about depth, not speed (B4 measures that).
        f = symc.function([x], [y, g], mode=symc.Mode("FAST_COMPILE", opt_level=0), profile=True)
    finally:
        sys.setrecursionlimit(limit)
    xv = np.linspace(-1.5, 1.5, 7)
    got_y, got_g = f(xv)
    want_y, want_g = _numpy_chain(xv, COMPILED_STEPS)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got_g, want_g, rtol=1e-9, atol=1e-12)
    stages = dict(f.profile.stage_groups())
    # The compiler really ran (not a cache hit from another test).
    assert "parse" in stages and "llvm-opt" in stages
