"""Gradients of the elementwise family checked by finite differences
(verify_grad, through the reference evaluator), first and second order, over
broadcasting patterns and both float dtypes."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import hessian, verify_grad

from ..utils import evaluate, rng

DTYPES = ["float32", "float64"]


def sample(shape, dtype, low, high, seed=0, avoid=None):
    """Uniform values, kept at least 0.05 away from the points in ``avoid``
    (kinks and jumps, where finite differences are meaningless)."""
    v = rng(seed).uniform(low, high, size=shape)
    if avoid is not None:
        v = np.asarray(v)
        for _ in range(100):
            near = np.zeros(v.shape, dtype=bool)
            for a in avoid(v):
                near |= np.abs(v - a) < 0.05
            if not near.any():
                break
            v = np.where(near, v + 0.11, v)
    return np.asarray(v, dtype=dtype)


def _integers(v):
    return [np.round(v)]


def _halves(v):
    return [np.floor(v) + 0.5]


# name -> (function, low, high, points to avoid)
UNARY = {
    "neg": (st.neg, -2, 2, None),
    "abs": (st.abs, -2, 2, lambda v: [0]),
    "sign": (st.sign, -2, 2, lambda v: [0]),
    "sqr": (st.sqr, -2, 2, None),
    "exp": (st.exp, -2, 2, None),
    "expm1": (st.expm1, -2, 2, None),
    "log": (st.log, 0.5, 3, None),
    "log1p": (st.log1p, -0.5, 3, None),
    "log2": (st.log2, 0.5, 3, None),
    "log10": (st.log10, 0.5, 3, None),
    "sqrt": (st.sqrt, 0.5, 3, None),
    "reciprocal": (st.reciprocal, 0.5, 3, None),
    "floor": (st.floor, -2, 2, _integers),
    "ceil": (st.ceil, -2, 2, _integers),
    "round": (st.round, -2, 2, _halves),
    "sin": (st.sin, -3, 3, None),
    "cos": (st.cos, -3, 3, None),
    "tan": (st.tan, -1, 1, None),
    "arcsin": (st.arcsin, -0.8, 0.8, None),
    "arccos": (st.arccos, -0.8, 0.8, None),
    "arctan": (st.arctan, -3, 3, None),
    "sinh": (st.sinh, -2, 2, None),
    "cosh": (st.cosh, -2, 2, None),
    "tanh": (st.tanh, -2, 2, None),
    "arcsinh": (st.arcsinh, -3, 3, None),
    "arccosh": (st.arccosh, 1.2, 3, None),
    "arctanh": (st.arctanh, -0.8, 0.8, None),
    "erf": (st.erf, -2, 2, None),
    "erfc": (st.erfc, -2, 2, None),
    "sigmoid": (st.sigmoid, -4, 4, None),
    "softplus": (st.softplus, -4, 4, None),
    "relu": (st.nnet.relu, -2, 2, lambda v: [0]),
    "leaky_relu": (lambda x: st.nnet.relu(x, 0.2), -2, 2, lambda v: [0]),
    "pow_const": (lambda x: x ** 3, -2, 2, None),
    "rpow": (lambda x: 2.0 ** x, -2, 2, None),
    "clip": (lambda x: st.clip(x, -0.5, 0.7), -2, 2, lambda v: [-0.5, 0.7]),
    "cast_roundtrip": (lambda x: st.cast(st.cast(x, "float64"), x.dtype) * 2, -2, 2, None),
}

# name -> (function, (low, high) of a, (low, high) of b, points to avoid in a given b)
BINARY = {
    "add": (st.add, (-2, 2), (-2, 2), None),
    "sub": (st.sub, (-2, 2), (-2, 2), None),
    "mul": (st.mul, (-2, 2), (-2, 2), None),
    "true_div": (st.true_div, (-2, 2), (0.5, 2), None),
    "pow": (st.pow, (0.5, 2), (-2, 2), None),
    "maximum": (st.maximum, (-2, 2), (-2, 2), None),
    "minimum": (st.minimum, (-2, 2), (-2, 2), None),
    "arctan2": (st.arctan2, (-2, 2), (0.3, 2), None),
    "mod": (st.mod, (0.1, 5), (0.7, 2), None),
    "floor_div": (st.floor_div, (0.1, 5), (0.7, 2), None),
    "binary_crossentropy": (st.nnet.binary_crossentropy, (0.1, 0.9), (0, 1), None),
}

BROADCASTS = [((3,), (3,)), ((2, 3), (1, 3)), ((2, 1), (1, 3)), ((), (2, 3)), ((1, 1), (1,))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("shape", [(4,), (2, 3), (1, 3), ()])
def test_unary(name, shape, dtype):
    fn, low, high, avoid = UNARY[name]
    verify_grad(fn, [sample(shape, dtype, low, high, avoid=avoid)], rng=0)


def _binary_point(name, sa, sb, dtype):
    fn, ra, rb, _ = BINARY[name]
    a = sample(sa, dtype, *ra, seed=1)
    b = sample(sb, dtype, *rb, seed=2)
    if name in ("mod", "floor_div"):
        # Keep a / b away from integers, where mod and floor_div jump.
        q = np.asarray(a / b)
        frac = q - np.floor(q)
        a = np.asarray(np.where(np.abs(frac - 0.5) > 0.4, (np.floor(q) + 0.5) * b, a), dtype=dtype)
    if name in ("maximum", "minimum"):
        a = np.asarray(np.where(np.abs(a - b) < 0.1, a + 0.3, a), dtype=dtype)
    return fn, [a, b]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", BROADCASTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_binary_with_broadcasting(name, shapes, dtype):
    fn, pt = _binary_point(name, *shapes, dtype)
    verify_grad(fn, pt, rng=0)


def test_broadcast_gradient_is_summed_back_to_the_static_one_dimensions():
    a = st.dmatrix("a")
    b = st.tensor("float64", shape=(1, None), name="b")
    ga, gb = symc.grad((a * b).sum(), [a, b])
    assert gb.type.shape == (1, None)
    va, vb = rng().normal(size=(4, 3)), rng(1).normal(size=(1, 3))
    out = evaluate([ga, gb], {a: va, b: vb})
    np.testing.assert_allclose(out[0], np.broadcast_to(vb, (4, 3)))
    np.testing.assert_allclose(out[1], va.sum(axis=0, keepdims=True))


def test_python_scalars_do_not_change_the_gradient_dtype():
    x = st.fvector("x")
    g = symc.grad((x * 2.5 + 1).sum(), x)
    assert g.dtype == "float32"


@pytest.mark.parametrize("dtype", DTYPES)
def test_switch(dtype):
    cond = np.array([[True, False, True]])
    verify_grad(lambda a, b: st.switch(st.constant(cond), a, b),
                [sample((2, 3), dtype, -2, 2), sample((2, 1), dtype, -2, 2, seed=1)], rng=0)
    verify_grad(lambda a: st.where(a > 0, a * a, -a), [sample((5,), dtype, -2, 2, avoid=lambda v: [0])], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_clip_bounds_get_gradients(dtype):
    x = sample((6,), dtype, -2, 2, avoid=lambda v: [-0.3, 0.4])
    verify_grad(lambda x, lo, hi: st.clip(x, lo, hi), [x, np.array(-0.3, dtype), np.array(0.4, dtype)], rng=0)


def test_cast_to_another_float_passes_the_gradient():
    verify_grad(lambda x: st.cast(x, "float32") * st.cast(x, "float32"), [np.array([0.5, -1.5])], rng=0)
    x = st.fvector("x")
    g = symc.grad(st.cast(x, "float64").sum(), x)
    assert g.dtype == "float32"


def test_maximum_ties_send_the_gradient_to_the_first_operand():
    x = st.dvector("x")
    g = symc.grad(st.nnet.relu(x).sum(), x)
    np.testing.assert_array_equal(evaluate(g, {x: np.array([-1.0, 0.0, 2.0])}), [0.0, 1.0, 1.0])


def test_pow_gradient_with_respect_to_the_exponent_at_zero_base():
    a, b = st.dvector("a"), st.dvector("b")
    g = symc.grad((a ** b).sum(), b)
    np.testing.assert_array_equal(evaluate(g, {a: np.array([0.0, 0.0]), b: np.array([2.0, 0.5])}), [0.0, 0.0])


# ---------------------------------------------------------------------------
# Second derivatives
# ---------------------------------------------------------------------------

SECOND_ORDER = sorted(set(UNARY) - {"sign", "floor", "ceil", "round", "abs", "relu", "leaky_relu", "clip"})


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_derivative_of_unary(name, dtype):
    fn, low, high, avoid = UNARY[name]
    # verify_grad of the gradient checks Hessian-vector products.
    verify_grad(lambda x: symc.grad(fn(x).sum(), x), [sample((3,), dtype, low, high, seed=4, avoid=avoid)], rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(set(BINARY) - {"floor_div", "mod", "maximum", "minimum"}))
def test_second_derivative_of_binary(name, dtype):
    fn, pt = _binary_point(name, (2, 3), (1, 3), dtype)

    def both_gradients(a, b):
        ga, gb = symc.grad(fn(a, b).sum(), [a, b])
        return st.concatenate([ga.flatten(), gb.flatten()])

    verify_grad(both_gradients, pt, rng=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_of_tanh_is_differentiable_in_its_output_and_its_gradient(dtype):
    # The gradient flowing into tanh depends on w here, so the second
    # derivative needs the tanh_grad node's partials in both operands.
    def grad_of_tanh(x, w):
        return symc.grad((st.tanh(x) * w).sum(), x)

    pt = [sample((2, 3), dtype, -2, 2, seed=5), sample((1, 3), dtype, -2, 2, seed=6)]
    verify_grad(grad_of_tanh, pt, rng=0)
    xv, wv = pt
    np.testing.assert_allclose(evaluate(grad_of_tanh(st.as_tensor(xv), st.as_tensor(wv)), {}),
                               wv * (1 - np.tanh(xv) ** 2), rtol=1e-5 if dtype == "float32" else 1e-12)


# f'' for hessian(): the diagonal of the Hessian of sum(f(x)).
SECOND = {
    "exp": (st.exp, np.exp),
    "tanh": (st.tanh, lambda v: -2 * np.tanh(v) * (1 - np.tanh(v) ** 2)),
    "sigmoid": (st.sigmoid, lambda v: (s := 1 / (1 + np.exp(-v))) * (1 - s) * (1 - 2 * s)),
    "softplus": (st.softplus, lambda v: (s := 1 / (1 + np.exp(-v))) * (1 - s)),
    "log": (st.log, lambda v: -1 / v ** 2),
    "sqrt": (st.sqrt, lambda v: -0.25 * v ** -1.5),
    "sin": (st.sin, lambda v: -np.sin(v)),
    "arctan": (st.arctan, lambda v: -2 * v / (1 + v * v) ** 2),
    "erf": (st.erf, lambda v: -4 * v / np.sqrt(np.pi) * np.exp(-v * v)),
    "cube": (lambda x: x ** 3, lambda v: 6 * v),
}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_hessian_of_the_elementwise_family_is_diagonal(name):
    fn, second = SECOND[name]
    x = st.tensor("float64", shape=(3,), name="x")
    h = hessian(fn(x).sum(), x)
    vx = np.array([0.3, 0.9, 1.7])
    np.testing.assert_allclose(evaluate(h, {x: vx}), np.diag(second(vx)), rtol=1e-10, atol=1e-14)


def test_hessian_of_a_product_of_two_variables():
    x = st.tensor("float64", shape=(2,), name="x")
    y = st.tensor("float64", shape=(2,), name="y")
    cost = (x * x * y).sum()
    hx, hy = hessian(cost, [x, y])
    vx, vy = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    out = evaluate([hx, hy], {x: vx, y: vy})
    np.testing.assert_allclose(out[0], np.diag(2 * vy))
    np.testing.assert_allclose(out[1], np.zeros((2, 2)))
