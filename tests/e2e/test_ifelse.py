"""symc.ifelse compiled: results against NumPy, laziness (the untaken branch
would fail at run time, so it must not run), gradients in both branches."""

import numpy as np
import pytest
from function_support import private_compiledir, rng, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.gradient import verify_grad  # noqa: E402

MODES = ["FAST_RUN", "FAST_COMPILE"]


@pytest.mark.parametrize("mode", MODES)
def test_results_follow_the_condition(mode):
    x = st.dvector("x")
    c = st.dscalar("c")
    a, b = symc.ifelse(c > 0, [st.exp(x), x.sum()], [x * 2, x.max()])
    f = symc.function([x, c], [a, b], mode=mode)
    xs = rng(0).normal(size=5)
    ra, rb = f(xs, 1.0)
    np.testing.assert_allclose(ra, np.exp(xs))
    np.testing.assert_allclose(rb, xs.sum())
    ra, rb = f(xs, -1.0)
    np.testing.assert_allclose(ra, xs * 2)
    np.testing.assert_allclose(rb, xs.max())


@pytest.mark.parametrize("mode", MODES)
def test_the_untaken_branch_does_not_run(mode):
    # The else branch indexes out of range and the then branch adds vectors
    # of different sizes: each raises whenever it runs, so a call that
    # succeeds did not run the other branch.
    x = st.dvector("x")
    y = st.dvector("y")
    c = st.bscalar("c")
    out = symc.ifelse(c, (x + y).sum(), x[10])
    f = symc.function([x, y, c], out, mode=mode)
    xs, ys = np.arange(3.0), np.arange(4.0)
    with pytest.raises(ValueError):
        f(xs, ys, 1)  # the then branch runs: shape mismatch
    assert f(np.arange(12.0), np.arange(4.0), 0) == 10.0  # else runs, in range; then would fail
    assert f(xs, xs, 1) == 6.0  # then runs; else would index out of range
    with pytest.raises((ValueError, IndexError)):
        f(xs, xs, 0)  # else runs: index 10 of 3


def test_nested_ifelse():
    x = st.dscalar("x")
    a, b = st.bscalar("a"), st.bscalar("b")
    out = symc.ifelse(a, symc.ifelse(b, x + 1, x + 2), x + 3)
    f = symc.function([x, a, b], out)
    assert f(1.0, 1, 1) == 2.0
    assert f(1.0, 1, 0) == 3.0
    assert f(1.0, 0, 1) == 4.0


def test_training_with_an_ifelse_in_the_cost():
    w = symc.shared(np.array([1.0, -2.0]), name="w")
    x = st.dvector("x")
    c = st.dscalar("c")
    cost = symc.ifelse(c > 0, ((w - x) ** 2).sum(), st.abs(w - x).sum())
    g = symc.grad(cost, w)
    step = symc.function([x, c], cost, updates=[(w, w - 0.1 * g)])
    xv = np.array([0.5, 0.5])
    step(xv, 1.0)
    np.testing.assert_allclose(w.get_value(), np.array([1.0, -2.0]) - 0.1 * 2 * (np.array([1.0, -2.0]) - xv))
    before = w.get_value()
    step(xv, -1.0)
    np.testing.assert_allclose(w.get_value(), before - 0.1 * np.sign(before - xv))


@pytest.mark.parametrize("cond", [1.0, -1.0])
def test_verify_grad_through_the_compiled_ifelse(cond):
    r = rng(1)

    # verify_grad's function takes the float inputs only: the condition is a
    # constant (the optimizer may inline the taken branch; the frontend's
    # gradient is still built as an ifelse of the branch gradients).
    def fn_const(x, w):
        return symc.ifelse(st.constant(cond) > 0, st.tanh(x * w), st.sin(x).sum() * w)

    verify_grad(fn_const, [r.normal(size=(4,)), r.normal(size=(4,))], rng=2, use_native=True)


def test_gradient_values_in_each_branch():
    x = st.dvector("x")
    c = st.dscalar("c")
    y = symc.ifelse(c > 0, st.exp(x).sum(), (x ** 3).sum())
    f = symc.function([x, c], symc.grad(y, x))
    xs = rng(2).normal(size=6)
    np.testing.assert_allclose(f(xs, 1.0), np.exp(xs))
    np.testing.assert_allclose(f(xs, -1.0), 3 * xs ** 2)


def test_the_region_survives_the_optimizer():
    x = st.dvector("x")
    c = st.dscalar("c")
    f = symc.function([x, c], symc.ifelse(c > 0, st.exp(x), st.log(x)))
    assert "symc.ifelse" in f.dump_mlir("optimized")
    assert "scf.if" not in f.dump_mlir("optimized")


@pytest.mark.parametrize("taken", [0, 1])
def test_second_derivative_through_branches_of_different_static_shapes(taken):
    # The first derivative's ifelse shares the condition, so in its first
    # branch the gradient reaching the outer ifelse has the first branch's
    # static shape (2,): it must not seed the (3,)-shaped second branch
    # (that raised a type error while building the graph).
    x = st.tensor("float64", shape=(3,), name="x")
    c = st.lscalar("c")
    out = symc.ifelse(c, x[np.array([0, 2])] * 3.0, x ** 3)
    (g,) = symc.grad(st.sqr(out).sum(), [x])
    (h,) = symc.grad(st.sqr(g).sum(), [x])
    f = symc.function([c, x], [g, h])
    v = np.array([0.5, -1.0, 2.0])
    got_g, got_h = f(taken, v)
    if taken:
        # out = 3 x[[0, 2]]: g = 18 x on those entries, h = 2 * 18 * 18 x.
        mask = np.array([1.0, 0.0, 1.0])
        np.testing.assert_allclose(got_g, 18 * v * mask)
        np.testing.assert_allclose(got_h, 648 * v * mask)
    else:
        # out = x^3: g = 6 x^5, h = d/dx (36 x^10) = 360 x^9.
        np.testing.assert_allclose(got_g, 6 * v ** 5)
        np.testing.assert_allclose(got_h, 360 * v ** 9)
