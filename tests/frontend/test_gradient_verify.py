"""verify_grad itself: it accepts correct gradients, and rejects a wrong one
with a report that names the input, the errors and where they are."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.gradient import GradientError, OpFromGraph, verify_grad
from symc.gradient import verify as verify_module

from .utils import rng


def wrong_exp():
    """exp with a gradient off by 10% (a deliberately broken rule)."""
    x = st.dvector()
    return OpFromGraph([x], st.exp(x), grad_overrides=lambda inputs, grads: [grads[0] * st.exp(inputs[0]) * 1.1])


def test_accepts_a_correct_gradient():
    verify_grad(lambda a, b: st.exp(a) * b, [rng().normal(size=(3, 4)), rng(1).normal(size=(1, 4))], rng=0)


def test_rejects_a_wrong_gradient_with_a_readable_report():
    op = wrong_exp()
    pt = [np.array([0.1, -0.5, 0.7])]
    with pytest.raises(GradientError) as info:
        verify_grad(lambda x: op(x), pt, rng=0)
    err = info.value
    text = str(err)
    assert "the gradient of input #0 (dtype float64, shape (3,))" in text
    assert "max abs error" in text and "max rel error" in text and "worst at index" in text
    assert "analytic:" in text and "numeric:" in text
    assert err.arg == 0 and err.test == 0 and len(err.err_pos) == 1
    # 10% too large: relative error 0.1 / 2.1 everywhere.
    np.testing.assert_allclose(err.rel_err, 0.1 / 2.1, rtol=1e-4)
    np.testing.assert_allclose(err.analytic, err.numeric * 1.1, rtol=1e-6)


def test_names_the_wrong_input_among_several():
    op = wrong_exp()
    with pytest.raises(GradientError, match="input #1") as info:
        verify_grad(lambda a, b: a * 2 + op(b), [np.ones(2), np.array([0.3, 0.2])], rng=0)
    assert info.value.arg == 1


def test_a_wrong_gradient_within_tolerance_passes():
    op = wrong_exp()
    verify_grad(lambda x: op(x), [np.array([0.1, 0.2])], abs_tol=1.0, rel_tol=1.0, rng=0)


def test_default_tolerances_per_dtype():
    assert verify_module._TOL["float64"] < verify_module._TOL["float32"]
    # A 0.1% error is caught in float64 but within float32's tolerance.
    x = st.vector()
    slightly = OpFromGraph([x], x * x, grad_overrides=lambda i, g: [g[0] * 2 * i[0] * 1.001])
    with pytest.raises(GradientError):
        verify_grad(lambda v: slightly(v), [np.array([0.5, 1.5])], rng=0)
    x32 = st.fvector()
    slightly32 = OpFromGraph([x32], x32 * x32, grad_overrides=lambda i, g: [g[0] * 2 * i[0] * 1.001])
    verify_grad(lambda v: slightly32(v), [np.array([0.5, 1.5], dtype="float32")], rng=0)


def test_float32_inputs_are_checked_in_float32():
    verify_grad(lambda x: st.tanh(x) * x, [rng().normal(size=(5,)).astype("float32")], rng=0)


def test_size_one_dimensions_broadcast():
    # A point of shape (1, 3) becomes a (1, ?) variable, so it broadcasts.
    verify_grad(lambda a, b: a + b, [np.ones((4, 3)), np.ones((1, 3))], rng=0)


def test_rejects_integer_points_and_several_outputs():
    with pytest.raises(TypeError, match="dtype int64"):
        verify_grad(lambda x: x * 2, [np.arange(3)])
    with pytest.raises(TypeError, match="one tensor"):
        verify_grad(lambda x: [x, x], [np.ones(2)])
    with pytest.raises(TypeError, match="pt must be a list"):
        verify_grad(lambda x: x, np.ones(2))


def test_does_not_modify_the_point():
    p = np.array([0.5, 0.25])
    verify_grad(lambda x: st.exp(x), [p], rng=0)
    np.testing.assert_array_equal(p, [0.5, 0.25])


def test_runs_through_the_reference_evaluator_without_the_native_build(monkeypatch):
    calls = []
    from symc.compile import reference

    original = reference.evaluate

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(reference, "evaluate", spy)
    verify_grad(lambda x: st.sin(x), [np.array([0.1, 0.2])], n_tests=1, rng=0, use_native=False)
    assert calls


def test_a_rule_returning_the_wrong_dtype_is_reported(monkeypatch):
    # A gradient whose dtype differs from its input's is caught before any
    # finite difference.
    from symc.gradient import core

    monkeypatch.setattr(core, "finish", lambda results, wrt, *a: [st.cast(r, "float32") for r in results])
    with pytest.raises(GradientError, match="dtype float32"):
        verify_grad(lambda x: x * 2, [np.ones(2)])


def test_rng_forms():
    for r in (None, 3, np.random.default_rng(1), np.random.RandomState(2)):
        verify_grad(lambda x: x ** 3, [np.array([0.3, -0.2])], rng=r, n_tests=1)
    with pytest.raises(TypeError, match="rng"):
        verify_grad(lambda x: x, [np.ones(1)], rng="seed")


def test_is_exported_where_api_md_says():
    assert symc.gradient.verify_grad is verify_grad
