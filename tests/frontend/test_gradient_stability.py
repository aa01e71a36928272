"""Gradient rules of the stable ops are stable themselves: wherever the
forward value is finite (x = +-1000, logits of +-800), the gradient is
finite and right, in float32 and float64 (NumPy's float64 formulas written
in their stable forms are the oracle)."""

import numpy as np
import pytest

import symc
import symc.tensor as st

from .utils import evaluate

DTYPES = ["float32", "float64"]
EXTREMES = np.array([-1000.0, -800.0, -100.0, -30.0, -1.0, 0.0, 1.0, 30.0, 100.0, 800.0, 1000.0])


def sigmoid(v):
    e = np.exp(-np.abs(v))
    return np.where(v >= 0, 1 / (1 + e), e / (1 + e))


def np_softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# name -> (symbolic f, NumPy f' in a stable form)
UNARY = {
    "sigmoid": (st.sigmoid, lambda v: sigmoid(v) * sigmoid(-v)),
    "softplus": (st.softplus, sigmoid),
    "tanh": (st.tanh, lambda v: 1 / np.cosh(np.clip(v, -300, 300)) ** 2),
    "erf": (st.erf, lambda v: 2 / np.sqrt(np.pi) * np.exp(-np.minimum(v * v, 1e4))),
    "erfc": (st.erfc, lambda v: -2 / np.sqrt(np.pi) * np.exp(-np.minimum(v * v, 1e4))),
    "log_sigmoid": (lambda x: st.log(st.sigmoid(x)), lambda v: sigmoid(-v)),
    "log1m_sigmoid_as_bce": (lambda x: st.nnet.binary_crossentropy(st.sigmoid(x), 0.0), sigmoid),
    "bce_of_sigmoid": (lambda x: st.nnet.binary_crossentropy(st.sigmoid(x), 0.25), lambda v: sigmoid(v) - 0.25),
    "arctan": (st.arctan, lambda v: 1 / (1 + v * v)),
    "arcsinh": (st.arcsinh, lambda v: 1 / np.sqrt(v * v + 1)),
    "expm1": (lambda x: st.expm1(st.minimum(x, 0.0)), lambda v: np.where(v <= 0, np.exp(np.minimum(v, 0)), 0.0)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients_at_extremes(name, dtype):
    fn, derivative = UNARY[name]
    x = st.tensor(dtype, shape=(None,), name="x")
    g = symc.grad(fn(x).sum(), x)
    v = EXTREMES.astype(dtype)
    got = evaluate(g, {x: v})
    assert np.all(np.isfinite(got)), got
    expected = derivative(v.astype(np.float64))
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_arcsinh_gradient_of_a_huge_value_is_not_flushed(dtype):
    x = st.tensor(dtype, shape=(None,), name="x")
    big = np.array([1e30, -1e30], dtype=dtype)
    got = evaluate(symc.grad(st.arcsinh(x).sum(), x), {x: big})
    np.testing.assert_allclose(got, [1e-30, 1e-30], rtol=1e-5)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["sigmoid", "softplus", "tanh", "log_sigmoid", "bce_of_sigmoid"])
def test_second_derivatives_at_extremes(name, dtype):
    fn, _ = UNARY[name]
    x = st.tensor(dtype, shape=(None,), name="x")
    g = symc.grad(fn(x).sum(), x)
    h = symc.grad(g.sum(), x)
    got = evaluate(h, {x: EXTREMES.astype(dtype)})
    assert np.all(np.isfinite(got)), got


LOGITS = np.array([[800.0, -800.0, 0.0, 10.0], [-800.0, 800.0, -800.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
LABELS = np.array([1, 0, 2])


@pytest.mark.parametrize("dtype", DTYPES)
def test_crossentropy_of_softmax_gradient_is_softmax_minus_onehot(dtype):
    x, y = st.tensor(dtype, shape=(None, None), name="x"), st.lvector("y")
    g = symc.grad(st.nnet.categorical_crossentropy(st.nnet.softmax(x), y).sum(), x)
    got = evaluate(g, {x: LOGITS.astype(dtype), y: LABELS})
    expected = np_softmax(LOGITS)
    expected[np.arange(3), LABELS] -= 1
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, atol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_crossentropy_of_softmax_with_probability_targets(dtype):
    x, t = st.tensor(dtype, shape=(None, None), name="x"), st.tensor(dtype, shape=(None, None), name="t")
    cost = st.nnet.categorical_crossentropy(st.nnet.softmax(x), t).sum()
    gx, gt = symc.grad(cost, [x, t])
    tv = np.eye(4)[LABELS] * 0.9 + 0.025
    out = evaluate([gx, gt], {x: LOGITS.astype(dtype), t: tv.astype(dtype)})
    sm = np_softmax(LOGITS)
    assert all(np.all(np.isfinite(o)) for o in out)
    np.testing.assert_allclose(out[0], sm * tv.sum(axis=1, keepdims=True) - tv, atol=1e-5)
    log_sm = LOGITS - LOGITS.max(axis=1, keepdims=True)
    log_sm -= np.log(np.exp(log_sm).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(out[1], -log_sm, rtol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_hessian_vector_product_of_crossentropy_of_softmax_is_finite(dtype):
    x, y = st.tensor(dtype, shape=(None, None), name="x"), st.lvector("y")
    g = symc.grad(st.nnet.categorical_crossentropy(st.nnet.softmax(x), y).sum(), x)
    h = symc.grad((g * g).sum(), x)
    got = evaluate(h, {x: LOGITS.astype(dtype), y: LABELS})
    assert np.all(np.isfinite(got)), got


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("form", ["log_softmax", "log_of_softmax"])
def test_log_softmax_gradient_at_extreme_logits(form, dtype):
    x = st.tensor(dtype, shape=(None, None), name="x")
    out = st.nnet.log_softmax(x) if form == "log_softmax" else st.log(st.nnet.softmax(x))
    w = np.arange(12.0).reshape(3, 4)
    g = symc.grad((out * w).sum(), x)
    got = evaluate(g, {x: LOGITS.astype(dtype)})
    expected = w - np_softmax(LOGITS) * w.sum(axis=1, keepdims=True)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_and_logsumexp_gradients_at_extreme_logits(dtype):
    x = st.tensor(dtype, shape=(None, None), name="x")
    w = np.arange(12.0).reshape(3, 4)
    gs, gl = (symc.grad(c, x) for c in ((st.nnet.softmax(x) * w).sum(), st.logsumexp(x, axis=1).sum()))
    out = evaluate([gs, gl], {x: LOGITS.astype(dtype)})
    sm = np_softmax(LOGITS)
    np.testing.assert_allclose(out[0], sm * (w - (w * sm).sum(axis=1, keepdims=True)), atol=1e-4)
    np.testing.assert_allclose(out[1], sm, atol=1e-6)


def test_naive_crossentropy_of_probabilities_is_not_rescued():
    # Without a softmax to fuse with, -1/p is the true derivative; only the
    # softmax and sigmoid forms have finite gradients where p underflows.
    p, y = st.dmatrix("p"), st.lvector("y")
    g = symc.grad(st.nnet.categorical_crossentropy(p, y).sum(), p)
    got = evaluate(g, {p: np.array([[1e-300, 1.0]]), y: np.array([0])})
    np.testing.assert_allclose(got, [[-1e300, 0.0]])
