"""Shape ops: symbolic shapes, reshape, flatten, dimshuffle, transpose,
expand_dims, squeeze, concatenate, stack, broadcast_to, allocation, arange,
eye."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError

from ..utils import evaluate, rng


def test_symbolic_shape_and_static_entries():
    x = st.tensor("float64", shape=(None, 3), name="x")
    s = x.shape
    assert s.type.shape == (2,) and s.dtype == "int64"
    v = np.zeros((5, 3))
    np.testing.assert_array_equal(evaluate(s, {x: v}), [5, 3])
    assert evaluate(x.shape[0], {x: v}) == 5
    assert x.ndim == 2 and x.dtype == "float64"


def test_reshape_with_minus_one_and_symbolic_sizes():
    x = st.dmatrix("x")
    k = st.lscalar("k")
    v = rng().normal(size=(4, 6))
    np.testing.assert_array_equal(evaluate(x.reshape((-1,)), {x: v}), v.reshape(-1))
    np.testing.assert_array_equal(evaluate(x.reshape((k, -1)), {x: v, k: np.int64(3)}), v.reshape(3, -1))
    np.testing.assert_array_equal(evaluate(x.reshape((x.shape[1], x.shape[0])), {x: v}), v.reshape(6, 4))
    np.testing.assert_array_equal(evaluate(x.reshape(2, 12), {x: v}), v.reshape(2, 12))


def test_reshape_static_result_shapes():
    s = st.tensor("float64", shape=(4, 6))
    assert s.reshape((3, -1)).type.shape == (3, 8)
    assert s.reshape((s.shape[1], -1)).type.shape == (6, 4)
    assert st.dmatrix().reshape((2, -1)).type.shape == (2, None)
    with pytest.raises(SymcTypeError, match="cannot reshape"):
        s.reshape((5, -1))
    with pytest.raises(SymcTypeError, match="cannot reshape"):
        s.reshape((5, 5))
    with pytest.raises(SymcTypeError, match="at most once"):
        s.reshape((-1, -1))


def test_reshape_by_a_vector_variable():
    x = st.dmatrix()
    shp = st.lvector()
    with pytest.raises(SymcTypeError, match="ndim"):
        x.reshape(shp)
    out = x.reshape(shp, ndim=3)
    v = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(evaluate(out, {x: v, shp: np.array([2, 3, 2])}), v.reshape(2, 3, 2))


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_flatten(ndim):
    x = st.dtensor3()
    v = rng().normal(size=(2, 3, 4))
    expected = v.reshape(v.shape[:ndim - 1] + (-1,))
    np.testing.assert_array_equal(evaluate(st.flatten(x, ndim), {x: v}), expected)


def test_flatten_of_empty_leading_dimension():
    x = st.dtensor3()
    v = np.zeros((0, 3, 4))
    assert evaluate(st.flatten(x, 2), {x: v}).shape == (0, 12)


def test_dimshuffle_transpose_expand_squeeze():
    x = st.tensor("float64", shape=(None, 1, 3))
    v = rng().normal(size=(2, 1, 3))
    np.testing.assert_array_equal(evaluate(x.dimshuffle(2, "x", 0), {x: v}), v[:, 0, :].T[:, None, :])
    np.testing.assert_array_equal(evaluate(st.transpose(x, (1, 2, 0)), {x: v}), v.transpose(1, 2, 0))
    np.testing.assert_array_equal(evaluate(x.transpose(), {x: v}), v.T)
    np.testing.assert_array_equal(evaluate(st.expand_dims(x, (0, -1)), {x: v}), np.expand_dims(v, (0, -1)))
    np.testing.assert_array_equal(evaluate(x.squeeze(), {x: v}), v.squeeze(1))
    assert x.squeeze().type.shape == (None, 3)
    with pytest.raises(SymcTypeError, match="only dimensions of static size 1"):
        x.dimshuffle(1, 2)
    with pytest.raises(SymcTypeError, match="static size 3, not 1"):
        st.squeeze(x, 2)


def test_squeeze_of_a_dynamic_dimension_checks_at_run_time():
    x = st.dmatrix()
    out = st.squeeze(x, 0)
    assert out.type.shape == (None,)
    np.testing.assert_array_equal(evaluate(out, {x: np.ones((1, 3))}), np.ones(3))
    with pytest.raises(ValueError):
        evaluate(out, {x: np.ones((2, 3))})


def test_concatenate_and_stack():
    a = st.tensor("float64", shape=(None, 3))
    b = st.tensor("int32", shape=(2, 3))
    va, vb = rng().normal(size=(4, 3)), np.arange(6, dtype=np.int32).reshape(2, 3)
    out = st.concatenate([a, b])
    assert out.dtype == "float64" and out.type.shape == (None, 3)
    np.testing.assert_array_equal(evaluate(out, {a: va, b: vb}), np.concatenate([va, vb]))
    s = st.stack([b, b], axis=1)
    assert s.type.shape == (2, 2, 3)
    np.testing.assert_array_equal(evaluate(s, {b: vb}), np.stack([vb, vb], axis=1))
    np.testing.assert_array_equal(evaluate(st.stack([a[0, 0], a[1, 1]]), {a: va}), [va[0, 0], va[1, 1]])
    with pytest.raises(SymcTypeError, match="size 4 in dimension 1"):
        st.concatenate([b, st.tensor("int32", shape=(2, 4))])


def test_broadcast_to_and_allocation():
    y = st.dvector("y")
    k = st.lscalar("k")
    vy = np.array([1.0, 2.0, 3.0])
    out = st.broadcast_to(y, (2, y.shape[0]))
    np.testing.assert_array_equal(evaluate(out, {y: vy}), np.broadcast_to(vy, (2, 3)))
    z = st.zeros((k, 3))
    assert z.type.shape == (None, 3) and z.dtype == "float64"
    np.testing.assert_array_equal(evaluate(z, {k: np.int64(2)}), np.zeros((2, 3)))
    np.testing.assert_array_equal(evaluate(st.ones((2,), dtype="int32"), {}), np.ones(2, np.int32))
    f = st.full((2, 2), 7)
    assert f.dtype == "int64"
    np.testing.assert_array_equal(evaluate(st.zeros_like(y), {y: vy}), np.zeros(3))
    np.testing.assert_array_equal(evaluate(st.ones_like(y, dtype="int8"), {y: vy}), np.ones(3, np.int8))
    x = st.dmatrix()
    np.testing.assert_array_equal(evaluate(st.fill(x, 2), {x: np.zeros((2, 2))}), np.full((2, 2), 2.0))
    np.testing.assert_array_equal(evaluate(st.alloc(y, 2, 3), {y: vy}), np.broadcast_to(vy, (2, 3)))
    with pytest.raises(SymcTypeError, match="cannot broadcast"):
        st.broadcast_to(st.tensor("float64", shape=(3,)), (2, 4))
    assert st.zeros_like(st.tensor("float32", shape=(3, None))).type.shape == (3, None)


def test_arange_and_eye():
    k = st.lscalar("k")
    np.testing.assert_array_equal(evaluate(st.arange(k), {k: np.int64(4)}), np.arange(4))
    assert st.arange(2, 11, 3).type.shape == (3,)
    assert st.arange(10, 0, -3).type.shape == (4,)
    np.testing.assert_array_equal(evaluate(st.arange(10, 0, -3), {}), np.arange(10, 0, -3))
    np.testing.assert_allclose(evaluate(st.arange(0.0, 1.0, 0.25), {}), np.arange(0.0, 1.0, 0.25))
    assert st.arange(k, dtype="int32").dtype == "int32"
    with pytest.raises(SymcTypeError, match="step"):
        st.arange(0, 5, 0)
    np.testing.assert_array_equal(evaluate(st.eye(3, 4, 1), {}), np.eye(3, 4, 1))
    np.testing.assert_array_equal(evaluate(st.eye(k, dtype="int32"), {k: np.int64(2)}), np.eye(2, dtype=np.int32))
    assert st.eye(3).type.shape == (3, 3)


def test_symbolic_size():
    x = st.dmatrix()
    assert evaluate(x.size, {x: np.zeros((3, 4))}) == 12
    assert st.dscalar().size.data == 1
