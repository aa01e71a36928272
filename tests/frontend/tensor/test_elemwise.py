"""Elementwise ops: implicit rank padding, Theano's broadcast rule, errors
at graph-build time, and values against NumPy (reference evaluation)."""

import re

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError
from symc.tensor.elemwise import ELEMWISE_CLASSES, Add, DimShuffle

from ..utils import evaluate, rng


def test_lower_rank_operand_is_padded_on_the_left():
    x, y = st.dmatrix("x"), st.dvector("y")
    z = x + y
    assert isinstance(z.owner.op, Add)
    pad = z.owner.inputs[1].owner
    assert pad.op == DimShuffle(("x", 0)) and pad.inputs == [y]
    assert z.type.shape == (None, None)


def test_broadcast_static_shapes():
    a = st.tensor("float32", shape=(None, 1, 4))
    b = st.tensor("float32", shape=(3, 5, 1))
    assert (a + b).type.shape == (3, 5, 4)
    c = st.tensor("float32", shape=(1,))
    d = st.tensor("float32", shape=(None,))
    assert (c + d).type.shape == (None,)
    assert (c + c).type.shape == (1,)


def test_impossible_broadcast_names_both_variables_and_shapes():
    a = st.tensor("float64", shape=(None, 3), name="a")
    b = st.tensor("float64", shape=(4,), name="b")
    with pytest.raises(SymcTypeError) as err:
        a * b
    msg = str(err.value)
    assert "'a'" in msg and "'b'" in msg
    assert "(?, 3)" in msg and "(4,)" in msg
    assert "Mul" in msg


def test_impossible_broadcast_of_unnamed_intermediates_points_at_their_line():
    a = st.tensor("float64", shape=(3,))
    b = st.tensor("float64", shape=(2,))
    with pytest.raises(SymcTypeError, match=r"result of Exp created at .*test_elemwise.py"):
        st.exp(a) + b


def test_comparisons_return_bool_and_promote_operands():
    i, f = st.ivector(), st.fvector()
    c = i < f
    assert c.dtype == "bool"
    assert c.owner.inputs[0].dtype == c.owner.inputs[1].dtype == "float64"


def test_logic_ops_reject_floats():
    with pytest.raises(SymcTypeError):
        st.dvector() & st.dvector()
    with pytest.raises(SymcTypeError):
        ~st.dvector()


UNARY = {
    "exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p, "log2": np.log2, "log10": np.log10,
    "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos,
    "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "arcsinh": np.arcsinh,
    "arccosh": np.arccosh, "arctanh": np.arctanh, "abs": np.abs, "sign": np.sign, "neg": np.negative,
    "sqr": np.square, "reciprocal": np.reciprocal, "floor": np.floor, "ceil": np.ceil, "round": np.round,
    "isnan": np.isnan, "isinf": np.isinf,
}
EDGE = np.array([-np.inf, -3.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.5, 1e300, np.inf, np.nan])


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unary_ops_match_numpy(name, dtype):
    x = st.tensor(dtype, shape=(None,))
    with np.errstate(over="ignore"):
        v = EDGE.astype(dtype)
    with np.errstate(all="ignore"):
        expected = UNARY[name](v)
    np.testing.assert_allclose(evaluate(getattr(st, name)(x), {x: v}), expected, rtol=1e-6)


