"""dot, matmul, outer, tensordot, batched_dot against NumPy."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError
from symc.tensor.linalg import BatchedDot, Dot

from ..utils import evaluate, rng


def _val(shape, dtype="float64", seed=0):
    return rng(seed).normal(size=shape).astype(dtype)


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
                                   ((2, 3, 4), (4,)), ((2, 3, 4), (5, 4, 6)), ((), (3,)), ((3, 4), ())])
def test_dot_matches_numpy(sa, sb):
    a, b = st.tensor("float64", shape=(None,) * len(sa)), st.tensor("float64", shape=(None,) * len(sb))
    va, vb = _val(sa, seed=1), _val(sb, seed=2)
    np.testing.assert_allclose(evaluate(st.dot(a, b), {a: va, b: vb}), np.dot(va, vb), rtol=1e-12)


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((3,), (5, 3, 2)),
                                   ((5, 2, 3), (3,)), ((2, 1, 2, 3), (4, 3, 2)), ((1, 2, 3), (4, 3, 2))])
def test_matmul_matches_numpy(sa, sb):
    a, b = st.tensor("float32", shape=sa), st.tensor("float32", shape=sb)
    va, vb = _val(sa, "float32", 3), _val(sb, "float32", 4)
    out = a @ b
    got = evaluate(out, {a: va, b: vb})
    np.testing.assert_allclose(got, np.matmul(va, vb), rtol=1e-5)
    assert out.type.shape == np.matmul(va, vb).shape


def test_matmul_with_dynamic_batch():
    a, b = st.ftensor3(), st.ftensor3()
    va, vb = _val((4, 2, 3), "float32"), _val((4, 3, 5), "float32", 1)
    np.testing.assert_allclose(evaluate(a @ b, {a: va, b: vb}), va @ vb, rtol=1e-5)


def test_products_of_mixed_dtypes_promote():
    out = st.dot(st.ivector(), st.fvector())
    assert out.dtype == "float64"
    assert isinstance(out.owner.op, Dot)


def test_contracted_size_mismatch_is_a_build_time_error():
    a = st.tensor("float64", shape=(2, 3), name="a")
    b = st.tensor("float64", shape=(4, 5), name="b")
    with pytest.raises(SymcTypeError, match="contracted sizes differ.*'a'.*'b'"):
        st.dot(a, b)


def test_outer_flattens():
    a, b = st.dmatrix(), st.dvector()
    va, vb = _val((2, 2)), _val((3,), seed=1)
    np.testing.assert_allclose(evaluate(st.outer(a, b), {a: va, b: vb}), np.outer(va, vb))


@pytest.mark.parametrize("axes", [0, 1, 2, [[0], [2]], [[2, 0], [0, 2]], ([1], [1])])
def test_tensordot_matches_numpy(axes):
    a = st.tensor("float64", shape=(3, 4, 5))
    b = st.tensor("float64", shape=(5, 4, 3)) if axes not in (1, 2) else st.tensor("float64", shape=(4, 5, 6)) \
        if axes == 2 else st.tensor("float64", shape=(5, 2))
    va, vb = _val(a.type.shape), _val(b.type.shape, seed=5)
    out = st.tensordot(a, b, axes)
    expected = np.tensordot(va, vb, axes)
    np.testing.assert_allclose(evaluate(out, {a: va, b: vb}), expected, rtol=1e-12)
    assert out.type.shape == expected.shape


@pytest.mark.parametrize("sa,sb", [((4, 2, 3), (4, 3, 5)), ((4, 3), (4, 3)), ((4, 2, 3), (4, 3)), ((4, 3), (4, 3, 2)),
                                   ((4, 2, 2, 3), (4, 3, 5))])
def test_batched_dot_matches_a_loop(sa, sb):
    a, b = st.tensor("float64", shape=(None,) * len(sa)), st.tensor("float64", shape=(None,) * len(sb))
    va, vb = _val(sa, seed=6), _val(sb, seed=7)
    expected = np.stack([np.dot(x, y) for x, y in zip(va, vb)])
    np.testing.assert_allclose(evaluate(st.batched_dot(a, b), {a: va, b: vb}), expected, rtol=1e-12)
    if len(sa) == len(sb) == 3:
        assert isinstance(st.batched_dot(a, b).owner.op, BatchedDot)


def test_transpose_property():
    x = st.tensor("float64", shape=(2, 3))
    v = _val((2, 3))
    assert x.T.type.shape == (3, 2)
    np.testing.assert_array_equal(evaluate(x.T, {x: v}), v.T)
