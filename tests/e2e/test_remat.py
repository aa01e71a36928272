"""symc-group-elementwise's rematerialization end to end: the gradient of a
deep elementwise chain recomputes the forward values its backward groups
need from a few saved ones, instead of saving two per step, and computes
what NumPy computes (several chains, dtypes and shapes, and with the
recomputation off). The lit test (tests/lit/passes/group-elementwise-remat.mlir)
covers which values the pass recomputes; here the whole pipeline and the
runtime run it."""

import re

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.compile import native  # noqa: E402
from symc.compile.function import FunctionMaker  # noqa: E402

STEPS = 300  # ~10 capped groups each way: far above remat-min-inputs


# Each chain: one step in symc, the same step and its derivative in NumPy.
CHAINS = {
    # B4's step.
    "tanh_sin": (lambda y: st.tanh(y) * 1.01 + st.sin(y),
                 lambda y: np.tanh(y) * 1.01 + np.sin(y),
                 lambda y: 1.01 * (1 - np.tanh(y) ** 2) + np.cos(y)),
    # A step whose backward reads y itself and exp(-y*y) (sqr, neg, exp).
    "gauss": (lambda y: y * 0.5 + st.exp(-(y * y)) * 0.3,
              lambda y: y * 0.5 + np.exp(-(y * y)) * 0.3,
              lambda y: 0.5 - 0.6 * y * np.exp(-(y * y))),
    # A small-increment chain (test_pack_buffers' step): y stays O(1).
    "residual": (lambda y: y + st.tanh(y) * 0.01 + st.sin(y) * 0.01,
                 lambda y: y + np.tanh(y) * 0.01 + np.sin(y) * 0.01,
                 lambda y: 1 + 0.01 * (1 - np.tanh(y) ** 2) + 0.01 * np.cos(y)),
}


def _numpy_chain_and_grad(chain, xv, steps):
    _, step, dstep = CHAINS[chain]
    y, dy = xv.copy(), np.ones_like(xv)
    for _ in range(steps):
        dy = dstep(y) * dy
        y = step(y)
    return y, dy


def _graph(chain, x, steps):
    step = CHAINS[chain][0]
    y = x
    for _ in range(steps):
        y = step(y)
    return y


def _pipeline(maker, lowering_options):
    return (f"builtin.module({maker.mode.optimizer_pipeline[len('builtin.module('):-1]},"
            f"symc-lower-to-llvm-pipeline{{threads=1 {lowering_options}}})")


# float32 only for the chain whose derivative stays O(1) over 300 steps
# (the others' reach 1e-180 or 1e90). Compared relatively: atol would hide
# the tiny ones.
@pytest.mark.parametrize("chain,dtype,shape", [
    ("tanh_sin", "float64", (64,)), ("gauss", "float64", (7,)),
    ("residual", "float64", (2, 9)), ("residual", "float32", (3, 5))])
def test_gradient_of_a_deep_chain_matches_numpy(chain, dtype, shape):
    x = st.tensor(dtype, shape=(None,) * len(shape), name="x")
    y = _graph(chain, x, STEPS)
    g = symc.grad(y.sum(), x)
    f = symc.function([x], g)
    xv = np.linspace(-1.5, 1.5, int(np.prod(shape))).reshape(shape).astype(dtype)
    want = _numpy_chain_and_grad(chain, xv.astype("float64"), STEPS)[1]
    rtol = 1e-8 if dtype == "float64" else 1e-3
    np.testing.assert_allclose(f(xv), want, rtol=rtol, atol=0)
    # Called again with other values: nothing recomputed from stale data.
    want2 = _numpy_chain_and_grad(chain, xv.astype("float64") * 0.5, STEPS)[1]
    np.testing.assert_allclose(f(xv * 0.5), want2, rtol=rtol, atol=0)


def test_chain_and_gradient_together_match_numpy():
    # The chain's value is a result too: the forward groups export their
    # last value besides the checkpoints the backward groups read.
    x = st.dvector("x")
    y = _graph("tanh_sin", x, STEPS)
    f = symc.function([x], [y, symc.grad(y.sum(), x)])
    xv = np.linspace(-2.0, 2.0, 33)
    got_y, got_g = f(xv)
    want_y, want_g = _numpy_chain_and_grad("tanh_sin", xv, STEPS)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_g, want_g, rtol=1e-8, atol=0)


@pytest.mark.parametrize("remat", [0, 128])
def test_recomputation_on_and_off_give_the_same_gradient(remat):
    x = st.dvector("x")
    y = _graph("tanh_sin", x, STEPS)
    maker = FunctionMaker([x], [symc.grad(y.sum(), x)])
    exe = native.compile(maker.ir, "f", pipeline=_pipeline(maker, f"remat={remat}"))
    xv = np.linspace(-2.0, 2.0, 64)
    np.testing.assert_allclose(exe(xv)[0], _numpy_chain_and_grad("tanh_sin", xv, STEPS)[1],
                               rtol=1e-8, atol=0)


def test_recomputation_saves_few_values():
    # Without packing, every saved forward value is an allocation: about two
    # per step without recomputation, a few per group of ~20 steps with it.
    x = st.dvector("x")
    y = _graph("tanh_sin", x, STEPS)
    maker = FunctionMaker([x], [symc.grad(y.sum(), x)])

    def allocations(remat):
        ir = native.stage_ir(maker.ir, _pipeline(maker, f"pack-buffers=0 remat={remat}"))
        return ir.count("llvm.call @_mlir_memref_to_llvm_alloc(")

    off, on = allocations(0), allocations(128)
    assert off >= STEPS, off
    assert on <= STEPS // 10, on


# Step counts whose backward groups meet the forward groups at different
# phases (the backward run starts at step N - 1): the periodic cuts of
# symc-group-elementwise give every interior backward group the same steps.
@pytest.mark.parametrize("steps", [257, 300, 333])
def test_periodic_cuts_give_the_numpy_gradient(steps):
    x = st.dvector("x")
    y = _graph("tanh_sin", x, steps)
    f = symc.function([x], symc.grad(y.sum(), x))
    xv = np.linspace(-2.0, 2.0, 17)
    np.testing.assert_allclose(f(xv), _numpy_chain_and_grad("tanh_sin", xv, steps)[1], rtol=1e-8, atol=0)


def _distinct_kernels(maker):
    ir = native.stage_ir(maker.ir, _pipeline(maker, ""))
    return len(re.findall(r"llvm\.func internal @\w*kernel", ir))


def test_periodic_gradient_groups_share_kernels():
    # The forward groups hold 32 steps, the backward ones 16 (whole steps,
    # a power of two each): all interior groups of each kind are one
    # kernel, whatever the chain's length (the ends add a few). Cut by
    # max-ops alone, the backward groups drift against the steps: 27 and 43
    # kernels at 600 and 1200 steps, 44 at 5000 (with 7-op backward steps).
    # One interior variant more is possible: at 600 steps symc-inplace
    # writes every other backward group into its checkpoint instead of the
    # running gradient (the other checkpoint is read twice, so not dead),
    # and the two destinations are two kernels.
    counts = []
    for steps in (600, 1200):
        x = st.dvector("x")
        y = _graph("tanh_sin", x, steps)
        counts.append(_distinct_kernels(FunctionMaker([x], [symc.grad(y.sum(), x)])))
    assert max(counts) <= 7, counts
