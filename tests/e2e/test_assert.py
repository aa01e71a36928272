"""Run-time assertions compiled (``symc.raise_op``, ``symc.assert``): the
value passes where the conditions hold, the call raises the asked exception
where one does not in every mode, a failed call changes no shared variable,
gradients flow through to the value, and asserts in lazy branches and loop
bodies check only when they run."""

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.raise_op import Assert, CheckAndRaise, assert_op  # noqa: E402

MODES = ["FAST_RUN", "FAST_COMPILE", "DebugMode"]


def positive(x):
    return Assert("x must be positive")(x, st.all(st.gt(x, 0)))


@pytest.mark.parametrize("mode", MODES)
def test_the_value_passes_where_the_condition_holds_and_raises_where_not(mode):
    x = st.dvector("x")
    f = symc.function([x], positive(x) * 2, mode=mode)
    np.testing.assert_array_equal(f(np.array([1.0, 2.5])), [2.0, 5.0])
    with pytest.raises(AssertionError, match=r"^assertion failed: x must be positive \(at .*test_assert.py:\d+\)$"):
        f(np.array([1.0, -2.5]))
    # The function still works after a failed call.
    np.testing.assert_array_equal(f(np.array([3.0])), [6.0])


@pytest.mark.parametrize("dtype", ["float32", "int8", "uint8", "int64", "bool"])
def test_values_of_every_dtype_pass_unchanged(dtype):
    x = st.tensor(dtype, shape=(None, 3), name="x")
    c = st.tensor("bool", shape=(), name="c")
    f = symc.function([x, c], Assert("c")(x, c))
    value = (np.arange(6).reshape(2, 3) % 2).astype(dtype)
    np.testing.assert_array_equal(f(value, np.array(True)), value)
    assert f(value, np.array(True)).dtype == dtype
    with pytest.raises(AssertionError, match="assertion failed: c"):
        f(value, np.array(False))


def test_every_condition_is_checked_and_conditions_may_be_arrays_or_numbers():
    x = st.dvector("x")
    n = st.lscalar("n")
    # An array condition holds where all its elements are true; a number
    # where it is not zero.
    y = assert_op(x, st.gt(x, 0), n)
    f = symc.function([x, n], y)
    np.testing.assert_array_equal(f(np.array([1.0, 2.0]), 3), [1.0, 2.0])
    with pytest.raises(AssertionError, match=r"^assertion failed: Assertion failed"):
        f(np.array([1.0, 2.0]), 0)
    with pytest.raises(AssertionError):
        f(np.array([1.0, -2.0]), 3)
    # Empty arrays hold, as np.all([]) does.
    assert f(np.zeros(0), 1).shape == (0,)


@pytest.mark.parametrize("mode", MODES)
def test_check_and_raise_raises_value_error_and_keeps_braces_of_the_message(mode):
    x = st.dvector("x")
    y = CheckAndRaise(ValueError, "need {x} > 0, not {0}")(x, st.all(st.gt(x, 0)))
    f = symc.function([x], y + 1, mode=mode)
    with pytest.raises(ValueError, match=r"^need \{x\} > 0, not \{0\}"):
        f(np.array([-1.0]))


def test_an_unused_assert_checks_nothing_as_in_theano():
    x = st.dvector("x")
    positive(x)
    f = symc.function([x], x + 1)
    np.testing.assert_array_equal(f(np.array([-1.0])), [0.0])


def test_a_constant_true_condition_is_compiled_away_and_a_false_one_always_raises():
    x = st.dvector("x")
    f = symc.function([x], Assert("always")(x, True) + 1)
    assert "symc.assert" not in f.dump_mlir("optimized")
    np.testing.assert_array_equal(f(np.array([1.0])), [2.0])
    g = symc.function([x], Assert("never")(x, False) + 1)
    with pytest.raises(AssertionError, match="never"):
        g(np.array([1.0]))


def test_a_failed_call_changes_no_shared_variable():
    w = symc.shared(np.array([1.0, 2.0]), name="w")
    lr = st.dscalar("lr")
    step = positive(lr)
    f = symc.function([lr], w.sum(), updates=[(w, w - step * w)])
    f(0.5)
    np.testing.assert_array_equal(w.get_value(), [0.5, 1.0])
    with pytest.raises(AssertionError):
        f(-1.0)
    np.testing.assert_array_equal(w.get_value(), [0.5, 1.0])


def test_the_gradient_flows_through_to_the_value():
    x = st.dvector("x")
    cost = (positive(x) ** 3).sum()
    g = symc.function([x], symc.grad(cost, x))
    np.testing.assert_allclose(g(np.array([1.0, 2.0])), [3.0, 12.0])
    symc.gradient.verify_grad(lambda v: (positive(v) ** 3).sum(), [np.array([0.5, 1.5])],
                              rng=np.random.default_rng(0))


def test_an_assert_in_the_branch_not_taken_does_not_run():
    x = st.dvector("x")
    c = st.lscalar("c")
    f = symc.function([c, x], symc.ifelse(c, positive(x) + 1, x - 1))
    np.testing.assert_array_equal(f(0, np.array([-1.0])), [-2.0])
    np.testing.assert_array_equal(f(1, np.array([1.0])), [2.0])
    with pytest.raises(AssertionError, match="x must be positive"):
        f(1, np.array([-1.0]))


def test_an_assert_in_a_loop_body_checks_every_step():
    x = st.dvector("x")
    n = st.lscalar("n")
    out, _ = symc.scan(lambda h: positive(h) - 1.0, outputs_info=[x], n_steps=n)
    f = symc.function([x, n], out[-1])
    np.testing.assert_array_equal(f(np.array([3.0]), 3), [0.0])
    # The fourth step sees 0.
    with pytest.raises(AssertionError, match="x must be positive"):
        f(np.array([3.0]), 4)


def test_a_value_error_message_that_reads_like_another_failure_stays_a_value_error():
    x = st.dvector("x")
    for text in ("out of memory in my model", "assertion failed, sort of"):
        f = symc.function([x], CheckAndRaise(ValueError, text)(x, False) + 1)
        with pytest.raises(ValueError, match=f"ValueError: {text}") as raised:
            f(np.array([1.0]))
        assert type(raised.value) is ValueError
