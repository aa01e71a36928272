"""Run-time assertions in the graph (``symc.raise_op``): building them,
their reference evaluation, their gradient and their MLIR."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.emit import emit
from symc.errors import SymcTypeError
from symc.raise_op import Assert, CheckAndRaise, assert_op

from ..utils import evaluate


def test_conditions_become_rank_0_bools_and_the_result_has_the_value_type():
    x = st.tensor("float32", shape=(None, 3), name="x")
    n = st.lscalar("n")
    y = Assert("m")(x, st.gt(x, 0), n)
    assert y.type == x.type
    value, *conds = y.owner.inputs
    assert value is x
    assert [(c.ndim, c.dtype) for c in conds] == [(0, "bool"), (0, "bool")]


def test_the_reference_passes_the_value_or_raises_the_exception_asked_for():
    x = st.dvector("x")
    v = np.array([1.0, 2.0])
    np.testing.assert_array_equal(evaluate(assert_op(x, st.gt(x, 0)), {x: v}), v)
    with pytest.raises(AssertionError, match="^Assertion failed$"):
        evaluate(assert_op(x, st.gt(x, 1)), {x: v})
    with pytest.raises(ValueError, match="^too small$"):
        evaluate(CheckAndRaise(ValueError, "too small")(x, st.gt(x, 1)), {x: v})


def test_bad_arguments_are_type_errors():
    with pytest.raises(SymcTypeError, match="raises AssertionError or ValueError"):
        CheckAndRaise(TypeError, "m")
    with pytest.raises(SymcTypeError, match="message must be a str"):
        Assert(3)


def test_equal_asserts_are_equal_ops_and_different_messages_are_not():
    assert Assert("a") == Assert("a") and hash(Assert("a")) == hash(Assert("a"))
    assert Assert("a") != Assert("b")
    assert CheckAndRaise(AssertionError, "a") != CheckAndRaise(ValueError, "a")


def test_the_gradient_reaches_the_value_and_not_the_conditions():
    x = st.dvector("x")
    c = st.dscalar("c")
    y = Assert("m")(x, st.gt(c, 0))
    gx = symc.grad((y * y).sum(), x)
    np.testing.assert_array_equal(evaluate(gx, {x: np.array([1.0, 3.0]), c: 1.0}), [2.0, 6.0])
    with pytest.raises(symc.gradient.DisconnectedInputError):
        symc.grad((y * y).sum(), c)


def test_the_emitted_op_carries_the_message_and_the_exception_kind():
    x = st.dvector("x")
    a = Assert('say "hi"\n')(x, st.gt(x, 0).all())
    v = CheckAndRaise(ValueError, "v")(x, True)
    text = emit([x], [a, v])
    assert 'symc.assert "say \\"hi\\"\\0A" %arg0, ' in text
    assert "{value_error} : tensor<?xf64>, tensor<i1>" in text
