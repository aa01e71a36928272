"""Indexing normalization against NumPy: basic slicing (negative indices and
steps, symbolic bounds, newaxis, ellipsis), integer-array indexing and the
functional updates."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError
from symc.tensor.subtensor import AdvancedSubtensor, Subtensor

from ..utils import evaluate

V = np.arange(60.0).reshape(3, 4, 5)

BASIC = [
    (1,), (-1,), (slice(1, None),), (slice(None, None, -1),), (slice(-2, None, -2),), (slice(None, -1), 2),
    (0, 1, 2), (-3, slice(None, None, 2), -1), (Ellipsis, 0), (0, Ellipsis), (None, 1), (slice(1, 3), None, 0),
    (slice(10, 20),), (slice(-10, 2),), (slice(None, None, 3), slice(None, None, -3)), (Ellipsis,), (None,),
    (slice(None), slice(None), slice(None)),
]


@pytest.mark.parametrize("index", BASIC, ids=repr)
def test_basic_indexing_matches_numpy(index):
    x = st.tensor("float64", shape=(None, None, None))
    out = x[index]
    np.testing.assert_array_equal(evaluate(out, {x: V}), V[index])
    xs = st.tensor("float64", shape=(3, 4, 5))
    assert xs[index].type.shape == V[index].shape


def test_symbolic_bounds():
    x = st.dmatrix()
    i, j, s = st.iscalar("i"), st.lscalar("j"), st.lscalar("s")
    v = V[0]
    vals = {x: v, i: np.int32(1), j: np.int64(-1), s: np.int64(-2)}
    out = x[i:j, ::s]
    np.testing.assert_array_equal(evaluate(out, vals), v[1:-1, ::-2])
    np.testing.assert_array_equal(evaluate(x[i], vals), v[1])
    np.testing.assert_array_equal(evaluate(x[j, i], vals), v[-1, 1])
    assert isinstance(out.owner.op, Subtensor)
    assert out.owner.op.idx_list == (("dyn", "dyn", None), (None, None, "dyn"))


def test_static_out_of_bounds_index_is_a_build_time_error():
    x = st.tensor("float64", shape=(3, None), name="x")
    with pytest.raises(SymcTypeError, match="index 3 is out of bounds for dimension 0 of 'x'"):
        x[3]
    with pytest.raises(SymcTypeError, match="too many indices"):
        x[0, 0, 0]
    with pytest.raises(SymcTypeError, match="step cannot be zero"):
        x[::0]


def test_dynamic_out_of_bounds_index_is_a_run_time_error():
    x = st.dvector()
    with pytest.raises(IndexError):
        evaluate(x[5], {x: np.zeros(3)})


ADVANCED = [
    ([0, 2, 2],), (np.array([[0, 1], [2, 0]]),), (slice(None), [1, 3]), ([0, 1], [1, 2]),
    ([0, -1], slice(1, 3), [4, 0]),
    (1, [0, 3]), (slice(None), 2, [0, 1]), ([[0], [2]], [1, 3]), (slice(1, None), [0, 0, 3]), ([2, 0], Ellipsis),
    (Ellipsis, [4, 0]),
]


@pytest.mark.parametrize("index", ADVANCED, ids=repr)
def test_advanced_indexing_matches_numpy(index):
    x = st.tensor("float64", shape=(None, None, None))
    out = x[index]
    assert isinstance(out.owner.op, AdvancedSubtensor)
    np.testing.assert_array_equal(evaluate(out, {x: V}), V[index])
    xs = st.tensor("float64", shape=(3, 4, 5))
    assert xs[index].type.shape == V[index].shape


def test_symbolic_index_arrays():
    x = st.dmatrix()
    i = st.ivector("i")
    vi = np.array([2, 0, -1], np.int32)
    np.testing.assert_array_equal(evaluate(x[i], {x: V[0], i: vi}), V[0][vi])
    np.testing.assert_array_equal(evaluate(x[:, i], {x: V[0], i: vi}), V[0][:, vi])
    np.testing.assert_array_equal(evaluate(x[i, i], {x: V[0], i: vi}), V[0][vi, vi])


def test_boolean_masks_are_rejected():
    x = st.dvector()
    with pytest.raises(SymcTypeError, match="boolean"):
        x[x > 0]
    with pytest.raises(SymcTypeError, match="boolean"):
        x[[True, False]]


def test_static_out_of_bounds_index_array():
    x = st.tensor("float64", shape=(3,), name="x")
    with pytest.raises(SymcTypeError, match="index 3 is out of bounds"):
        x[[0, 3]]


UPDATES = [(slice(1, 3),), (0,), (slice(None, None, -1), 1), ([0, 2, 2],), (slice(None), [1, 1, 3]),
           (slice(1, None), [0, 0]), ([0, 1], [2, 2]), (-1, slice(None, None, 2))]


@pytest.mark.parametrize("index", UPDATES, ids=repr)
def test_set_and_inc_subtensor_match_numpy(index):
    x = st.tensor("float64", shape=(None, None))
    v = V[0].copy()
    part = v[index]
    value = np.arange(part.size, dtype=np.float64).reshape(part.shape) + 100
    y = st.tensor("float64", shape=(None,) * value.ndim)
    expected = v.copy()
    expected[index] = value
    np.testing.assert_array_equal(evaluate(st.set_subtensor(x[index], y), {x: v, y: value}), expected)
    expected = v.copy()
    # NumPy's add.at accumulates repeated indices, as inc_subtensor does.
    np.add.at(expected, index, value)
    np.testing.assert_array_equal(evaluate(st.inc_subtensor(x[index], y), {x: v, y: value}), expected)


def test_updates_broadcast_and_cast_the_value():
    x = st.imatrix()
    v = np.zeros((3, 4), np.int32)
    out = st.set_subtensor(x[1:, ::2], 7)
    assert out.dtype == "int32"
    expected = v.copy()
    expected[1:, ::2] = 7
    np.testing.assert_array_equal(evaluate(out, {x: v}), expected)
    out = st.inc_subtensor(x[:, 1], st.ivector())
    assert out.type == x.type


def test_update_value_shape_errors():
    x = st.tensor("float64", shape=(3, 4), name="x")
    with pytest.raises(SymcTypeError, match="cannot be broadcast"):
        st.set_subtensor(x[1:], st.tensor("float64", shape=(3, 4)))
    with pytest.raises(SymcTypeError, match="more than the indexed part"):
        st.set_subtensor(x[0], st.dmatrix())
    with pytest.raises(SymcTypeError, match="indexed variable"):
        st.set_subtensor(x, 1.0)


def test_nested_indexing_updates_the_root():
    x = st.dmatrix()
    v = V[0].copy()
    out = st.set_subtensor(x[1:][:, 2], 0.0)
    expected = v.copy()
    expected[1:, 2] = 0.0
    np.testing.assert_array_equal(evaluate(out, {x: v}), expected)
