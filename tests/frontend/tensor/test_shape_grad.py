"""Gradients of the shape ops: dimshuffle/transpose, reshape/flatten,
squeeze/expand_dims, concatenate/stack, broadcast_to/alloc/fill, arange."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import verify_grad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]


def point(shape, dtype="float64", seed=0):
    return rng(seed).normal(size=shape).astype(dtype)


def weights(shape, dtype="float64"):
    """Distinct weights, so that a gradient routed to the wrong element shows."""
    return st.constant(np.arange(1, 1 + int(np.prod(shape)), dtype=dtype).reshape(shape))


@pytest.mark.parametrize("dtype", DTYPES)
def test_dimshuffle_and_transpose(dtype):
    verify_grad(lambda x: x.dimshuffle(2, "x", 0, 1) * weights((4, 1, 2, 3), dtype), [point((2, 3, 4), dtype)], rng=0)
    verify_grad(lambda x: x.dimshuffle(1, 0) * weights((3, 1), dtype), [point((1, 3), dtype)], rng=0)
    verify_grad(lambda x: st.transpose(x, (1, 2, 0)) * weights((3, 4, 2), dtype), [point((2, 3, 4), dtype)], rng=0)
    verify_grad(lambda x: x.T * weights((3, 2), dtype), [point((2, 3), dtype)], rng=0)


def test_dimshuffle_dropping_a_broadcastable_dimension():
    verify_grad(lambda x: x.dimshuffle(0, 2) * weights((2, 4)), [point((2, 1, 4))], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_reshape_and_flatten(dtype):
    verify_grad(lambda x: x.reshape((4, 6)) * weights((4, 6), dtype), [point((2, 3, 4), dtype)], rng=0)
    verify_grad(lambda x: x.reshape((x.shape[0], -1)) * weights((2, 12), dtype), [point((2, 3, 4), dtype)], rng=0)
    verify_grad(lambda x: st.flatten(x) * weights((24,), dtype), [point((2, 3, 4), dtype)], rng=0)
    verify_grad(lambda x: st.flatten(x, 2) * weights((2, 12), dtype), [point((2, 3, 4), dtype)], rng=0)


def test_squeeze_and_expand_dims():
    verify_grad(lambda x: st.squeeze(x) * weights((3,)), [point((1, 3, 1))], rng=0)
    verify_grad(lambda x: st.squeeze(x, axis=1) * weights((2,)), [point((2, 1))], rng=0)
    verify_grad(lambda x: st.expand_dims(x, (0, 2)) * weights((1, 3, 1)), [point((3,))], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_concatenate(dtype):
    verify_grad(lambda a, b: st.concatenate([a, b, a], axis=0) * weights((5, 3), dtype),
                [point((2, 3), dtype), point((1, 3), dtype, 1)], rng=0)
    verify_grad(lambda a, b: st.concatenate([a, b], axis=1) * weights((2, 7), dtype),
                [point((2, 3), dtype), point((2, 4), dtype, 1)], rng=0)


def test_concatenate_with_dynamic_sizes():
    a, b = st.dmatrix("a"), st.dmatrix("b")
    cost = (st.concatenate([a, b, a], axis=0) * np.arange(15.0).reshape(5, 3)).sum()
    ga, gb = symc.grad(cost, [a, b])
    out = evaluate([ga, gb], {a: point((2, 3)), b: point((1, 3), seed=1)})
    w = np.arange(15.0).reshape(5, 3)
    np.testing.assert_allclose(out[0], w[:2] + w[3:])
    np.testing.assert_allclose(out[1], w[2:3])


def test_stack():
    verify_grad(lambda a, b: st.stack([a, b], axis=1) * weights((3, 2)), [point((3,)), point((3,), seed=1)], rng=0)
    verify_grad(lambda a, b: st.stack([a, b * 2]) ** 2, [point((2, 3)), point((2, 3), seed=1)], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_broadcast_to_and_alloc(dtype):
    verify_grad(lambda x: st.broadcast_to(x, (4, 3)) * weights((4, 3), dtype), [point((1, 3), dtype)], rng=0)
    verify_grad(lambda x: st.broadcast_to(x, (2, 4, 3)) * weights((2, 4, 3), dtype), [point((3,), dtype)], rng=0)
    verify_grad(lambda x: st.alloc(x, 2, 3) * weights((2, 3), dtype), [point((), dtype)], rng=0)
    verify_grad(lambda m, v: st.fill(m, v) * weights((2, 3), dtype), [point((2, 3), dtype), point((), dtype)], rng=0)


def test_zeros_like_does_not_depend_on_the_values():
    x = st.dvector("x")
    g = symc.grad((st.zeros_like(x) + x * 2).sum(), x)
    np.testing.assert_allclose(evaluate(g, {x: point((3,))}), np.full(3, 2.0))


def test_arange_with_float_bounds():
    # out = start + i * step: d/dstart = n, d/dstep = sum(i); stop only sets the length.
    verify_grad(lambda a, s: st.arange(a, 2.0, s) * weights((5,)), [np.array(0.1), np.array(0.45)], rng=0)
    x = st.dvector("x")
    start, stop = x[0], x[1]
    g = symc.grad(st.arange(start, stop, 0.5).sum(), x)
    np.testing.assert_allclose(evaluate(g, {x: np.array([0.0, 2.2])}), [5.0, 0.0])


def test_shape_ops_second_derivative():
    verify_grad(lambda x: symc.grad((st.concatenate([x, x ** 2]).reshape((2, -1)) ** 3).sum(), x),
                [point((4,))], rng=0)
