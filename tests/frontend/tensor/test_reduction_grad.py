"""Gradients of the reductions: sum, prod (with zeros), mean, var, std,
max/min (Theano's semantics: every maximal position gets the gradient) and
logsumexp, over axes, keepdims and both float dtypes."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import verify_grad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]
AXES = [None, 0, 1, (0, 2), -1]


def point(dtype, shape=(2, 3, 4), seed=0, low=-2, high=2):
    return rng(seed).uniform(low, high, size=shape).astype(dtype)


REDUCTIONS = {
    "sum": lambda x, axis, keepdims: x.sum(axis=axis, keepdims=keepdims),
    "mean": lambda x, axis, keepdims: x.mean(axis=axis, keepdims=keepdims),
    "prod": lambda x, axis, keepdims: x.prod(axis=axis, keepdims=keepdims),
    "var": lambda x, axis, keepdims: x.var(axis=axis, keepdims=keepdims),
    "var_ddof": lambda x, axis, keepdims: x.var(axis=axis, keepdims=keepdims, ddof=1),
    "std": lambda x, axis, keepdims: x.std(axis=axis, keepdims=keepdims),
    "max": lambda x, axis, keepdims: x.max(axis=axis, keepdims=keepdims),
    "min": lambda x, axis, keepdims: x.min(axis=axis, keepdims=keepdims),
    "logsumexp": lambda x, axis, keepdims: st.logsumexp(x, axis=axis, keepdims=keepdims),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction(name, axis, keepdims, dtype):
    fn = REDUCTIONS[name]
    low = 0.5 if name == "prod" else -2  # products of many values near 0 are tiny
    verify_grad(lambda x: fn(x, axis, keepdims), [point(dtype, low=low)], rng=0)


# (var with ddof=1 over a single element divides by zero.)
@pytest.mark.parametrize("name", sorted(set(REDUCTIONS) - {"var_ddof"}))
def test_reduction_over_size_one_and_broadcastable_dimensions(name):
    fn = REDUCTIONS[name]
    low = 0.5 if name == "prod" else -2
    verify_grad(lambda x: fn(x, 1, False), [point("float64", (3, 1, 2), low=low)], rng=0)
    verify_grad(lambda x: fn(x, None, True), [point("float64", (1, 1), low=low)], rng=0)


def test_prod_with_one_zero_gives_the_product_of_the_others():
    x = st.dmatrix("x")
    g = symc.grad(x.prod(axis=1).sum(), x)
    v = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.0, 2.0, 4.0]])
    expected = np.array([[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]])
    np.testing.assert_allclose(evaluate(g, {x: v}), expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_prod_with_zeros_by_finite_differences(dtype):
    v = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.0, -2.0, 4.0]], dtype=dtype)
    verify_grad(lambda x: x.prod(axis=1), [v], rng=0)
    verify_grad(lambda x: x.prod(axis=0), [v], rng=0)


def test_max_gradient_goes_to_every_maximal_position():
    x = st.dmatrix("x")
    g = symc.grad(x.max(axis=1).sum(), x)
    v = np.array([[1.0, 3.0, 3.0], [4.0, 0.0, -1.0]])
    np.testing.assert_array_equal(evaluate(g, {x: v}), [[0, 1, 1], [1, 0, 0]])
    gmin = symc.grad(x.min().sum(), x)
    np.testing.assert_array_equal(evaluate(gmin, {x: v}), [[0, 0, 0], [0, 0, 1]])


def test_argmax_is_connected_with_a_zero_gradient():
    x = st.dmatrix("x")
    g = symc.grad(st.cast(x.argmax(axis=1), "float64").sum() + x.max(), x)
    v = np.array([[1.0, 3.0], [4.0, 0.0]])
    np.testing.assert_array_equal(evaluate(g, {x: v}), [[0, 0], [1, 0]])


def test_integer_sum_of_a_float_is_disconnected_only_through_the_cast():
    x = st.dvector("x")
    g = symc.grad(st.cast(x.astype("int64").sum(), "float64") + x.sum(), x)
    np.testing.assert_array_equal(evaluate(g, {x: np.array([1.5, 2.5])}), [1.0, 1.0])


def test_logsumexp_gradient_is_softmax_and_finite_at_extremes():
    x = st.dvector("x")
    g = symc.grad(st.logsumexp(x), x)
    v = np.array([1000.0, -1000.0, 999.0])
    got = evaluate(g, {x: v})
    e = np.exp(v - v.max())
    np.testing.assert_allclose(got, e / e.sum())


def test_mean_of_a_dynamic_size_divides_by_the_run_time_count():
    x = st.dmatrix("x")
    g = symc.grad(x.mean(axis=0).sum(), x)
    np.testing.assert_allclose(evaluate(g, {x: np.ones((5, 2))}), np.full((5, 2), 0.2))


@pytest.mark.parametrize("name", ["sum", "mean", "prod", "var", "std", "logsumexp", "max"])
def test_second_derivative(name):
    fn = REDUCTIONS[name]
    low = 0.5 if name == "prod" else -2
    verify_grad(lambda x: symc.grad(fn(x, 1, False).sum(), x), [point("float64", (2, 3), seed=3, low=low)], rng=0)
