"""Gradients of indexing: basic slicing (negative steps, integers, symbolic
bounds), integer-array indexing (repeated indices accumulate), and
set_subtensor / inc_subtensor with respect to both operands."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import verify_grad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]


def point(shape, dtype="float64", seed=0):
    return rng(seed).normal(size=shape).astype(dtype)


BASIC = {
    "slice": lambda x: x[1:3],
    "negative_step": lambda x: x[::-2, 1:],
    "integer": lambda x: x[1, :2],
    "negative_integer": lambda x: x[-1],
    "newaxis": lambda x: x[None, 1:, None],
    "ellipsis": lambda x: x[..., 0],
    "clamped": lambda x: x[-10:10, 2:100],
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(BASIC))
def test_basic_indexing(name, dtype):
    verify_grad(lambda x: BASIC[name](x) ** 2, [point((4, 3), dtype)], rng=0)


def test_symbolic_bounds():
    x, i = st.dvector("x"), st.lscalar("i")
    g = symc.grad((x[i:i + 2] * np.array([1.0, 2.0])).sum() + x[-i] * 10, x)
    np.testing.assert_allclose(evaluate(g, {x: point((5,)), i: np.array(1)}), [0, 1, 2, 0, 10])


ADVANCED = {
    "vector": lambda x: x[[0, 2]],
    "repeated": lambda x: x[[1, 1, 3, 1]],
    "second_axis": lambda x: x[:, [2, 0, 2]],
    "two_arrays": lambda x: x[[0, 3, 3], [1, 2, 2]],
    "matrix_of_indices": lambda x: x[np.array([[0, 1], [1, 0]])],
    "negative": lambda x: x[[-1, 0]],
    "array_and_slice": lambda x: x[1:, [0, 0]],
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ADVANCED))
def test_advanced_indexing(name, dtype):
    verify_grad(lambda x: ADVANCED[name](x) ** 2, [point((4, 3), dtype)], rng=0)


def test_repeated_indices_accumulate():
    x, i = st.dvector("x"), st.lvector("i")
    g = symc.grad(x[i].sum(), x)
    np.testing.assert_array_equal(evaluate(g, {x: np.zeros(4), i: np.array([1, 1, 3, 1])}), [0, 3, 0, 1])


UPDATES = {
    "set_slice": (lambda x, v: st.set_subtensor(x[1:3], v), (2, 3)),
    "set_broadcast": (lambda x, v: st.set_subtensor(x[:, 1], v[0]), (1,)),
    "inc_slice": (lambda x, v: st.inc_subtensor(x[::2, :2], v), (2, 2)),
    "inc_broadcast_row": (lambda x, v: st.inc_subtensor(x[1:], v), (1, 3)),
    "inc_nested": (lambda x, v: st.inc_subtensor(x[1:][0], v), (3,)),
    "advanced_set": (lambda x, v: st.set_subtensor(x[[0, 2]], v), (2, 3)),
    "advanced_inc_repeated": (lambda x, v: st.inc_subtensor(x[[0, 2, 0]], v), (3, 3)),
    "advanced_inc_broadcast": (lambda x, v: st.inc_subtensor(x[[3, 1]], v), (1, 3)),
    "advanced_set_columns": (lambda x, v: st.set_subtensor(x[:, [2, 0]], v), (4, 2)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(UPDATES))
def test_set_and_inc_subtensor(name, dtype):
    fn, vshape = UPDATES[name]
    verify_grad(lambda x, v: fn(x, v) ** 2, [point((4, 3), dtype), point(vshape, dtype, 1)], rng=0)


def test_set_subtensor_gradient_values():
    x, v = st.dvector("x"), st.dvector("v")
    y = st.set_subtensor(x[1:3], v)
    gx, gv = symc.grad((y * np.array([1.0, 2.0, 3.0, 4.0])).sum(), [x, v])
    out = evaluate([gx, gv], {x: point((4,)), v: point((2,), seed=1)})
    np.testing.assert_array_equal(out[0], [1, 0, 0, 4])
    np.testing.assert_array_equal(out[1], [2, 3])


def test_indexing_second_derivatives():
    verify_grad(lambda x: symc.grad((x[[0, 2, 2]] ** 3).sum() + (x[1:] ** 3).sum(), x), [point((4,))], rng=0)
    verify_grad(lambda x, v: symc.grad((st.inc_subtensor(x[[1, 1]], v) ** 3).sum(), v),
                [point((3,)), point((2,), seed=1)], rng=0)
