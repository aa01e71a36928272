"""Gradients of the neural-network ops: softmax, log_softmax, the
crossentropies (with the fused softmax and sigmoid forms), conv2d in every
border mode, pooling in every mode; the backward Ops' reference
implementations checked as exact adjoints of the forward ones; second
derivatives."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.errors import SymcError
from symc.gradient import verify_grad
from symc.tensor.nnet_grad import Conv2DGradFilters, Conv2DGradInput, CrossentropySoftmaxGrad, Pool2DGrad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]


def point(shape, dtype="float64", seed=0, low=-2.0, high=2.0):
    return rng(seed).uniform(low, high, size=shape).astype(dtype)


def np_softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------------------
# softmax family and crossentropies
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_and_log_softmax(axis, dtype):
    verify_grad(lambda x: st.nnet.softmax(x, axis=axis), [point((3, 4), dtype)], rng=0)
    verify_grad(lambda x: st.nnet.log_softmax(x, axis=axis), [point((3, 4), dtype)], rng=0)
    verify_grad(lambda x: st.nnet.softmax(x, axis=axis), [point((1, 4), dtype)], rng=0)


def test_softmax_of_a_3d_tensor():
    verify_grad(lambda x: st.nnet.softmax(x, axis=1), [point((2, 3, 2))], rng=0)


LABELS = np.array([0, 3, 1])


@pytest.mark.parametrize("dtype", DTYPES)
def test_crossentropy_of_probabilities(dtype):
    p = point((3, 4), dtype, low=0.1, high=1.0)
    t = point((3, 4), dtype, seed=1, low=0.0, high=1.0)
    verify_grad(lambda p: st.nnet.categorical_crossentropy(p, LABELS), [p], rng=0)
    verify_grad(lambda p, t: st.nnet.categorical_crossentropy(p, t), [p, t], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_crossentropy_of_a_softmax(dtype):
    x = point((3, 4), dtype)
    t = np_softmax(point((3, 4), "float64", seed=1)).astype(dtype)
    verify_grad(lambda x: st.nnet.categorical_crossentropy(st.nnet.softmax(x), LABELS), [x], rng=0)
    verify_grad(lambda x, t: st.nnet.categorical_crossentropy(st.nnet.softmax(x), t), [x, t], rng=0)
    # Targets whose rows do not sum to 1.
    verify_grad(lambda x, t: st.nnet.categorical_crossentropy(st.nnet.softmax(x), t), [x, t * 1.7], rng=0)


def test_crossentropy_of_a_softmax_uses_the_fused_gradient_op():
    x, y = st.dmatrix("x"), st.lvector("y")
    g = symc.grad(st.nnet.categorical_crossentropy(st.nnet.softmax(x), y).sum(), x)
    assert isinstance(g.owner.op, CrossentropySoftmaxGrad)
    vx = point((3, 4))
    expected = np_softmax(vx)
    expected[np.arange(3), LABELS] -= 1
    np.testing.assert_allclose(evaluate(g, {x: vx, y: LABELS}), expected, rtol=1e-12)


def test_the_fused_rule_respects_what_must_observe_the_softmax():
    x, y = st.dmatrix("x"), st.lvector("y")
    p = st.nnet.softmax(x)
    cost = st.nnet.categorical_crossentropy(p, y).sum()
    vx = point((3, 4))
    # The softmax itself is asked for: it gets -1/p at the labels.
    gp, gx = symc.grad(cost, [p, x])
    out = evaluate([gp, gx], {x: vx, y: LABELS})
    expected_p = np.zeros((3, 4))
    expected_p[np.arange(3), LABELS] = -1 / np_softmax(vx)[np.arange(3), LABELS]
    np.testing.assert_allclose(out[0], expected_p, rtol=1e-12)
    expected_x = np_softmax(vx)
    expected_x[np.arange(3), LABELS] -= 1
    np.testing.assert_allclose(out[1], expected_x, rtol=1e-12)
    # The softmax is a constant: x is disconnected.
    with pytest.raises(symc.gradient.DisconnectedInputError):
        symc.grad(cost, x, consider_constant=[p])
    # Its gradient is given: only that reaches x.
    gx2 = symc.grad(cost, x, known_grads={p: np.ones((3, 4))})
    np.testing.assert_allclose(evaluate(gx2, {x: vx, y: LABELS}), np.zeros((3, 4)), atol=1e-15)


def test_crossentropy_of_a_softmax_along_axis_0_is_still_exact():
    verify_grad(lambda x: st.nnet.categorical_crossentropy(st.nnet.softmax(x, axis=0), LABELS), [point((3, 4))],
                rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_crossentropy_of_a_sigmoid(dtype):
    verify_grad(lambda x, t: st.nnet.binary_crossentropy(st.sigmoid(x), t),
                [point((2, 3), dtype), point((1, 3), dtype, 1, 0.0, 1.0)], rng=0)
    verify_grad(lambda x, t: st.nnet.binary_crossentropy(st.sigmoid(x), t),
                [point((2, 1), dtype), point((2, 3), dtype, 1, 0.0, 1.0)], rng=0)


def test_log_of_softmax_and_sigmoid():
    verify_grad(lambda x: st.log(st.nnet.softmax(x)), [point((3, 4))], rng=0)
    verify_grad(lambda x: st.log(st.nnet.softmax(x, axis=0)), [point((3, 4))], rng=0)
    verify_grad(lambda x: st.log(st.sigmoid(x)), [point((5,))], rng=0)


def test_second_derivatives_of_the_softmax_family():
    def both(x):
        return symc.grad(st.nnet.categorical_crossentropy(st.nnet.softmax(x), LABELS).sum(), x)

    verify_grad(both, [point((3, 4))], rng=0)
    verify_grad(lambda x: symc.grad((st.nnet.log_softmax(x) * np.arange(12.0).reshape(3, 4)).sum(), x),
                [point((3, 4))], rng=0)
    verify_grad(lambda x: symc.grad(st.nnet.binary_crossentropy(st.sigmoid(x), 0.3).sum(), x), [point((4,))], rng=0)


def test_crossentropy_softmax_grad_op_gradients():
    verify_grad(lambda dl, x: CrossentropySoftmaxGrad()(dl, x, st.constant(LABELS)), [point((3,)), point((3, 4))],
                rng=0)
    t = np_softmax(point((3, 4), seed=2))
    verify_grad(lambda dl, x, t: CrossentropySoftmaxGrad()(dl, x, t), [point((3,)), point((3, 4)), t], rng=0)


def test_crossentropy_softmax_grad_reference():
    x, dl = point((3, 4)), point((3,), seed=1)
    got = CrossentropySoftmaxGrad().perform(None, [dl, x, LABELS])[0]
    expected = np_softmax(x)
    expected[np.arange(3), LABELS] -= 1
    np.testing.assert_allclose(got, expected * dl[:, None], rtol=1e-12)
    with pytest.raises(ValueError, match="out of range"):
        CrossentropySoftmaxGrad().perform(None, [dl, x, np.array([0, 4, 1])])


def test_crossentropy_softmax_grad_types():
    with pytest.raises(symc.SymcTypeError, match="labels must be int64"):
        CrossentropySoftmaxGrad()(st.dvector(), st.dmatrix(), st.ivector())
    with pytest.raises(symc.SymcTypeError, match="grad_loss must be a float64 vector"):
        CrossentropySoftmaxGrad()(st.fvector(), st.dmatrix(), st.lvector())


# ---------------------------------------------------------------------------
# conv2d
# ---------------------------------------------------------------------------

CONV = [
    # (input shape, filter shape, keyword arguments)
    ((2, 3, 5, 5), (2, 3, 3, 2), {}),
    ((1, 2, 5, 4), (3, 2, 2, 2), {"border_mode": "full", "subsample": (2, 1)}),
    ((1, 2, 6, 5), (2, 2, 3, 3), {"border_mode": "half", "filter_flip": False, "filter_dilation": (2, 1)}),
    ((2, 1, 6, 6), (1, 1, 3, 3), {"border_mode": (1, 2), "subsample": (2, 2)}),
    ((1, 2, 7, 5), (2, 2, 2, 3), {"subsample": (3, 2)}),  # strides that leave rows unused
    ((1, 1, 4, 4), (1, 1, 4, 4), {}),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("xs,ws,kw", CONV, ids=lambda v: str(v))
def test_conv2d(xs, ws, kw, dtype):
    verify_grad(lambda x, w: st.nnet.conv2d(x, w, **kw), [point(xs, dtype), point(ws, dtype, 1)], rng=0)


@pytest.mark.parametrize("xs,ws,kw", CONV[:4], ids=lambda v: str(v))
def test_conv2d_backward_ops_are_the_adjoints(xs, ws, kw):
    x, w = st.dtensor4("x"), st.dtensor4("w")
    y = st.nnet.conv2d(x, w, **kw)
    conv = y.owner.op
    vx, vw = point(xs), point(ws, seed=1)
    vy = evaluate(y, {x: vx, w: vw})
    dy = point(vy.shape, seed=2)
    gi = Conv2DGradInput.like(conv).perform(None, [dy, vw, np.array(xs)])[0]
    gf = Conv2DGradFilters.like(conv).perform(None, [vx, dy, np.array(ws)])[0]
    # <conv(x, w), dy> = <x, conv_grad_input(dy, w)> = <w, conv_grad_filters(x, dy)>
    np.testing.assert_allclose((vy * dy).sum(), (vx * gi).sum(), rtol=1e-12)
    np.testing.assert_allclose((vy * dy).sum(), (vw * gf).sum(), rtol=1e-12)


def test_conv2d_backward_ops_check_shapes():
    with pytest.raises(symc.SymcTypeError, match="channels of grad_output vs filters"):
        Conv2DGradInput()(st.tensor("float64", shape=(None, 3, None, None)),
                          st.tensor("float64", shape=(2, 1, 3, 3)), st.constant(np.array([1, 1, 5, 5])))
    with pytest.raises(ValueError, match="spatial shape"):
        Conv2DGradInput().perform(None, [np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3)), np.array([1, 1, 5, 5])])


def test_conv2d_gradient_static_shapes():
    x = st.tensor("float32", shape=(None, 3, 8, 8))
    w = st.tensor("float32", shape=(4, 3, 3, 3))
    gx, gw = symc.grad(st.nnet.conv2d(x, w).sum(), [x, w])
    assert gx.type.shape == (None, 3, 8, 8) and gw.type.shape == (4, 3, 3, 3)


@pytest.mark.parametrize("xs,ws,kw", CONV[:4], ids=lambda v: str(v))
def test_conv2d_second_derivatives(xs, ws, kw):
    def grads(x, w):
        gx, gw = symc.grad((st.nnet.conv2d(x, w, **kw) ** 2).sum(), [x, w])
        return st.concatenate([gx.flatten(), gw.flatten()])

    verify_grad(grads, [point(xs), point(ws, seed=1)], rng=0, n_tests=1)


# ---------------------------------------------------------------------------
# pooling
# ---------------------------------------------------------------------------

POOL = [
    ((2, 1, 4, 5), {"ws": (2, 2)}),
    ((2, 1, 5, 5), {"ws": (2, 2), "ignore_border": False}),
    ((1, 2, 5, 6), {"ws": (3, 2), "stride": (1, 2)}),
    ((1, 1, 5, 5), {"ws": (3, 3), "stride": (2, 2), "pad": (1, 1)}),
    ((3, 4, 4), {"ws": (2, 3), "ignore_border": False, "stride": (2, 2)}),
    ((4, 6), {"ws": (2, 2), "stride": (1, 1)}),
]
MODES = ["max", "sum", "average_inc_pad", "average_exc_pad"]


def _distinct(shape, dtype):
    """Values with distinct elements far apart (no ties in max pooling)."""
    v = rng(3).permutation(int(np.prod(shape))).reshape(shape) * 0.37 - 2.0
    return v.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape,kw", POOL, ids=lambda v: str(v))
def test_pool2d(shape, kw, mode, dtype):
    verify_grad(lambda x: st.nnet.pool_2d(x, mode=mode, **kw), [_distinct(shape, dtype)], rng=0)


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = st.dtensor4("x")
    g = symc.grad(st.nnet.max_pool_2d(x, (2, 2)).sum(), x)
    v = np.array([[[[1.0, 3.0], [3.0, 0.0]]]])
    np.testing.assert_array_equal(evaluate(g, {x: v}), [[[[0, 1], [0, 0]]]])


@pytest.mark.parametrize("mode", ["sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize("shape,kw", POOL[:4], ids=lambda v: str(v))
def test_pool2d_grad_is_the_adjoint_for_linear_modes(shape, kw, mode):
    x = st.dtensor4("x")
    y = st.nnet.pool_2d(x, mode=mode, **kw)
    vx = _distinct(shape, "float64")
    vy = evaluate(y, {x: vx})
    dy = point(vy.shape, seed=2)
    gx = Pool2DGrad.like(y.owner.op).perform(None, [vx, dy])[0]
    np.testing.assert_allclose((vy * dy).sum(), (vx * gx).sum(), rtol=1e-12)


@pytest.mark.parametrize("shape,kw", POOL[:4], ids=lambda v: str(v))
def test_max_pool_grad_reference_against_perturbations(shape, kw):
    x = st.dtensor4("x")
    y = st.nnet.pool_2d(x, mode="max", **kw)
    vx = _distinct(shape, "float64")
    vy = evaluate(y, {x: vx})
    dy = point(vy.shape, seed=2)
    got = Pool2DGrad.like(y.owner.op).perform(None, [vx, dy])[0]
    # Without ties, raising an element moves exactly the outputs whose
    # window's maximum it is.
    expected = np.zeros_like(vx)
    for idx in np.ndindex(*vx.shape):
        bumped = vx.copy()
        bumped[idx] += 1e-3
        expected[idx] = ((evaluate(y, {x: bumped}) - vy) * dy).sum() / 1e-3
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("mode", MODES)
def test_pool2d_second_derivatives(mode):
    kw = {"ws": (2, 2)} if mode == "max" else {"ws": (3, 2), "stride": (1, 2), "ignore_border": False}
    verify_grad(lambda x: symc.grad((st.nnet.pool_2d(x, mode=mode, **kw) ** 2).sum(), x),
                [_distinct((1, 1, 4, 4), "float64")], rng=0)


def test_second_derivative_of_max_pool_with_overlapping_windows_is_a_clear_error():
    x = st.dtensor4("x")
    g = symc.grad((st.nnet.pool_2d(x, (2, 2), stride=(1, 1)) ** 2).sum(), x)
    with pytest.raises(SymcError, match="overlapping windows"):
        symc.grad((g ** 2).sum(), x)


def test_pool2d_grad_checks_shapes():
    with pytest.raises(symc.SymcTypeError, match="grad_output has size 3"):
        Pool2DGrad("max", (2, 2), (2, 2), (0, 0), True)(st.tensor("float64", shape=(1, 4, 4)),
                                                         st.tensor("float64", shape=(1, 3, 2)))
