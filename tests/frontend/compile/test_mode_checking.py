"""The call paths of DebugMode and NanGuardMode (symc.compile.checking),
against the FakeNative test double: which compiled variants run, what each
check reports, and that updates are committed only after the checks pass."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.errors import DebugModeError, NanGuardError

from .fake_native import FakeExecutable


def broken_when(monkeypatch, predicate, change):
    """Makes every fake executable for which predicate(exe) holds return
    change(result) instead of its results."""
    real = FakeExecutable.__call__

    def call(self, *arrays):
        results = real(self, *arrays)
        return tuple(change(r) for r in results) if predicate(self) else results

    monkeypatch.setattr(FakeExecutable, "__call__", call)


def test_debug_mode_runs_optimized_unoptimized_and_reference(fake_native):
    x = st.dvector("x")
    f = symc.function([x], x * 2, mode="DebugMode")
    np.testing.assert_array_equal(f(np.ones(2)), [2.0, 2.0])
    pipelines = [exe.pipeline for exe in fake_native.compiled]
    assert pipelines == ["builtin.module(symc-optimize-pipeline,symc-lower-to-llvm-pipeline)",
                         "builtin.module(symc-lower-to-llvm-pipeline)"]
    assert fake_native.calls == 2


def test_debug_mode_blames_the_lowering_when_the_unoptimized_function_is_wrong(fake_native, monkeypatch):
    broken_when(monkeypatch, lambda exe: "optimize" not in exe.pipeline, lambda r: r + 1)
    x = st.dvector("x")
    f = symc.function([x], x * 2, mode="DebugMode")
    with pytest.raises(DebugModeError, match="without optimization"):
        f(np.ones(2))


def test_debug_mode_points_to_check_passes(fake_native, monkeypatch):
    broken_when(monkeypatch, lambda exe: "optimize" in exe.pipeline, lambda r: r + 1)
    x = st.dvector("x")
    f = symc.function([x], x * 2, mode="DebugMode")
    with pytest.raises(DebugModeError, match="check_passes=True"):
        f(np.ones(2))


def test_debug_mode_names_the_step_that_broke_a_result(fake_native, monkeypatch):
    # With FakeNative every step changes the (staged) IR; the program after
    # symc-specialize and every later one compute a wrong result.
    broken_when(monkeypatch, lambda exe: "symc-specialize" in exe.ir or "optimize" in exe.pipeline,
                lambda r: r * 3)
    s = symc.shared(np.ones(2), name="s")
    x = st.dvector("x")
    f = symc.function([x], x + s, updates=[(s, s + 1)], mode=symc.Mode("DebugMode", check_passes=True))
    with pytest.raises(DebugModeError, match="optimizer step 'symc-specialize' broke output 0") as raised:
        f(np.ones(2))
    assert raised.value.result == 0
    np.testing.assert_array_equal(s.get_value(), [1.0, 1.0])  # nothing committed
    staged = [exe.ir.splitlines()[0] for exe in fake_native.compiled if exe.ir.startswith("// stage")]
    assert len(staged) == len(symc.Mode().steps)


def test_debug_mode_reports_a_modified_input(fake_native, monkeypatch):
    real = FakeExecutable.__call__

    def scribbling(self, *arrays):
        results = real(self, *arrays)
        arrays[0][0] = -1.0
        return results

    monkeypatch.setattr(FakeExecutable, "__call__", scribbling)
    x = st.dvector("x")
    f = symc.function([x], x * 2, mode="DebugMode")
    with pytest.raises(DebugModeError, match="modified input 'x'") as raised:
        f(np.ones(2))
    assert raised.value.result is None


def test_debug_mode_accepts_a_stabilized_result(fake_native, monkeypatch):
    # The naive reference overflows to inf where the optimized function
    # (here: its stand-in) computes the true value; that is no error.
    broken_when(monkeypatch, lambda exe: "optimize" in exe.pipeline, lambda r: np.where(np.isinf(r), 1000.0, r))
    x = st.dvector("x")
    f = symc.function([x], st.log(1 + st.exp(x)), mode="DebugMode")
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(f(np.array([0.0, 1000.0])), [np.log(2), 1000.0])


def test_debug_mode_accepts_a_result_more_precise_than_the_reference(fake_native, monkeypatch):
    # log(1 - sigmoid(30)) is -30.001 as written in float64 (1 - sigmoid(30)
    # cancels); the stabilized -softplus(30) is the exact -30.000000000000092,
    # closer than that to the reference evaluated in long double
    # (-30.00000044).
    exact = -30.000000000000092
    broken_when(monkeypatch, lambda exe: "optimize" in exe.pipeline, lambda r: np.where(r < -29, exact, r))
    x = st.dvector("x")
    f = symc.function([x], st.log(1 - st.sigmoid(x)), mode="DebugMode")
    naive = np.log(1 - 1 / (1 + np.exp(-30.0)))
    assert abs(naive - exact) > 1e-8 * 30  # beyond DebugMode's float64 tolerance
    np.testing.assert_array_equal(f(np.array([30.0, 0.0]))[:1], [exact])


def test_debug_mode_rejects_a_result_far_from_both_references(fake_native, monkeypatch):
    # Neither the reference (-30.001) nor the long double one (-30.0000...).
    broken_when(monkeypatch, lambda exe: "optimize" in exe.pipeline, lambda r: np.where(r < -29, -29.99, r))
    x = st.dvector("x")
    f = symc.function([x], st.log(1 - st.sigmoid(x)), mode="DebugMode")
    with pytest.raises(DebugModeError, match="differs from the reference") as raised:
        f(np.array([30.0, 0.0]))
    assert raised.value.result == 0


def test_debug_mode_reports_the_difference_when_the_long_double_evaluation_fails(fake_native, monkeypatch):
    from symc.compile import reference

    def failing(*args):
        raise RuntimeError("no long double loop")

    monkeypatch.setattr(reference, "evaluate_extended", failing)
    broken_when(monkeypatch, lambda exe: "optimize" in exe.pipeline, lambda r: r + 1)
    x = st.dvector("x")
    f = symc.function([x], x * 2, mode="DebugMode")
    with pytest.raises(DebugModeError, match="differs from the reference"):
        f(np.ones(2))


def test_nan_guard_mode_turns_the_compiled_check_into_nan_guard_error(fake_native, monkeypatch):
    def failing(self, *arrays):
        raise ValueError("NanGuardMode: symc.log at f.py:3 produced NaN")

    x = st.dvector("x")
    f = symc.function([x], st.log(x), mode="NanGuardMode")
    assert "symc-nan-guard" in fake_native.compiled[-1].pipeline
    monkeypatch.setattr(FakeExecutable, "__call__", failing)
    with pytest.raises(NanGuardError, match="symc.log at f.py:3 produced NaN"):
        f(np.ones(2))
