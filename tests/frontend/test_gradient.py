"""symc.grad and its companions (Lop, Rop, jacobian, hessian, stop_gradient,
zero_grad): semantics checked numerically through the reference evaluator,
with NumPy formulas as the oracle."""

import sys
import warnings

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import (DisconnectedInputError, GradientUndefinedError, Lop, Rop, disconnected_grad, hessian,
                           jacobian, zero_grad)
from symc.compile.reference import evaluate as reference
from symc.graph import Apply, Op
from symc.tensor import elemwise as ew

from .utils import evaluate, free_inputs, rng


def values(*shape, seed=0, low=-1.0, high=1.0, dtype="float64"):
    return rng(seed).uniform(low, high, size=shape).astype(dtype)


def test_grad_returns_the_structure_of_wrt():
    x, y = st.dvector("x"), st.dscalar("y")
    cost = (x * y).sum()
    assert isinstance(symc.grad(cost, x), st.TensorVariable)
    as_list = symc.grad(cost, [x, y])
    as_tuple = symc.grad(cost, (x, y))
    assert isinstance(as_list, list) and len(as_list) == 2
    assert isinstance(as_tuple, tuple) and len(as_tuple) == 2
    vx, vy = values(3), np.array(1.5)
    gx, gy = evaluate(list(as_tuple), {x: vx, y: vy})
    np.testing.assert_allclose(gx, np.full(3, 1.5))
    np.testing.assert_allclose(gy, vx.sum())


def test_gradients_have_the_type_of_their_variable():
    x = st.tensor("float32", shape=(None, 1, 3), name="x")
    g = symc.grad(st.exp(x * 2).sum(), x)
    assert g.type == x.type
    vx = values(2, 1, 3, dtype="float32")
    np.testing.assert_allclose(evaluate(g, {x: vx}), 2 * np.exp(2 * vx), rtol=1e-6)


@pytest.mark.parametrize("cost_shape", [(None,), (1,), (2, 2)])
def test_the_cost_must_be_a_scalar(cost_shape):
    c = st.tensor("float64", shape=cost_shape, name="c")
    with pytest.raises(symc.SymcTypeError, match=r"the cost must be a scalar \(0-d\).*'c'.*cost.sum\(\)"):
        symc.grad(c, c)


def test_the_cost_must_be_float():
    i = st.lscalar("i")
    with pytest.raises(symc.SymcTypeError, match="must be a float scalar, got dtype int64"):
        symc.grad(i * 2, i)


def test_wrt_must_be_variables():
    x = st.dscalar("x")
    with pytest.raises(symc.SymcTypeError, match="wrt must be symbolic variables"):
        symc.grad(x * 2, [x, 3.0])


def test_disconnected_input_raises_naming_it():
    x, y = st.dvector("x"), st.dvector("unused_y")
    with pytest.raises(DisconnectedInputError, match=r"input #1 'unused_y' of type TensorType\(float64, \(\?,\)\)"):
        symc.grad(x.sum(), [x, y])


def test_disconnected_input_warns_and_returns_zeros():
    x, y = st.dvector("x"), st.dmatrix("y")
    with pytest.warns(UserWarning, match="does not depend on input #1 'y'"):
        gx, gy = symc.grad(x.sum(), [x, y], disconnected_inputs="warn")
    vy = values(2, 3)
    out = evaluate([gx, gy], {x: values(4), y: vy})
    np.testing.assert_array_equal(out[0], np.ones(4))
    np.testing.assert_array_equal(out[1], np.zeros((2, 3)))
    assert gy.type == y.type


