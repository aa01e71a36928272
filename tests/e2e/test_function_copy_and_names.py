"""Compiled functions: ``x.copy()`` returns fresh arrays and passes
gradients; the native layer's errors name shared variables by their names,
including a name given after the variable was created."""

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402


def test_copy_returns_a_fresh_array_with_the_input_value():
    x = st.dvector("x")
    f = symc.function([x], [x.copy(name="c"), x.copy() * 2])
    value = np.array([1.0, -2.0, 3.5])
    c, twice = f(value)
    np.testing.assert_array_equal(c, value)
    np.testing.assert_array_equal(twice, 2 * value)
    assert not np.shares_memory(c, value)
    c[0] = 100.0
    assert value[0] == 1.0


def test_gradient_through_copy_compiled():
    x = st.dvector("x")
    f = symc.function([x], symc.grad((st.exp(x.copy()) * x).sum(), x))
    value = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(f(value), np.exp(value) * (1 + value), rtol=1e-14)


def _break(shared):
    # set_value checks the type; the cell itself does not, so this is how a
    # wrong value reaches the compiled function's own check.
    shared.container.value = np.zeros(3, np.float32)


def test_error_names_the_shared_variable():
    w = symc.shared(np.zeros(3), name="W")
    f = symc.function([], w.sum())
    _break(w)
    with pytest.raises(TypeError, match=r"shared variable 'W': expected a float64 array"):
        f()


def test_error_names_a_shared_variable_renamed_after_creation():
    u = symc.shared(np.zeros(3))
    u.name = "U"
    f = symc.function([], u.sum())
    u.name = "weights"  # after compilation too
    _break(u)
    with pytest.raises(TypeError) as err:
        f()
    assert "shared variable 'weights'" in str(err.value) and "#0" not in str(err.value)
    assert u.container.name == "weights"
