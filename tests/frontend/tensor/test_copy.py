"""``x.copy()`` (Theano's tensor_copy): a new variable of the same type and
value, named as asked, through which gradients pass unchanged."""

import numpy as np

import symc
import symc.tensor as st
from symc.emit import emit
from symc.tensor.elemwise import TensorCopy

from ..utils import evaluate, rng


def test_copy_is_a_new_variable_of_the_same_type():
    x = st.tensor("float32", shape=(None, 1, 3), name="x")
    c = x.copy(name="c")
    assert c is not x and isinstance(c.owner.op, TensorCopy) and c.owner.inputs == [x]
    assert c.type == x.type and c.name == "c"
    assert x.copy().name is None


def test_copy_has_the_input_value_in_a_fresh_array():
    x = st.dmatrix("x")
    value = rng().normal(size=(2, 3))
    got = evaluate(x.copy() * 2, {x: value})
    np.testing.assert_array_equal(got, value * 2)
    out = evaluate(x.copy(), {x: value})
    assert not np.shares_memory(out, value)


def test_gradient_passes_through_a_copy():
    x = st.dvector("x")
    g = symc.grad((x.copy() ** 2).sum(), x)
    value = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(evaluate(g, {x: value}), 2 * value)


def test_copy_emits_no_op_of_its_own():
    x = st.dvector("x")
    ir = emit([x], [st.exp(x.copy())], name="f")
    body = [line for line in ir.splitlines() if "symc." in line]
    assert len(body) == 1 and "symc.exp" in body[0]