def test_disconnected_input_ignored_silently():
    x, y = st.dvector("x"), st.dvector("y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gy = symc.grad(x.sum(), y, disconnected_inputs="ignore")
    np.testing.assert_array_equal(evaluate(gy, {y: values(5)}), np.zeros(5))
    assert symc.grad(x.sum(), y, disconnected_inputs="ignore", return_disconnected="none") is None


def test_bad_disconnected_inputs_value():
    x = st.dscalar()
    with pytest.raises(ValueError, match="disconnected_inputs must be one of"):
        symc.grad(x, x, disconnected_inputs="maybe")


def test_integer_paths_give_zero_gradients_without_error():
    x = st.dvector("x")
    # The cost depends on x only through argmax, a comparison and a cast to int.
    cost = st.cast(st.argmax(x), "float64") + st.cast(x > 0, "float64").sum() + st.cast(x, "int32").sum()
    g = symc.grad(cost, x)
    assert g.type == x.type
    np.testing.assert_array_equal(evaluate(g, {x: values(4)}), np.zeros(4))


def test_integer_wrt_gets_float_zeros():
    i = st.ivector("i")
    x = st.dvector("x")
    g = symc.grad((st.cast(i, "float64") * x).sum(), i)
    assert g.dtype == symc.config.floatX and g.ndim == 1
    np.testing.assert_array_equal(evaluate(g, {i: np.array([1, 2, 3], dtype="int32"), x: values(3)}), np.zeros(3))


def test_shapes_and_indices_are_not_connections():
    x = st.dvector("x")
    with pytest.raises(DisconnectedInputError, match="'x'"):
        symc.grad(st.cast(x.shape[0], "float64"), x)
    i = st.lvector("i")
    with pytest.raises(DisconnectedInputError, match="'i'"):
        symc.grad(x[i].sum(), i)


def test_gradient_with_respect_to_an_intermediate_variable():
    x = st.dvector("x")
    h = st.exp(x)
    h.name = "h"
    cost = (h * h).sum()
    gh, gx = symc.grad(cost, [h, x])
    vx = values(3)
    out = evaluate([gh, gx], {x: vx})
    np.testing.assert_allclose(out[0], 2 * np.exp(vx))
    np.testing.assert_allclose(out[1], 2 * np.exp(2 * vx))


def test_gradient_with_respect_to_a_shared_variable():
    w = symc.shared(values(3, 2), name="w")
    x = st.dmatrix("x")
    g = symc.grad(st.dot(x, w).sum(), w)
    vx = values(4, 3, seed=1)
    np.testing.assert_allclose(evaluate(g, {x: vx, w: w.get_value()}), vx.T @ np.ones((4, 2)))


def test_variable_used_several_times_accumulates():
    x = st.dscalar("x")
    cost = x * x * x + st.sin(x) * x
    g = symc.grad(cost, x)
    v = 0.7
    np.testing.assert_allclose(evaluate(g, {x: np.array(v)}), 3 * v * v + np.cos(v) * v + np.sin(v))


@pytest.mark.parametrize("build", [lambda x, c: x * c, lambda x, c: c / x, lambda x, c: x ** c,
                                   lambda x, c: st.maximum(x, c)])
def test_only_the_gradients_of_connected_inputs_are_built(monkeypatch, build):
    # Along a chain, the gradient of each constant factor (a product and a
    # sum per step, then dropped) was a fifth of symc.grad's time.
    x, c = st.dvector("x"), st.dvector("c")
    cost = build(x, c).sum()

    def grad_counting_nodes(wrt):
        count = [0]
        init = Apply.__init__

        def counting(self, *args, **kwargs):
            count[0] += 1
            init(self, *args, **kwargs)

        monkeypatch.setattr(Apply, "__init__", counting)
        try:
            return count, symc.grad(cost, wrt)
        finally:
            monkeypatch.undo()

    only_x, (gx,) = grad_counting_nodes([x])
    both, (gx_too, _) = grad_counting_nodes([x, c])
    assert only_x[0] < both[0]
    values = {x: np.array([0.5, 2.0, 3.0]), c: np.array([1.5, 0.25, 2.0])}
    np.testing.assert_allclose(evaluate(gx, values), evaluate(gx_too, values))


def test_consider_constant_stops_the_gradient():
    x = st.dvector("x")
    y = st.exp(x)
    cost = (y * x).sum()
    vx = values(3)
    g_free = evaluate(symc.grad(cost, x), {x: vx})
    g_const = evaluate(symc.grad(cost, x, consider_constant=[y]), {x: vx})
    np.testing.assert_allclose(g_free, np.exp(vx) * (1 + vx))
    np.testing.assert_allclose(g_const, np.exp(vx))


def test_consider_constant_can_disconnect():
    x = st.dvector("x")
    y = st.exp(x)
    with pytest.raises(DisconnectedInputError):
        symc.grad(y.sum(), x, consider_constant=[y])


def test_known_grads_without_cost():
    x = st.dvector("x")
    h = st.tanh(x)
    gh = st.dvector("gh")
    g = symc.grad(None, x, known_grads={h: gh})
    vx, vg = values(3), values(3, seed=2)
    np.testing.assert_allclose(evaluate(g, {x: vx, gh: vg}), vg * (1 - np.tanh(vx) ** 2))


def test_known_grads_replace_what_the_cost_gives_and_add_to_the_rest():
    x = st.dvector("x")
    h = x * 3
    cost = (h * h).sum() + x.sum()
    g = symc.grad(cost, x, known_grads={h: np.ones(3)})
    # h's gradient is the given ones (not 2h): 3 * 1 through h, plus 1 directly.
    np.testing.assert_allclose(evaluate(g, {x: values(3)}), np.full(3, 4.0))


def test_known_grads_checks_types():
    x = st.dvector("x")
    with pytest.raises(symc.SymcTypeError, match="has 2 dimension"):
        symc.grad(None, x, known_grads={x * 2: st.dmatrix()})
    with pytest.raises(symc.SymcTypeError, match="cost is None"):
        symc.grad(None, x)


@pytest.mark.parametrize("gate", [st.stop_gradient, disconnected_grad])
def test_stop_gradient_blocks_gradients_but_not_values(gate):
    x = st.dvector("x")
    y = gate(st.exp(x))
    cost = (y * x).sum()
    vx = values(3)
    g = symc.grad(cost, x)
    out = evaluate([g, cost], {x: vx})
    np.testing.assert_allclose(out[0], np.exp(vx))
    np.testing.assert_allclose(out[1], (np.exp(vx) * vx).sum())
    with pytest.raises(DisconnectedInputError, match="'x'"):
        symc.grad(y.sum(), x)


def test_zero_grad_keeps_the_connection_with_a_zero_gradient():
    x = st.dvector("x")
    y = zero_grad(x * x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = symc.grad(y.sum(), x)
    vx = values(3)
    np.testing.assert_array_equal(evaluate(g, {x: vx}), np.zeros(3))
    np.testing.assert_allclose(evaluate(y, {x: vx}), vx * vx)
    g2 = symc.grad((y * x).sum(), x)
    np.testing.assert_allclose(evaluate(g2, {x: vx}), vx * vx)


def test_an_op_without_gradient_is_a_clear_error():
    class NoGrad(Op):
        def make_node(self, x):
            return Apply(self, [x], [x.type])

        def perform(self, node, inputs):
            return [inputs[0].copy()]

    x = st.dvector("x")
    with pytest.raises(GradientUndefinedError, match="NoGrad has no gradient"):
        symc.grad(NoGrad()(x).sum(), x)


def test_gradient_nodes_carry_the_line_of_the_grad_call_or_of_the_users_rule():
    import inspect

    from symc.graph.traversal import toposort

    class Twice(Op):  # a user's Op: its rule is the user's code
        def make_node(self, x):
            return Apply(self, [x], [x.type])

        def perform(self, node, inputs):
            return [inputs[0] * 2]

        def L_op(self, inputs, outputs, grads):
            lines.append(inspect.currentframe().f_lineno + 1)
            return [grads[0] * 2.0]

    lines = []
    x = st.dvector("x")
    y = st.tanh(Twice()(st.sin(x) * 3.0))
    forward = set(toposort([y]))
    g = symc.grad(y.sum(), x); grad_line = inspect.currentframe().f_lineno  # noqa: E702
    built = [n for n in toposort([g]) if n not in forward]
    assert len(built) >= 5 and lines
    rule_nodes = [n for n in built if n.trace.line == lines[0]]
    assert len(rule_nodes) == 1 and rule_nodes[0].op == ew.Mul()
    assert all(n.trace.line == grad_line for n in built if n not in rule_nodes)
    assert all(n.trace.file == __file__ for n in built)


def test_a_100000_node_chain_differentiates_without_recursion(chain_100k):
    x, y = chain_100k
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the depth of the graph
    try:
        g = symc.grad(y.sum(), x)
    finally:
        sys.setrecursionlimit(limit)
    vx = np.array([0.5, -0.3])
    out = reference([x], [g], [vx], check_types=False)[0]
    # d/dx tanh^n(x) = prod over the chain of (1 - tanh_k(x)^2).
    expected = np.ones(2)
    v = vx.copy()
    for _ in range(100_000):
        v = np.tanh(v)
        expected *= 1 - v * v
    np.testing.assert_allclose(out, expected, rtol=1e-9)


# ---------------------------------------------------------------------------
# Lop, Rop, jacobian, hessian
# ---------------------------------------------------------------------------


def _f_and_jacobian():
    x = st.tensor("float64", shape=(3,), name="x")
    a = st.constant(values(2, 3, seed=5))
    f = st.tanh(st.dot(a, x)) * st.sum(x ** 2)
    return x, a.data, f


def _numpy_jacobian(a, vx):
    u = a @ vx
    s = (vx ** 2).sum()
    return (1 - np.tanh(u) ** 2)[:, None] * a * s + np.tanh(u)[:, None] * (2 * vx)[None, :]


def test_jacobian_against_numpy():
    x, a, f = _f_and_jacobian()
    j = jacobian(f, x)
    assert j.type.shape == (2, 3)
    vx = values(3, seed=3)
    np.testing.assert_allclose(evaluate(j, {x: vx}), _numpy_jacobian(a, vx), rtol=1e-12)


def test_jacobian_of_a_matrix_expression_with_respect_to_several_variables():
    x = st.tensor("float64", shape=(2,), name="x")
    y = st.tensor("float64", shape=(3,), name="y")
    f = st.outer(x, y)
    jx, jy = jacobian(f, [x, y])
    assert jx.type.shape == (2, 3, 2) and jy.type.shape == (2, 3, 3)
    vx, vy = values(2), values(3, seed=1)
    ex = np.zeros((2, 3, 2))
    ey = np.zeros((2, 3, 3))
    for i in range(2):
        for j in range(3):
            ex[i, j, i] = vy[j]
            ey[i, j, j] = vx[i]
    got = evaluate([jx, jy], {x: vx, y: vy})
    np.testing.assert_allclose(got[0], ex)
    np.testing.assert_allclose(got[1], ey)


def test_jacobian_needs_a_static_shape():
    x = st.dvector("x")
    with pytest.raises(symc.SymcTypeError, match="every size must be static"):
        jacobian(st.exp(x), x)


def test_jacobian_disconnected_variable():
    x = st.tensor("float64", shape=(2,), name="x")
    y = st.tensor("float64", shape=(2,), name="y")
    with pytest.raises(DisconnectedInputError, match="'y'"):
        jacobian(st.exp(x), [x, y])
    jx, jy = jacobian(st.exp(x), [x, y], disconnected_inputs="ignore")
    np.testing.assert_array_equal(evaluate(jy, {y: values(2)}), np.zeros((2, 2)))


def test_lop_is_the_vector_jacobian_product():
    x, a, f = _f_and_jacobian()
    v = st.dvector("v")
    lop = Lop(f, x, v)
    vx, vv = values(3, seed=3), values(2, seed=4)
    np.testing.assert_allclose(evaluate(lop, {x: vx, v: vv}), vv @ _numpy_jacobian(a, vx), rtol=1e-12)


def test_rop_is_the_jacobian_vector_product():
    x, a, f = _f_and_jacobian()
    v = st.dvector("v")
    rop = Rop(f, x, v)
    assert rop.type.ndim == 1
    assert "rop_u" not in [getattr(i, "name", None) for i in free_inputs([rop])]
    vx, vv = values(3, seed=3), values(3, seed=4)
    np.testing.assert_allclose(evaluate(rop, {x: vx, v: vv}), _numpy_jacobian(a, vx) @ vv, rtol=1e-12)


def test_lop_adds_the_contributions_of_nested_outputs():
    x = st.dvector("x")
    h = st.exp(x)
    y = h * 2
    gh, gy = st.dvector("gh"), st.dvector("gy")
    lop = Lop([h, y], x, [gh, gy])
    vx, vh, vy = values(3), values(3, seed=1), values(3, seed=2)
    np.testing.assert_allclose(evaluate(lop, {x: vx, gh: vh, gy: vy}), np.exp(vx) * (vh + 2 * vy))


def test_rop_of_several_outputs_and_variables():
    x, y = st.dvector("x"), st.dvector("y")
    vxd, vyd = st.dvector("vx"), st.dvector("vy")
    f1 = x * y
    f2 = st.exp(x).sum()
    r1, r2 = Rop([f1, f2], [x, y], [vxd, vyd])
    vx, vy, dx, dy = (values(3, seed=s) for s in range(4))
    out = evaluate([r1, r2], {x: vx, y: vy, vxd: dx, vyd: dy})
    np.testing.assert_allclose(out[0], dx * vy + vx * dy)
    np.testing.assert_allclose(out[1], (np.exp(vx) * dx).sum())


def test_rop_of_an_output_independent_of_wrt():
    x, y = st.dvector("x"), st.dvector("y")
    with pytest.raises(ValueError, match="does not depend"):
        Rop(st.exp(y), x, st.dvector())
    r = Rop(st.exp(y), x, st.dvector(), disconnected_outputs="ignore")
    np.testing.assert_array_equal(evaluate(r, {y: values(2)}), np.zeros(2))


def _numeric_hessian(grad_fn, vx, h=1e-5):
    n = vx.size
    out = np.zeros((n, n))
    for k in range(n):
        e = np.zeros(n)
        e[k] = h
        out[:, k] = (grad_fn(vx + e) - grad_fn(vx - e)) / (2 * h)
    return out


def test_hessian_of_a_quadratic_form_is_exact():
    x = st.tensor("float64", shape=(3,), name="x")
    a = values(3, 3, seed=7)
    h = hessian(st.dot(x, st.dot(st.constant(a), x)), x)
    assert h.type.shape == (3, 3)
    np.testing.assert_allclose(evaluate(h, {x: values(3)}), a + a.T, rtol=1e-13)


def test_hessian_against_finite_differences_of_the_gradient():
    x = st.tensor("float64", shape=(4,), name="x")
    cost = (st.tanh(x) * st.exp(x[::-1])).sum() + st.sum(x) ** 3
    h = hessian(cost, x)
    g = symc.grad(cost, x)
    vx = values(4, seed=9)
    numeric = _numeric_hessian(lambda v: evaluate(g, {x: v}), vx)
    got = evaluate(h, {x: vx})
    np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(got, got.T, rtol=1e-12)


def test_hessian_of_a_linear_cost_is_zero():
    x = st.tensor("float64", shape=(2,), name="x")
    h = hessian((x * 3).sum(), x)
    np.testing.assert_array_equal(evaluate(h, {x: values(2)}), np.zeros((2, 2)))


# Op classes whose outputs are never differentiable floats, or whose inputs
# are all sizes (Eye): they need no L_op.
NOT_DIFFERENTIABLE = {"Shape", "MakeVector", "Argmax", "Argmin", "All", "Any", "IsNan", "IsInf", "Invert", "And",
                      "Or", "Xor", "Eq", "Neq", "Lt", "Le", "Gt", "Ge", "Eye"}


def test_every_differentiable_op_class_has_a_gradient():
    from symc.tensor.elemwise import Elemwise

    from .emit.test_rules import _all_op_classes

    classes = _all_op_classes()
    assert NOT_DIFFERENTIABLE <= {c.__name__ for c in classes}
    missing = []
    for cls in classes:
        if cls.__name__ in NOT_DIFFERENTIABLE:
            continue
        if issubclass(cls, Elemwise):
            if cls.grad_rule is None:
                missing.append(cls.__name__)
        elif getattr(cls, "L_op", None) is None:
            missing.append(cls.__name__)
    assert not missing, f"Op classes without a gradient: {sorted(missing)}"


def test_float32_gradient_graphs_stay_float32():
    from symc.graph import ancestors

    from .tensor.test_elemwise_grad import BINARY, UNARY
    from .tensor.test_reduction_grad import REDUCTIONS

    x, y = st.fmatrix("x"), st.fmatrix("y")
    t4, w4, lab = st.ftensor4("t4"), st.ftensor4("w4"), st.lvector("lab")
    costs = {f"unary {n}": (fn(x).sum(), [x]) for n, (fn, *_) in UNARY.items() if n != "cast_roundtrip"}
    costs.update({f"binary {n}": (fn(x, y).sum(), [x, y]) for n, (fn, *_) in BINARY.items()})
    costs.update({f"reduce {n}": (fn(x, 1, False).sum(), [x]) for n, fn in REDUCTIONS.items()})
    costs.update({
        "conv2d": (st.nnet.conv2d(t4, w4).sum(), [t4, w4]),
        "pool": (st.nnet.pool_2d(t4, (2, 2), mode="average_exc_pad").sum() + st.nnet.max_pool_2d(t4, (2, 2)).sum(),
                 [t4]),
        "crossentropy": (st.nnet.categorical_crossentropy(st.nnet.softmax(x), lab).sum()
                         + st.nnet.categorical_crossentropy(st.nnet.softmax(x), y).sum()
                         + st.nnet.categorical_crossentropy(x, lab).sum(), [x, y]),
        "softmax": (st.nnet.log_softmax(x).sum() + st.log(st.nnet.softmax(x)).sum() + st.logsumexp(x), [x]),
        "indexing": (x[[0, 1]].sum() + st.set_subtensor(x[0], y[0]).sum() + x[1:].sum(), [x, y]),
        "products": (st.dot(x, y).sum() + st.batched_dot(st.stack([x]), st.stack([y])).sum(), [x, y]),
    })
    upcast = {}
    for name, (cost, wrt) in costs.items():
        grads = symc.grad(cost, wrt)
        f64 = [v for v in ancestors(grads) if v.type.dtype == "float64"]
        if f64:
            upcast[name] = f64
    assert not upcast, f"float32 gradients computed in float64: {upcast}"
