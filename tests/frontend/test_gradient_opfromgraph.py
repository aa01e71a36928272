"""OpFromGraph: a graph packaged as an Op, with the inner graph's gradient
or a custom one (grad_overrides)."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import OpFromGraph, Rop, hessian, verify_grad

from .utils import evaluate, rng


def values(*shape, seed=0):
    return rng(seed).uniform(-1, 1, size=shape)


def test_forward_values_and_default_gradient():
    a, b = st.dvector(), st.dvector()
    op = OpFromGraph([a, b], st.exp(a) * b + a)
    x, y = st.dvector("x"), st.dvector("y")
    out = op(x, y * 2)
    gx, gy = symc.grad(out.sum(), [x, y])
    vx, vy = values(3), values(3, seed=1)
    got = evaluate([out, gx, gy], {x: vx, y: vy})
    np.testing.assert_allclose(got[0], np.exp(vx) * 2 * vy + vx)
    np.testing.assert_allclose(got[1], np.exp(vx) * 2 * vy + 1)
    np.testing.assert_allclose(got[2], 2 * np.exp(vx))
    verify_grad(lambda x, y: op(x, y), [vx, vy], rng=0)


def test_a_custom_gradient_replaces_the_inner_one():
    # A straight-through estimator: round in the forward pass, identity gradient.
    v = st.dvector()
    straight_through = OpFromGraph([v], st.round(v), grad_overrides=lambda inputs, grads: [grads[0]])
    x = st.dvector("x")
    g = symc.grad((straight_through(x) * np.array([1.0, 2.0, 3.0])).sum(), x)
    vx = np.array([0.2, 1.7, -0.6])
    np.testing.assert_array_equal(evaluate(straight_through(x), {x: vx}), np.round(vx))
    np.testing.assert_array_equal(evaluate(g, {x: vx}), [1.0, 2.0, 3.0])


def test_overrides_per_input():
    a, b, c = st.dscalar(), st.dscalar(), st.dscalar()
    op = OpFromGraph([a, b, c], a * b * c, grad_overrides=[lambda i, g: g[0] * 10, "default", None])
    x, y, z = st.dscalar("x"), st.dscalar("y"), st.dscalar("z")
    out = op(x, y, z)
    gx, gy = symc.grad(out, [x, y])
    got = evaluate([gx, gy], {x: np.array(2.0), y: np.array(3.0), z: np.array(5.0)})
    np.testing.assert_allclose(got, [10.0, 10.0])
    with pytest.raises(symc.gradient.DisconnectedInputError, match="'z'"):
        symc.grad(out, z)


def test_override_sees_the_inputs_and_zeros_for_unused_outputs():
    seen = {}

    def override(inputs, grads):
        seen["inputs"], seen["grads"] = inputs, grads
        return [grads[0] * 2 + grads[1]]

    a = st.dvector()
    op = OpFromGraph([a], [a * 2, a * 3], grad_overrides=override)
    x = st.dvector("x")
    first, _ = op(x)
    g = symc.grad(first.sum(), x)
    assert seen["inputs"] == [x] and len(seen["grads"]) == 2
    np.testing.assert_allclose(evaluate(g, {x: values(2)}), [2.0, 2.0])


def test_shared_variables_are_implicit_inputs():
    w = symc.shared(values(3, 2), name="w")
    a = st.dmatrix()
    layer = OpFromGraph([a], st.tanh(st.dot(a, w)))
    assert layer.shared_inputs == [w]
    x = st.dmatrix("x")
    out = layer(x)
    gw = symc.grad(out.sum(), w)
    vx = values(4, 3, seed=1)
    np.testing.assert_allclose(evaluate(out, {x: vx, w: w.get_value()}), np.tanh(vx @ w.get_value()))
    expected = vx.T @ (1 - np.tanh(vx @ w.get_value()) ** 2)
    np.testing.assert_allclose(evaluate(gw, {x: vx, w: w.get_value()}), expected)


def test_the_same_variable_passed_twice():
    a, b = st.dvector(), st.dvector()
    op = OpFromGraph([a, b], a * st.exp(b))
    x = st.dvector("x")
    g = symc.grad(op(x, x).sum(), x)
    vx = values(3)
    np.testing.assert_allclose(evaluate(g, {x: vx}), np.exp(vx) * (1 + vx))


def test_nested_and_second_order():
    a = st.dvector()
    inner = OpFromGraph([a], st.sin(a) * a)
    b = st.dvector()
    outer = OpFromGraph([b], inner(b) ** 2)
    verify_grad(lambda x: outer(x), [values(3)], rng=0)
    x = st.tensor("float64", shape=(2,), name="x")
    h = hessian(outer(x).sum(), x)
    vx = np.array([0.3, -0.8])

    def f(v):
        return (np.sin(v) * v) ** 2

    eps = 1e-4
    numeric = (f(vx + eps) - 2 * f(vx) + f(vx - eps)) / eps ** 2
    np.testing.assert_allclose(evaluate(h, {x: vx}), np.diag(numeric), rtol=1e-5)


def test_rop_goes_through_the_override():
    v = st.dvector()
    doubled_grad = OpFromGraph([v], v * 1.0, grad_overrides=lambda i, g: [g[0] * 2])
    x, d = st.dvector("x"), st.dvector("d")
    r = Rop(doubled_grad(x), x, d)
    np.testing.assert_allclose(evaluate(r, {x: values(2), d: np.array([1.0, 3.0])}), [2.0, 6.0])


def test_errors():
    a, free = st.dvector(), st.dvector("free")
    with pytest.raises(symc.SymcTypeError, match="'free'.*not one of the inputs"):
        OpFromGraph([a], a + free)
    op = OpFromGraph([a], a * 2)
    with pytest.raises(symc.SymcTypeError, match="input #0 must have type"):
        op(st.fvector())
    with pytest.raises(symc.SymcTypeError, match="takes 1 input"):
        op(st.dvector(), st.dvector())
    with pytest.raises(symc.SymcTypeError, match="2 entries for 1 inputs"):
        OpFromGraph([a], a, grad_overrides=["default", None])
    bad = OpFromGraph([a], a * 2, grad_overrides=lambda i, g: [g[0].sum()])
    x = st.dvector("x")
    with pytest.raises(symc.SymcTypeError, match="a gradient with 0 dimension"):
        symc.grad(bad(x).sum(), x)


def test_each_instance_is_its_own_op():
    a = st.dvector()
    op1, op2 = OpFromGraph([a], a * 2), OpFromGraph([a], a * 2)
    assert op1 != op2 and op1 == op1 and hash(op1) != hash(op2)
    assert str(OpFromGraph([a], a, name="double")) == "double"
