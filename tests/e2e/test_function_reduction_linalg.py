"""Reductions and products compiled through symc.function against NumPy."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native, values  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "std", "max", "min", "logsumexp"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_float_reductions(name, axis, keepdims):
    x = st.dtensor3()
    f = symc.function([x], getattr(st, name)(x, axis=axis, keepdims=keepdims))
    for shape in ((2, 3, 4), (1, 1, 1), (3, 1, 2)):
        v = values("float64", shape, 1)
        if name == "logsumexp":
            expected = np.log(np.sum(np.exp(v), axis=axis, keepdims=keepdims))
        else:
            expected = getattr(np, name)(v, axis=axis, keepdims=keepdims)
        assert_close(f(v), expected)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int32", "uint8", "float32"])
def test_accumulation_dtypes(dtype):
    x = st.tensor(dtype, shape=(None, None))
    outs = [x.sum(axis=0), x.prod(axis=1), x.mean(), x.max(axis=1), x.min(), x.argmax(axis=0), x.argmin(axis=1),
            x.any(axis=1), x.all()]
    f = symc.function([x], outs)
    v = values(dtype, (3, 4), 2)
    expected = [v.sum(axis=0), v.prod(axis=1), v.mean(), v.max(axis=1), v.min(), v.argmax(axis=0),
                v.argmin(axis=1), v.any(axis=1), v.all()]
    for g, e in zip(f(v), expected):
        assert_close(g, e.astype(g.dtype) if np.asarray(e).dtype.kind != "b" else e)


def test_empty_reductions_and_errors():
    x = st.dvector()
    f = symc.function([x], [x.sum(), x.prod()])
    s, p = f(np.zeros(0))
    assert s == 0.0 and p == 1.0
    g = symc.function([x], x.max())
    with pytest.raises(ValueError):
        g(np.zeros(0))


def test_argmax_with_nan_and_several_axes():
    x = st.dmatrix()
    f = symc.function([x], [st.argmax(x, axis=1), st.argmax(x), st.argmin(x, axis=(0, 1), keepdims=True)])
    v = np.array([[1.0, np.nan, 3.0], [2.0, 5.0, 5.0]])
    a, b, c = f(v)
    assert_close(a, np.argmax(v, axis=1))
    assert b == np.argmax(v)
    assert c.shape == (1, 1) and c[0, 0] == np.argmin(v)


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
                                   ((2, 3, 4), (4, 5)), ((), (3,))])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_dot(sa, sb, dtype):
    a, b = st.tensor(dtype, shape=(None,) * len(sa)), st.tensor(dtype, shape=(None,) * len(sb))
    f = symc.function([a, b], st.dot(a, b))
    va, vb = values(dtype, sa, 1), values(dtype, sb, 2)
    assert_close(f(va, vb), np.dot(va, vb), dtype)


@pytest.mark.parametrize("sa,sb", [((5, 2, 3), (3, 4)), ((2, 1, 2, 3), (4, 3, 2)), ((3,), (5, 3, 2)),
                                   ((4, 2, 3), (4, 3, 5))])
def test_matmul(sa, sb):
    # Leading dimensions broadcast where they are a static 1 (Theano's rule).
    a, b = st.tensor("float64", shape=sa), st.tensor("float64", shape=sb)
    f = symc.function([a, b], a @ b)
    va, vb = values("float64", sa, 3), values("float64", sb, 4)
    assert_close(f(va, vb), np.matmul(va, vb))


def test_batched_dot_outer_tensordot():
    a, b, u = st.dtensor3(), st.dtensor3(), st.dvector()
    f = symc.function([a, b, u], [st.batched_dot(a, b), st.outer(u, u), st.tensordot(a, b, [[1, 2], [2, 1]]),
                                  st.batched_dot(a[:, 0], b[:, :, 0])])
    va, vb, vu = values("float64", (3, 2, 4), 5), values("float64", (3, 4, 2), 6), values("float64", (5,), 7)
    got = f(va, vb, vu)
    assert_close(got[0], np.matmul(va, vb))
    assert_close(got[1], np.outer(vu, vu))
    assert_close(got[2], np.tensordot(va, vb, [[1, 2], [2, 1]]))
    assert_close(got[3], np.einsum("bk,bk->b", va[:, 0], vb[:, :, 0]))


def test_run_time_size_mismatch_names_the_users_line():
    a, b = st.dmatrix("a"), st.dmatrix("b")
    out = st.dot(a, b); line = __import__("inspect").currentframe().f_lineno  # noqa: E702
    f = symc.function([a, b], out)
    with pytest.raises(ValueError) as err:
        f(np.zeros((2, 3)), np.zeros((4, 2)))
    assert f"test_function_reduction_linalg.py:{line}" in str(err.value)
