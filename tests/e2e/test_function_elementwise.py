"""Elementwise ops compiled through symc.function against NumPy: dtypes,
broadcasting patterns and edge values (empty, size 1, NaN, infinities)."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native, values  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

FLOAT_UNARY = {
    "exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p, "log2": np.log2, "log10": np.log10,
    "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos,
    "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "arcsinh": np.arcsinh,
    "arccosh": np.arccosh, "arctanh": np.arctanh, "reciprocal": np.reciprocal, "floor": np.floor,
    "ceil": np.ceil, "round": np.round, "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
    "softplus": lambda v: np.logaddexp(0, v), "isnan": np.isnan, "isinf": np.isinf,
}
NUMERIC_UNARY = {"abs": np.abs, "sign": np.sign, "neg": np.negative, "sqr": np.square}
EDGE = [-np.inf, -700.0, -3.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.5, 700.0, np.inf, np.nan]


@pytest.mark.parametrize("name", sorted(FLOAT_UNARY))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_unary(name, dtype):
    x = st.tensor(dtype, shape=(None,))
    f = symc.function([x], getattr(st, name)(x))
    with np.errstate(all="ignore"):
        for v in (np.array(EDGE, dtype=dtype), values(dtype, (7,), 1), np.zeros(0, dtype), np.array([0.25], dtype)):
            assert_close(f(v), FLOAT_UNARY[name](v).astype(f(v).dtype))


@pytest.mark.parametrize("name", sorted(NUMERIC_UNARY))
@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "float32", "float64"])
def test_numeric_unary(name, dtype):
    x = st.tensor(dtype, shape=(None, None))
    f = symc.function([x], getattr(st, name)(x))
    v = values(dtype, (3, 4), 2)
    assert_close(f(v), NUMERIC_UNARY[name](v), dtype)


BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "true_div": np.true_divide, "floor_div": np.floor_divide,
    "mod": np.mod, "maximum": np.maximum, "minimum": np.minimum, "lt": np.less, "le": np.less_equal,
    "gt": np.greater, "ge": np.greater_equal, "eq": np.equal, "neq": np.not_equal,
}
PATTERNS = [((None,), (None,), (5,), (5,)), ((None, 1), (1, None), (3, 1), (1, 4)),
            ((None, None), (None,), (2, 3), (3,)),
            ((), (None,), (), (4,)), ((1,), (None,), (1,), (0,))]


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("dtype", ["int16", "int64", "float32", "float64"])
@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_binary_broadcasting(name, dtype, pattern):
    sa, sb, va_shape, vb_shape = pattern
    a, b = st.tensor(dtype, shape=sa), st.tensor(dtype, shape=sb)
    f = symc.function([a, b], getattr(st, name)(a, b))
    va = values(dtype, va_shape, 3)
    vb = values(dtype, vb_shape, 4, low=1)
    with np.errstate(all="ignore"):
        expected = BINARY[name](va, vb)
    got = f(va, vb)
    assert_close(got, expected.astype(got.dtype))


def test_power_and_arctan2_and_binary_crossentropy():
    x, y = st.dvector(), st.dvector()
    f = symc.function([x, y], [x ** y, st.arctan2(x, y), st.nnet.binary_crossentropy(st.sigmoid(x), st.sigmoid(y))])
    vx, vy = values("float64", (6,), 5, 0.1, 2), values("float64", (6,), 6)
    p, t = 1 / (1 + np.exp(-vx)), 1 / (1 + np.exp(-vy))
    got = f(vx, vy)
    assert_close(got[0], vx ** vy)
    assert_close(got[1], np.arctan2(vx, vy))
    assert_close(got[2], -(t * np.log(p) + (1 - t) * np.log(1 - p)))


def test_integer_semantics():
    a, b = st.ivector(), st.ivector()
    f = symc.function([a, b], [a // b, a % b, a ** b, a & b, a | b, a ^ b, ~a])
    va = np.array([7, -7, 7, -7, 5, 0, 2, -1], np.int32)
    vb = np.array([2, 2, -2, -2, 0, 0, 3, -3], np.int32)
    got = f(va, vb)
    with np.errstate(all="ignore"):
        assert_close(got[0], np.where(vb == 0, 0, np.floor_divide(va, np.where(vb == 0, 1, vb))))
        assert_close(got[1], np.where(vb == 0, 0, np.mod(va, np.where(vb == 0, 1, vb))))
    expected_pow = [int(x) ** int(y) if y >= 0 else (1 if x == 1 else (-1) ** abs(int(y)) if x == -1 else 0)
                    for x, y in zip(va, vb)]
    assert_close(got[2], np.array(expected_pow, np.int32))
    assert_close(got[3], va & vb)
    assert_close(got[4], va | vb)
    assert_close(got[5], va ^ vb)
    assert_close(got[6], ~va)


def test_mixed_dtypes_and_weak_scalars():
    i8, f32 = st.tensor("int8", shape=(None,)), st.fvector()
    f = symc.function([i8, f32], [i8 + 1, i8 * 2.5, f32 + 0.5, i8 + f32, i8 / 2, (i8 > 0) + (i8 < 3)])
    vi, vf = np.array([-3, 0, 100], np.int8), np.array([0.5, 1.5, -2.0], np.float32)
    got = f(vi, vf)
    expected = [vi + 1, vi * 2.5, vf + 0.5, vi + vf, vi / 2, (vi > 0) + (vi < 3)]
    for g, e in zip(got, expected):
        assert_close(g, e, e.dtype)


def test_switch_clip_cast_and_bool_ops():
    x = st.dmatrix()
    c = st.tensor("bool", shape=(None, 1))
    f = symc.function([x, c], [st.switch(c, x, -x), st.clip(x, -1, 1), st.cast(x, "int32"), x.astype("uint8"),
                               st.cast(x > 0, "float32"), ~c, c & (x > 0), c | (x > 0), c ^ (x > 0)])
    vx = np.array([[-2.5, 0.3, 1.7], [np.nan, -0.0, 300.5]])
    vc = np.array([[True], [False]])
    got = f(vx, vc)
    with np.errstate(invalid="ignore"):
        expected = [np.where(vc, vx, -vx), np.clip(vx, -1, 1), vx[:, :2].astype(np.int32), None,
                    (vx > 0).astype(np.float32), ~vc, vc & (vx > 0), vc | (vx > 0), vc ^ (vx > 0)]
    for k, (g, e) in enumerate(zip(got, expected)):
        if k == 2:
            assert_close(g[:, :2], e)     # NaN and out-of-range conversions are unspecified
        elif e is not None:
            assert_close(g, e)


def test_float32_stays_float32():
    x = st.fmatrix()
    f = symc.function([x], st.tanh(x) * 0.5 + st.exp(-x))
    v = values("float32", (4, 5), 7)
    got = f(v)
    assert got.dtype == np.float32
    assert_close(got, (np.tanh(v) * np.float32(0.5) + np.exp(-v)).astype(np.float32))


def test_naive_softplus_and_log_softmax_are_stable_only_in_the_stable_ops():
    x = st.dvector()
    f = symc.function([x], [st.softplus(x), st.nnet.log_softmax(x)])
    v = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    sp, ls = f(v)
    assert np.all(np.isfinite(sp)) and np.all(np.isfinite(ls))
    assert_close(sp, np.logaddexp(0, v))
