"""Reductions with axis None|int|tuple and keepdims, against NumPy."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError

from ..utils import evaluate, rng

AXES = [None, 0, 1, -1, (0, 2), (2, 0), (0, 1, 2), ()]


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "std", "max", "min"])
@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_numpy(name, axis, keepdims):
    x = st.tensor("float64", shape=(None, 3, None))
    v = rng(2).normal(size=(2, 3, 4))
    out = getattr(st, name)(x, axis=axis, keepdims=keepdims)
    expected = getattr(np, name)(v, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(evaluate(out, {x: v}), expected, rtol=1e-10)
    assert out.ndim == np.ndim(expected)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_arg_reductions_match_numpy(name, axis, keepdims):
    x = st.tensor("float32", shape=(None, 3, 4))
    v = rng(3).normal(size=(2, 3, 4)).astype(np.float32)
    out = getattr(st, name)(x, axis=axis, keepdims=keepdims)
    expected = getattr(np, name)(v, axis=axis, keepdims=keepdims)
    got = evaluate(out, {x: v})
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)


def test_argmax_over_several_axes_counts_in_row_major_order():
    x = st.tensor("float64", shape=(2, 3, 4))
    v = rng(4).normal(size=(2, 3, 4))
    got = evaluate(st.argmax(x, axis=(0, 2)), {x: v})
    moved = np.transpose(v, (1, 0, 2)).reshape(3, -1)
    np.testing.assert_array_equal(got, np.argmax(moved, axis=1))
    kept = evaluate(st.argmax(x, axis=(0, 2), keepdims=True), {x: v})
    assert kept.shape == (1, 3, 1)


def test_integer_and_bool_sums_accumulate_in_int64():
    for dtype in ("bool", "int8", "int32", "uint8"):
        x = st.tensor(dtype, shape=(None,))
        assert x.sum().dtype == "int64" and x.prod().dtype == "int64"
        v = np.array([100, 100, 100]).astype(dtype)
        assert evaluate(x.sum(), {x: v}) == v.astype(np.int64).sum()
    assert st.ivector().mean().dtype == "float64"
    assert st.fvector().sum().dtype == "float32"
    assert st.fvector().sum(dtype="float64").dtype == "float64"


def test_all_any_and_bool_max_min():
    b = st.tensor("bool", shape=(None, 2))
    v = np.array([[True, False], [True, True]])
    np.testing.assert_array_equal(evaluate(b.all(axis=0), {b: v}), v.all(axis=0))
    np.testing.assert_array_equal(evaluate(b.any(axis=1), {b: v}), v.any(axis=1))
    np.testing.assert_array_equal(evaluate(b.max(axis=0), {b: v}), v.max(axis=0))
    np.testing.assert_array_equal(evaluate(b.min(axis=1), {b: v}), v.min(axis=1))
    i = st.ivector()
    np.testing.assert_array_equal(evaluate(st.any(i), {i: np.array([0, 0, 3], np.int32)}), True)


def test_logsumexp_is_stable():
    x = st.dmatrix()
    v = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    got = evaluate(st.logsumexp(x, axis=1), {x: v})
    np.testing.assert_allclose(got, [1000.0, np.log(np.exp(1) + np.exp(2) + np.exp(3))])


def test_var_with_ddof():
    x = st.dmatrix()
    v = rng(5).normal(size=(4, 5))
    np.testing.assert_allclose(evaluate(st.var(x, axis=0, ddof=1), {x: v}), np.var(v, axis=0, ddof=1))
    s = st.tensor("float64", shape=(4, 5))
    np.testing.assert_allclose(evaluate(st.std(s, ddof=1), {s: v}), np.std(v, ddof=1))


def test_bad_axes_are_build_time_errors():
    x = st.dmatrix("x")
    with pytest.raises(SymcTypeError, match="out of range"):
        x.sum(axis=2)
    with pytest.raises(SymcTypeError, match="repeated"):
        x.sum(axis=(0, -2))
    with pytest.raises(SymcTypeError):
        x.sum(axis=1.0)


def test_empty_reductions():
    x = st.dvector()
    v = np.zeros(0)
    assert evaluate(x.sum(), {x: v}) == 0.0
    assert evaluate(x.prod(), {x: v}) == 1.0
    with pytest.raises(ValueError):
        evaluate(x.max(), {x: v})