def test_sigmoid_softplus_erf_match_references():
    x = st.dvector()
    v = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])
    with np.errstate(over="ignore"):
        expected = 1 / (1 + np.exp(-v))
    np.testing.assert_allclose(evaluate(st.sigmoid(x), {x: v}), expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(evaluate(st.softplus(x), {x: v}), np.logaddexp(0, v))
    import math

    np.testing.assert_allclose(evaluate(st.erf(x), {x: v}), [math.erf(t) for t in v])
    np.testing.assert_allclose(evaluate(st.erfc(x), {x: v}), [math.erfc(t) for t in v])


BINARY = {
    "add": (np.add, lambda a, b: a + b), "sub": (np.subtract, lambda a, b: a - b),
    "mul": (np.multiply, lambda a, b: a * b), "true_div": (np.true_divide, lambda a, b: a / b),
    "floor_div": (np.floor_divide, lambda a, b: a // b), "mod": (np.mod, lambda a, b: a % b),
    "pow": (np.power, lambda a, b: a ** b), "maximum": (np.maximum, st.maximum),
    "minimum": (np.minimum, st.minimum), "arctan2": (np.arctan2, st.arctan2),
    "lt": (np.less, lambda a, b: a < b), "le": (np.less_equal, lambda a, b: a <= b),
    "gt": (np.greater, lambda a, b: a > b), "ge": (np.greater_equal, lambda a, b: a >= b),
    "eq": (np.equal, st.eq), "neq": (np.not_equal, st.neq),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("dtypes", [("float64", "float64"), ("float32", "int16"), ("int32", "int64"),
                                    ("uint8", "int8")])
def test_binary_ops_match_numpy_with_broadcasting(name, dtypes):
    np_fn, sym_fn = BINARY[name]
    a = st.tensor(dtypes[0], shape=(None, 1))
    b = st.tensor(dtypes[1], shape=(None,))
    r = rng(1)
    va = (r.integers(-5, 6, size=(4, 1))).astype(dtypes[0]) if "uint" not in dtypes[0] else \
        r.integers(0, 6, size=(4, 1)).astype(dtypes[0])
    vb = r.integers(1, 4, size=(3,)).astype(dtypes[1])
    out = sym_fn(a, b)
    with np.errstate(all="ignore"):
        expected = np_fn(va, vb)
    got = evaluate(out, {a: va, b: vb})
    if name in ("true_div", "arctan2") and all(d.startswith(("int", "uint")) for d in dtypes):
        # Float-only operations compute integers in floatX (NumPy: float16
        # for small integer types, which symc does not have).
        assert got.dtype == np.float64
        expected = np_fn(va.astype(np.float64), vb.astype(np.float64))
    else:
        assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_integer_division_by_zero_gives_zero():
    a, b = st.ivector(), st.ivector()
    v = np.array([5, -5, 0], np.int32)
    z = np.zeros(3, np.int32)
    np.testing.assert_array_equal(evaluate(a // b, {a: v, b: z}), [0, 0, 0])
    np.testing.assert_array_equal(evaluate(a % b, {a: v, b: z}), [0, 0, 0])


def test_switch_and_clip():
    c, a, b = st.bvector(), st.dvector(), st.dvector()
    vc = np.array([1, 0, 2], np.int8)
    va, vb = np.array([1.0, 2.0, 3.0]), np.array([-1.0, -2.0, -3.0])
    np.testing.assert_array_equal(evaluate(st.switch(c, a, b), {c: vc, a: va, b: vb}), np.where(vc, va, vb))
    np.testing.assert_array_equal(evaluate(st.clip(a, 1.5, 2.5), {a: va}), np.clip(va, 1.5, 2.5))
    m = st.where(a > 1.5, 1, 0.5)
    assert m.dtype == "float64"
    np.testing.assert_array_equal(evaluate(m, {a: va}), np.where(va > 1.5, 1, 0.5))


def test_cast_follows_numpy_astype():
    x = st.dvector()
    v = np.array([-1.7, 0.0, 2.9, 300.0])
    np.testing.assert_array_equal(evaluate(st.cast(x, "int32"), {x: v}), v.astype(np.int32))
    np.testing.assert_array_equal(evaluate(x.astype("bool"), {x: v}), v.astype(bool))
    assert st.cast(x, "float64") is x


def test_bitwise_ops_on_integers_and_bools():
    i, j = st.ivector(), st.ivector()
    vi, vj = np.array([1, 6, -3], np.int32), np.array([3, 5, 2], np.int32)
    np.testing.assert_array_equal(evaluate(i & j, {i: vi, j: vj}), vi & vj)
    np.testing.assert_array_equal(evaluate(i | j, {i: vi, j: vj}), vi | vj)
    np.testing.assert_array_equal(evaluate(i ^ j, {i: vi, j: vj}), vi ^ vj)
    np.testing.assert_array_equal(evaluate(~i, {i: vi}), ~vi)
    b = st.tensor("bool", shape=(None,))
    vb = np.array([True, False])
    np.testing.assert_array_equal(evaluate(~b, {b: vb}), ~vb)


def test_numpy_array_on_the_left_uses_reflected_operators():
    x = st.dvector("x")
    y = np.array([1.0, 2.0]) + x
    assert isinstance(y.owner.op, Add)
    z = np.float64(2.0) * x
    assert z.type.ndim == 1


# -- the two shortcuts of graph building ---------------------------------------

SAME_TYPE_SHAPES = [(None,), (None, 1, 3), (), (1,)]


@pytest.mark.parametrize("cls", ELEMWISE_CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int64", "float32", "float64"])
def test_operands_of_one_type_build_what_the_general_rule_builds(cls, dtype):
    # make_node skips promotion for operands of one type: the node must be
    # the one the general rule gives, and the same errors must be raised.
    for shape in SAME_TYPE_SHAPES:
        inputs = [st.tensor(dtype, shape=shape) for _ in range(cls.nin)]
        try:
            expected = cls().promoting_node(inputs)
        except SymcTypeError as e:
            with pytest.raises(SymcTypeError, match=re.escape(str(e))):
                cls()(*inputs)
            continue
        node = cls()(*inputs).owner
        assert node.inputs == expected.inputs == inputs
        assert [o.type for o in node.outputs] == [o.type for o in expected.outputs]


def test_a_python_scalar_becomes_one_constant_per_value_dtype_and_rank():
    x = st.dvector("x")
    y = st.tanh(x) * 1.01
    z = st.tanh(y) * 1.01
    c = y.owner.inputs[1]
    assert z.owner.inputs[1] is c
    assert c.type.shape == (1,) and c.dtype == "float64" and c.data.tolist() == [1.01]
    # Another dtype, rank or value is another constant.
    assert (st.fvector() * 1.01).owner.inputs[1].dtype == "float32"
    assert (st.dmatrix() * 1.01).owner.inputs[1].type.shape == (1, 1)
    assert (x * 2.0).owner.inputs[1] is not c
    # Every path that turns a scalar into an operand shares it: division
    # converts first, and a one-element constant is padded to the shared one.
    assert (x / 2.0).owner.inputs[1] is (st.exp(x) / 2.0).owner.inputs[1]
    assert (x + st.constant(np.float64(1.01))).owner.inputs[1] is c
    # Values that compare equal but are not the same number stay apart.
    neg, pos = (x * -0.0).owner.inputs[1], (x * 0.0).owner.inputs[1]
    assert np.signbit(neg.data[0]) and not np.signbit(pos.data[0])
    i = st.ivector()
    assert (i + True).owner.inputs[1].dtype == "int32"
    b = st.tensor("bool", shape=(None,))
    assert (b | True).owner.inputs[1].dtype == "bool"
    assert (b * 1).owner.inputs[1].dtype == "int64"
    assert np.isnan((x + float("nan")).owner.inputs[1].data[0])
    assert (x + float("nan")).owner.inputs[1] is (x + float("nan")).owner.inputs[1]


def test_a_python_int_that_does_not_fit_is_still_refused_every_time():
    b = st.bvector()
    for _ in range(2):
        with pytest.raises(SymcTypeError, match="300"):
            b + 300
    assert (b + 100).owner.inputs[1].data.tolist() == [100]


def test_a_shared_scalar_constant_is_replaced_once_hashes_went_stale():
    from symc.graph import structural

    x = st.dvector("x")
    y = x * 3.5
    y.name = "y"      # hashed and used: nothing is stale yet
    c = y.owner.inputs[1]
    z = y * 3.5
    assert z.owner.inputs[1] is c
    z * 2
    z.name = "renamed after use"  # marks every graph so far stale
    assert structural.stale_before > c._since
    fresh = (x * 3.5).owner.inputs[1]
    assert fresh is not c and fresh.data.tolist() == [3.5]
    assert (x * 3.5).owner.inputs[1] is fresh
