"""Gradients of the products: dot for every rank combination, matmul with
batch broadcasting, batched_dot, outer, tensordot; second derivatives."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import hessian, verify_grad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]


def point(shape, dtype="float64", seed=0):
    return rng(seed).normal(size=shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 2)), ((3, 4), (4,)), ((4,), (4, 2)), ((4,), (4,)), ((1, 4), (4, 1)),
                                   ((3, 1), (1, 2)), ((), (3,))], ids=str)
def test_dot(sa, sb, dtype):
    verify_grad(st.dot, [point(sa, dtype), point(sb, dtype, 1)], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("sa,sb", [((2, 3, 4), (4, 2)), ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
                                   ((1, 3, 4), (2, 4, 2)), ((4,), (2, 4, 3)), ((2, 3, 4), (4,))], ids=str)
def test_matmul_with_batch_broadcasting(sa, sb, dtype):
    verify_grad(st.matmul, [point(sa, dtype), point(sb, dtype, 1)], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("sa,sb", [((2, 3, 4), (2, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((2, 3, 4), (1, 4, 5)),
                                   ((2, 3), (2, 3, 4)), ((2, 3, 4, 2), (2, 2, 3))], ids=str)
def test_batched_dot(sa, sb, dtype):
    verify_grad(st.batched_dot, [point(sa, dtype), point(sb, dtype, 1)], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_outer(dtype):
    verify_grad(st.outer, [point((3,), dtype), point((2,), dtype, 1)], rng=0)
    verify_grad(st.outer, [point((2, 2), dtype), point((1,), dtype, 1)], rng=0)


@pytest.mark.parametrize("axes,b_shape", [(2, (3, 4, 2)), (1, (4, 2)), (0, (2,)), ([[0, 2], [2, 0]], (4, 5, 2)),
                                          ([[1], [0]], (3, 2))], ids=str)
def test_tensordot(axes, b_shape):
    verify_grad(lambda a, b: st.tensordot(a, b, axes), [point((2, 3, 4)), point(b_shape, seed=1)], rng=0)


def test_transpose_product():
    verify_grad(lambda a: st.dot(a, a.T), [point((3, 2))], rng=0)
    verify_grad(lambda a: a.T @ a, [point((3, 2), "float32")], rng=0)


def test_dot_gradient_formula():
    a, b = st.dmatrix("a"), st.dmatrix("b")
    ga, gb = symc.grad(st.dot(a, b).sum(), [a, b])
    va, vb = point((3, 4)), point((4, 2), seed=1)
    out = evaluate([ga, gb], {a: va, b: vb})
    np.testing.assert_allclose(out[0], np.ones((3, 2)) @ vb.T)
    np.testing.assert_allclose(out[1], va.T @ np.ones((3, 2)))


def test_second_derivatives_of_dot():
    # Hessian-vector products through the transposed products.
    verify_grad(lambda a: symc.grad((st.tanh(st.dot(a, a.T)) ** 2).sum(), a), [point((3, 2))], rng=0)
    verify_grad(lambda a, b: symc.grad(st.dot(st.dot(a, b), b).sum() ** 2, [a, b])[1],
                [point((2, 3)), point((3, 3), seed=1)], rng=0)


def test_hessian_of_a_least_squares_cost():
    w = st.tensor("float64", shape=(3,), name="w")
    x = point((5, 3))
    y = point((5,), seed=1)
    cost = ((st.dot(st.constant(x), w) - y) ** 2).sum()
    h = hessian(cost, w)
    np.testing.assert_allclose(evaluate(h, {w: point((3,), seed=2)}), 2 * x.T @ x, rtol=1e-12)


def test_hessian_of_a_bilinear_form():
    a = st.tensor("float64", shape=(2,), name="a")
    b = st.tensor("float64", shape=(2,), name="b")
    m = point((2, 2))
    ha, hb = hessian(st.dot(a, st.dot(st.constant(m), b)), [a, b])
    out = evaluate([ha, hb], {a: point((2,), seed=1), b: point((2,), seed=2)})
    np.testing.assert_array_equal(out[0], np.zeros((2, 2)))
    np.testing.assert_array_equal(out[1], np.zeros((2, 2)))
