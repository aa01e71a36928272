"""Deep graphs: a 100,000-step chain is built, differentiated, emitted and
parsed and verified by the native compiler without hitting Python's
recursion limit or a C++ stack limit; a 2,000-step chain and its gradient go
through every pass and LLVM and match NumPy. (Compiling the 100,000-step
chain and its gradient natively is correct but takes minutes, too long for
a test: issue 8.) Compile *time* is measured by B4 (`make bench`), never
here."""

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


def test_a_100000_step_chain_builds_differentiates_emits_and_parses():
    from symc.compile import native
    from symc.compile.function import FunctionMaker

    limit = sys.getrecursionlimit()
    # Far below the depth of the graph: any recursion over it would fail.
    sys.setrecursionlimit(400)
    try:
        x, y, g = _chain_and_gradient(STEPS)
        maker = FunctionMaker([x], [y, g], mode=symc.Mode("FAST_COMPILE"))
        # Parsing and verifying the whole module natively (the C++ side's
        # recursion over nesting, not over the chain).
        staged = native.stage_ir(maker.ir, "builtin.module(cse)")
    finally:
        sys.setrecursionlimit(limit)
    assert staged.count("symc.sin") >= STEPS
    assert staged.count("symc.cos") >= STEPS


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
