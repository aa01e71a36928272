"""symc.ifelse in the frontend: graph building, types, the reference
evaluation (which must be lazy), gradients and the emitted region op."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.compile.reference import evaluate
from symc.emit import emit
from symc.errors import SymcTypeError
from symc.gradient import verify_grad
from symc.graph import Apply, Op
from symc.ifelse import IfElse


class CountingOp(Op):
    """The identity on a float vector that counts its evaluations."""

    calls = 0

    def make_node(self, x):
        return Apply(self, [x], [x.type])

    def perform(self, node, inputs):
        type(self).calls += 1
        return [inputs[0].copy()]


def test_only_the_taken_branch_is_evaluated():
    x = st.dvector("x")
    c = st.bscalar("c")
    CountingOp.calls = 0
    y = symc.ifelse(c, CountingOp()(x).sum(), x[0])
    xs = np.arange(3.0)
    assert evaluate([x, c], [y], [xs, np.int8(0)])[0] == 0.0
    assert CountingOp.calls == 0
    assert evaluate([x, c], [y], [xs, np.int8(1)])[0] == 3.0
    assert CountingOp.calls == 1


def test_the_untaken_branch_may_fail():
    x = st.dvector("x")
    c = st.scalar("c", dtype="bool")
    y = symc.ifelse(c, x.sum(), x[10])
    assert evaluate([x, c], [y], [np.arange(3.0), True])[0] == 3.0
    with pytest.raises(IndexError):
        evaluate([x, c], [y], [np.arange(3.0), False])


def test_lists_give_several_outputs_of_one_node():
    x = st.dvector("x")
    c = st.dscalar("c")
    a, b = symc.ifelse(c > 0, [x * 2, x.sum()], [x, x.max()])
    assert a.owner is b.owner and isinstance(a.owner.op, IfElse)
    xs = np.array([1.0, 5.0])
    r = evaluate([x, c], [a, b], [xs, 1.0])
    np.testing.assert_allclose(r[0], xs * 2)
    assert r[1] == 6.0
    r = evaluate([x, c], [a, b], [xs, -1.0])
    np.testing.assert_allclose(r[0], xs)
    assert r[1] == 5.0


def test_types_merge_static_sizes_and_reject_mismatches():
    x = st.tensor("float64", shape=(3,))
    y = st.tensor("float64", shape=(None,))
    c = st.iscalar("c")
    assert symc.ifelse(c, x, y).type.shape == (None,)
    assert symc.ifelse(c, x, x * 2).type.shape == (3,)
    # A Python scalar adopts the other branch's dtype.
    assert symc.ifelse(c, x.sum(), 0).dtype == "float64"
    with pytest.raises(SymcTypeError, match="dtype"):
        symc.ifelse(c, x, st.fvector())
    with pytest.raises(SymcTypeError, match="dimension"):
        symc.ifelse(c, x, st.dmatrix())
    with pytest.raises(SymcTypeError, match="scalar"):
        symc.ifelse(st.bvector(), x, x)
    with pytest.raises(SymcTypeError, match="output"):
        symc.ifelse(c, [x, x], [x])


def test_gradient_is_an_ifelse_of_the_branch_gradients():
    x = st.dvector("x")
    c = st.dscalar("c")
    y = symc.ifelse(c > 0, st.exp(x).sum(), (x ** 2).sum())
    g = symc.grad(y, x)
    assert isinstance(g.owner.op, IfElse)
    xs = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(evaluate([x, c], [g], [xs, 1.0])[0], np.exp(xs))
    np.testing.assert_allclose(evaluate([x, c], [g], [xs, -1.0])[0], 2 * xs)


def test_gradient_of_an_input_only_one_branch_uses_is_zero_in_the_other():
    x = st.dvector("x")
    w = st.dvector("w")
    c = st.dscalar("c")
    y = symc.ifelse(c > 0, (x * w).sum(), x.sum())
    gw = symc.grad(y, w)
    xs, ws = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    np.testing.assert_allclose(evaluate([x, w, c], [gw], [xs, ws, 1.0])[0], xs)
    np.testing.assert_allclose(evaluate([x, w, c], [gw], [xs, ws, -1.0])[0], [0.0, 0.0])


@pytest.mark.parametrize("cond", [1.0, -1.0])
def test_verify_grad_in_both_branches(cond):
    rng = np.random.default_rng(0)

    def fn(x, w):
        return symc.ifelse(st.constant(cond) > 0, st.tanh(x * w), st.sin(x).sum() * w)

    verify_grad(fn, [rng.normal(size=(3,)), rng.normal(size=(3,))], rng=1, use_native=False)


def test_emitted_as_one_region_op_with_the_branches_inside():
    x = st.dvector("x")
    c = st.dscalar("c")
    y = symc.ifelse(c > 0, st.exp(x), x[1:])
    text = emit([x, c], [y])
    head, rest = text.split("symc.ifelse", 1)
    assert "symc.exp" not in head and "symc.subtensor" not in head
    then, other = rest.split("} else {", 1)
    assert "symc.exp" in then and "symc.yield" in then and "symc.subtensor" not in then
    assert "symc.subtensor" in other and "symc.exp" not in other


def test_constants_materialized_in_a_region_are_not_reused_outside():
    x = st.dvector("x")
    c = st.dscalar("c")
    y = symc.ifelse(c > 0, x + 7.5, x)
    z = y * 7.5
    text = emit([x, c], [z])
    # 7.5 is materialized once inside the then region and again after it.
    assert text.count("dense<7.5>") == 2
