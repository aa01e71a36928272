"""symc-pack-buffers end to end: a gradient that saves hundreds of forward
values (one temporary per step) keeps them in slots of one allocation, and
computes what NumPy computes, for several dtypes, shapes and with the pass
off. The lit test (tests/lit/passes/pack-buffers.mlir) covers which
buffers the pass takes; here the whole pipeline and the runtime run it."""

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.compile import native  # noqa: E402
from symc.compile.function import FunctionMaker  # noqa: E402

STEPS = 150  # > the pass's default threshold of 64 temporaries of one shape


def _chain(x, steps):
    y = x
    for _ in range(steps):
        y = y + st.tanh(y) * 0.01 + st.sin(y) * 0.01
    return y


def _numpy_chain_and_grad(xv, steps):
    y, dy = xv.copy(), np.ones_like(xv)
    for _ in range(steps):
        dy = (1 + 0.01 * (1 - np.tanh(y) ** 2) + 0.01 * np.cos(y)) * dy
        y = y + np.tanh(y) * 0.01 + np.sin(y) * 0.01
    return y, dy


def _allocation_calls(maker, pack):
    # remat=0: the grouping keeps every saved value (recomputing them is
    # tests/e2e/test_remat.py's subject), so that there are hundreds to pack.
    pipeline = (f"builtin.module({maker.mode.optimizer_pipeline[len('builtin.module('):-1]},"
                f"symc-lower-to-llvm-pipeline{{threads=1 pack-buffers={pack} remat=0}})")
    return native.stage_ir(maker.ir, pipeline).count("llvm.call @_mlir_memref_to_llvm_alloc(")


@pytest.mark.parametrize("dtype,shape", [("float64", (7,)), ("float32", (3, 5)), ("float64", (0,))])
def test_gradient_of_a_deep_chain_matches_numpy(dtype, shape):
    x = st.tensor(dtype, shape=(None,) * len(shape), name="x")
    y = _chain(x, STEPS)
    g = symc.grad(y.sum(), x)
    f = symc.function([x], [y, g])
    xv = np.linspace(-1.5, 1.5, int(np.prod(shape))).reshape(shape).astype(dtype)
    got_y, got_g = f(xv)
    want_y, want_g = _numpy_chain_and_grad(xv.astype("float64"), STEPS)
    tol = 1e-9 if dtype == "float64" else 1e-4
    np.testing.assert_allclose(got_y, want_y, rtol=tol, atol=tol)
    np.testing.assert_allclose(got_g, want_g, rtol=tol, atol=tol)
    # Called again: the slots are reused across calls, not stale.
    got_y2, got_g2 = f(xv * 0.5)
    want_y2, want_g2 = _numpy_chain_and_grad(xv.astype("float64") * 0.5, STEPS)
    np.testing.assert_allclose(got_g2, want_g2, rtol=tol, atol=tol)
    np.testing.assert_allclose(got_y2, want_y2, rtol=tol, atol=tol)


def test_saved_values_share_one_allocation():
    x = st.dvector("x")
    y = _chain(x, STEPS)
    maker = FunctionMaker([x], [symc.grad(y.sum(), x)])
    packed, unpacked = _allocation_calls(maker, 64), _allocation_calls(maker, 0)
    # Without the pass: at least one allocation per saved step.
    assert unpacked >= STEPS
    # With it: the arena plus the few buffers it leaves (the result).
    assert packed <= 8, packed


def test_two_shapes_in_one_function_get_separate_slots():
    # The saved values of a vector chain and of a matrix chain: two groups
    # of different sizes, each packed, results independent of each other.
    x = st.dvector("x")
    m = st.dmatrix("m")
    yx, ym = _chain(x, STEPS), _chain(m, STEPS)
    gx, gm = symc.grad(yx.sum() + ym.sum(), [x, m])
    f = symc.function([x, m], [gx, gm])
    xv = np.linspace(-1, 1, 5)
    mv = np.linspace(-2, 2, 12).reshape(3, 4)
    got_x, got_m = f(xv, mv)
    np.testing.assert_allclose(got_x, _numpy_chain_and_grad(xv, STEPS)[1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_m, _numpy_chain_and_grad(mv, STEPS)[1], rtol=1e-9, atol=1e-12)
    maker = FunctionMaker([x, m], [gx, gm])
    assert _allocation_calls(maker, 64) <= 8


# -- symc-chunk-calls: the same kind of function, its kernel calls in chunks --

CHAIN_STEPS = 1800  # ~21 steps (128 ops) per capped kernel: > 64 kernel calls


def _lowered(maker, options):
    pipeline = (f"builtin.module({maker.mode.optimizer_pipeline[len('builtin.module('):-1]},"
                f"symc-lower-to-llvm-pipeline{{threads=1 {options}}})")
    return native.stage_ir(maker.ir, pipeline)


def _chunks(maker, calls):
    # symc-roll-calls off: the chain's calls repeat, and as a loop they are
    # no long run of calls left to chunk.
    return _lowered(maker, f"roll-calls=0 chunk-calls={calls}").count("llvm.func internal @f_chunk")


def test_a_function_of_many_kernel_calls_runs_them_in_chunks_and_matches_numpy():
    x = st.dvector("x")
    y = _chain(x, CHAIN_STEPS)
    f = symc.function([x], y)
    xv = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(f(xv), _numpy_chain_and_grad(xv, CHAIN_STEPS)[0], rtol=1e-9, atol=1e-12)
    maker = FunctionMaker([x], [y])
    assert _chunks(maker, 32) >= 2
    assert _chunks(maker, 0) == 0


# -- symc-roll-calls: repeating kernel calls as loops --

def _kernel_calls(llvm_ir):
    return sum(1 for line in llvm_ir.splitlines() if "llvm.call @f_kernel" in line)


@pytest.mark.parametrize("grad", [False, True], ids=["chain", "gradient"])
def test_repeating_kernel_calls_run_in_a_loop_and_match_numpy(grad):
    # The chain's groups (and, for its gradient, the checkpointing and the
    # backward groups, on slots of the packed buffers) call a few kernels over
    # and over: symc-roll-calls makes each run one loop, so the LLVM IR holds a
    # few kernel calls per run instead of one per group. (The chain's runs
    # end where it allocates the next pair of in-place buffers: a few runs.)
    x = st.dvector("x")
    y = _chain(x, CHAIN_STEPS)
    out = symc.grad(y.sum(), x) if grad else y
    f = symc.function([x], out)
    xv = np.linspace(-2, 2, 9)
    want = _numpy_chain_and_grad(xv, CHAIN_STEPS)[1 if grad else 0]
    np.testing.assert_allclose(f(xv), want, rtol=1e-9, atol=1e-12)
    maker = FunctionMaker([x], [out])
    rolled, unrolled = _kernel_calls(_lowered(maker, "")), _kernel_calls(_lowered(maker, "roll-calls=0"))
    assert unrolled > 60
    assert rolled * 4 <= unrolled
