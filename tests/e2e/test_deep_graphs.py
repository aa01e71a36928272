"""Deep graphs through the whole compiler: a 100,000-step chain is built,
differentiated, compiled (frontend, emitter, every pass, LLVM) and run
without hitting Python's recursion limit or a C++ stack limit, and its
results match NumPy. Compile *time* is measured by B4 (`make bench`), never
here; this test only proves that depth does not break anything."""

import sys

import numpy as np
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

STEPS = 100_000


def _numpy_chain(x):
    # y_{k+1} = sin(y_k); dy_n/dx = prod cos(y_k)
    y, dy = x.copy(), np.ones_like(x)
    for _ in range(STEPS):
        dy *= np.cos(y)
        y = np.sin(y)
    return y, dy


def test_a_100000_step_chain_builds_differentiates_and_compiles():
    limit = sys.getrecursionlimit()
    # Far below the depth of the graph: any recursion over it would fail.
    sys.setrecursionlimit(400)
    try:
        x = st.dvector("x")
        y = x
        for _ in range(STEPS):
            y = st.sin(y)
        g = symc.grad(y.sum(), x)
        # LLVM at O0: this test is about depth, not speed (B4 measures that).
        f = symc.function([x], [y, g], mode=symc.Mode("FAST_COMPILE", opt_level=0), profile=True)
    finally:
        sys.setrecursionlimit(limit)
    xv = np.linspace(-1.5, 1.5, 7)
    got_y, got_g = f(xv)
    want_y, want_g = _numpy_chain(xv)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got_g, want_g, rtol=1e-9, atol=1e-12)
    stages = dict(f.profile.stage_groups())
    # The compiler really ran (not a cache hit from another test).
    assert "parse" in stages and "llvm-opt" in stages
