"""Shape ops and indexing compiled through symc.function against NumPy,
including negative indices and steps, symbolic bounds, advanced indexing and
the updates with repeated indices."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native, values  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

V = np.arange(60.0).reshape(3, 4, 5)


def test_shape_ops():
    x, k = st.dmatrix("x"), st.lscalar("k")
    outs = [x.shape, x.reshape((k, -1)), x.flatten(), x.dimshuffle(1, "x", 0), x.T, st.expand_dims(x, 1),
            st.concatenate([x, x * 2], axis=1), st.stack([x, x], axis=2), st.broadcast_to(x[0], (k, x.shape[1])),
            st.zeros((k, 2)), st.ones_like(x), st.fill(x, 7.0), st.arange(k), st.eye(k, 3, 1), st.full((2,), 3, "int8"),
            st.squeeze(x[:1], 0)]
    f = symc.function([x, k], outs)
    v = V[0]
    got = f(v, 2)
    expected = [np.array(v.shape), v.reshape(2, -1), v.reshape(-1), v.T[:, None, :], v.T, v[:, None, :],
                np.concatenate([v, v * 2], axis=1), np.stack([v, v], axis=2), np.broadcast_to(v[0], (2, 5)),
                np.zeros((2, 2)), np.ones_like(v), np.full_like(v, 7.0), np.arange(2), np.eye(2, 3, 1),
                np.full((2,), 3, np.int8), v[0]]
    for g, e in zip(got, expected):
        assert_close(g, e, e.dtype)


def test_reshape_element_count_mismatch_is_a_value_error():
    x, k = st.dmatrix("x"), st.lscalar("k")
    f = symc.function([x, k], x.reshape((k, 3)))
    with pytest.raises(ValueError):
        f(np.zeros((2, 4)), 5)


@pytest.mark.parametrize("shape", [(9, 9, 9), (1, 9, 9)], ids=str)
@pytest.mark.parametrize("index", [(slice(None, -2, -1), slice(None), -2), (slice(None), 3), (slice(0, 1), 2)], ids=repr)
def test_an_integer_index_after_a_kept_dimension_of_size_1(shape, index):
    # A static size-1 part dimension before an integer-indexed one: the
    # compiler crashed on x[:-2:-1, :, -2] of a 9x9x9 array (upstream's
    # canonicalization rebuilt the rank-reducing slice out of bounds).
    x = st.tensor("float64", shape=shape)
    f = symc.function([x], [x[index], st.set_subtensor(x[index], 5.0), st.inc_subtensor(x[index], 2 * x[index])])
    v = np.arange(np.prod(shape), dtype="float64").reshape(shape)
    setv, incv = v.copy(), v.copy()
    setv[index] = 5.0
    incv[index] += 2 * v[index]
    for got, want in zip(f(v), [v[index], setv, incv]):
        assert_close(got, want)


def test_reshape_to_a_scalar_and_the_gradient_of_a_flattened_scalar():
    # The lowering of a reshape to rank 0 read past an empty list of sizes
    # and crashed the process; the gradient of s.flatten() reshapes to ().
    v, s = st.dvector("v"), st.dscalar("s")
    f = symc.function([v, s], [v.reshape(()), symc.grad(st.sqr(s.flatten()).sum(), s)])
    got = f(np.array([2.5]), 3.0)
    assert_close(got[0], np.array(2.5))
    assert_close(got[1], np.array(6.0))
    with pytest.raises(ValueError, match="cannot reshape 2 elements into a shape of 1 elements"):
        f(np.array([1.0, 2.0]), 3.0)


BASIC = [(1,), (-1,), (slice(1, None),), (slice(None, None, -1),), (slice(-2, None, -2),), (slice(None, -1), 2),
         (-3, slice(None, None, 2), -1), (Ellipsis, 0), (None, 1), (slice(10, 20),), (slice(-10, 2),)]


@pytest.mark.parametrize("index", BASIC, ids=repr)
def test_basic_indexing(index):
    x = st.dtensor3()
    f = symc.function([x], x[index])
    assert_close(f(V), V[index])


def test_symbolic_bounds_and_out_of_range():
    x = st.dmatrix()
    i, j, s = st.lscalar("i"), st.lscalar("j"), st.lscalar("s")
    f = symc.function([x, i, j, s], x[i:j:s])
    v = V[0]
    for bounds in [(0, 3, 1), (-1, -4, -1), (5, -10, -2), (1, 1, 1), (-2, 100, 1), (-100, 100, 3)]:
        assert_close(f(v, *bounds), v[bounds[0]:bounds[1]:bounds[2]])
    with pytest.raises(ValueError):
        f(v, 0, 0, 0)   # zero step
    g = symc.function([x, i, j], [x[i], x[i, j], x[:, j]])
    for a, b in [(0, 0), (-1, -5), (2, 4), (-3, 1)]:
        r0, r1, r2 = g(v, a, b)
        assert_close(r0, v[a])
        assert_close(r1, v[a, b])
        assert_close(r2, v[:, b])
    with pytest.raises(ValueError):
        g(v, 4, 0)      # row 4 is out of range for 4 rows
    with pytest.raises(ValueError):
        g(v, 0, -6)     # column -6 is out of range for 5 columns


ADVANCED = [([0, 2, 2],), (slice(None), [1, 3]), ([0, 1], [1, 2]), ([0, -1], slice(1, 3), [4, 0]), (1, [0, 3]),
            (slice(None), 2, [0, 1]), ([[0], [2]], [1, 3]), (slice(1, None), [0, 0, 3])]


@pytest.mark.parametrize("index", ADVANCED, ids=repr)
def test_advanced_indexing(index):
    x = st.dtensor3()
    f = symc.function([x], x[index])
    assert_close(f(V), V[index])


def test_symbolic_index_arrays_and_out_of_range():
    x, i = st.dmatrix(), st.lvector("i")
    f = symc.function([x, i], [x[i], x[:, i]])
    v = V[0]
    vi = np.array([2, -1, 0, 2])
    a, b = f(v, vi)
    assert_close(a, v[vi])
    assert_close(b, v[:, vi])
    with pytest.raises(ValueError):
        f(v, np.array([5]))


@pytest.mark.parametrize("index", [(slice(1, 3),), (0,), (slice(None, None, -1), 1), ([0, 2, 2],),
                                   (slice(None), [1, 1, 3]), (slice(1, None), [0, 0]), ([0, 1], [2, 2])], ids=repr)
def test_set_and_inc_subtensor(index):
    x = st.dmatrix()
    v = V[0].copy()
    part = v[index]
    value = np.arange(part.size, dtype=np.float64).reshape(part.shape) + 100
    y = st.tensor("float64", shape=(None,) * value.ndim)
    f = symc.function([x, y], [st.set_subtensor(x[index], y), st.inc_subtensor(x[index], y)])
    got_set, got_inc = f(v, value)
    expected = v.copy()
    expected[index] = value
    if len(np.unique(np.asarray(index[0] if isinstance(index[0], list) else [0]))) == len(np.atleast_1d(index[0])):
        assert_close(got_set, expected)
    expected = v.copy()
    np.add.at(expected, index, value)   # repeated indices accumulate
    assert_close(got_inc, expected)
    np.testing.assert_array_equal(v, V[0])   # the input is not modified
