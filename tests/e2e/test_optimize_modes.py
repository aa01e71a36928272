"""Modes end to end: the pipelines symc.compile.mode names exist in C++ with
the steps the frontend assumes, Mode(including, excluding) changes what is
compiled, DebugMode checks real compiled code (per optimizer step too), and
NanGuardMode names the first op that produced a NaN or an infinity."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from function_support import skip_module_without_native

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.compile.mode import FAST_COMPILE, OPTIMIZE, PIPELINE_STEPS  # noqa: E402
from symc.errors import NanGuardError  # noqa: E402

SYMC_OPT = Path(sys.executable).parent / "symc-opt"


def dumped_steps(pipeline, options=""):
    out = subprocess.run([str(SYMC_OPT), f"--pass-pipeline=builtin.module({pipeline}{options})",
                          "--dump-pass-pipeline", "-o", "/dev/null"], input="module {}", capture_output=True,
                         text=True, check=True).stderr
    body = out[out.index("func.func(") + len("func.func("):]
    return tuple(re.findall(r"^\s*([a-z][a-z-]*)", body, re.M))


@pytest.mark.parametrize("pipeline", [OPTIMIZE, FAST_COMPILE])
def test_the_frontend_knows_the_steps_of_each_pipeline(pipeline):
    assert dumped_steps(pipeline) == PIPELINE_STEPS[pipeline]
    mode = symc.Mode("FAST_RUN" if pipeline == OPTIMIZE else "FAST_COMPILE", excluding=["cse"])
    assert dumped_steps(mode.optimizer[0]) == mode.steps


def test_dump_mlir_shows_each_mode_optimizer():
    x = st.dvector("x")
    e = st.log(1 + st.exp(x)) + x ** 2
    fast_run = symc.function([x], e).dump_mlir("optimized")
    assert "symc.softplus" in fast_run and "symc.sqr" in fast_run
    fast_compile = symc.function([x], e, mode="FAST_COMPILE").dump_mlir("optimized")
    assert "symc.softplus" in fast_compile and "symc.pow" in fast_compile
    unstabilized = symc.function([x], e, mode=symc.Mode(excluding=["symc-stabilize"])).dump_mlir("optimized")
    assert "symc.softplus" not in unstabilized and "symc.sqr" in unstabilized
    with_specialize = symc.Mode("FAST_COMPILE", including=["symc-specialize"])
    assert "symc.sqr" in symc.function([x], e, mode=with_specialize).dump_mlir("optimized")


def test_modes_compute_the_same():
    x, a = st.dvector("x"), st.dmatrix("a")
    outs = [st.dot(a, x) ** 2, st.nnet.softmax(a).sum(axis=0) / 4]
    v, m = np.array([0.5, -1.0, 2.0]), np.arange(9.0).reshape(3, 3)
    results = [symc.function([x, a], outs, mode=mode)(v, m)
               for mode in ["FAST_RUN", "FAST_COMPILE", "DebugMode", "NanGuardMode",
                            symc.Mode(excluding=["canonicalize", "cse", "symc-specialize", "symc-stabilize"])]]
    for r in results[1:]:
        for got, want in zip(r, results[0]):
            np.testing.assert_allclose(got, want, rtol=1e-12)


def test_debug_mode_accepts_stabilized_results_the_naive_formula_gets_wrong():
    # The naive reference gives -30.001 at 30 (1 - sigmoid(30) cancels) and
    # -inf at 800; the compiled, stabilized -softplus(x) is right at both.
    x = st.dvector("x")
    f = symc.function([x], st.log(1 - st.sigmoid(x)), mode=symc.Mode("DebugMode", check_passes=True))
    got = f(np.array([800.0, 30.0, 0.0, -30.0]))
    np.testing.assert_allclose(got, [-800.0, -30.000000000000092, -np.log(2), -9.3576229688397368e-14], rtol=1e-15)


def test_debug_mode_checks_each_optimizer_step():
    x, a = st.dvector("x"), st.dmatrix("a")
    s = symc.shared(np.ones(3), name="s")
    f = symc.function([x, a], st.dot(a.T, x) * 2 + s, updates=[(s, s * 2)],
                      mode=symc.Mode("DebugMode", check_passes=True))
    np.testing.assert_allclose(f(np.ones(3), np.eye(3)), [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(s.get_value(), [2.0, 2.0, 2.0])
    checked = f._call  # the CheckedCall of the function
    steps = [step for step, _ in checked.step_variants()]
    assert "symc-specialize" in steps  # the gemm appears there
    assert set(steps) <= set(f.maker.mode.steps)


def user_line(fn):
    """The line in this file of the statement of `fn` marked `# here`."""
    lines, start = inspect.getsourcelines(fn)
    return start + next(k for k, line in enumerate(lines) if "# here" in line)


def test_nan_guard_names_the_first_op_that_went_bad():
    def build():
        x = st.dvector("x")
        e = st.exp(x)  # here
        return x, e * 0 + x

    x, out = build()
    s = symc.shared(np.zeros(2), name="s")
    f = symc.function([x], out, updates=[(s, s + 1)], mode="NanGuardMode")
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [1.0, 2.0])
    assert s.get_value()[0] == 1.0
    # exp(1000) = inf comes first; inf * 0 = NaN only after it.
    with pytest.raises(NanGuardError, match=rf"symc.exp at .*test_optimize_modes.py:{user_line(build)} produced an "
                                            "infinity"):
        f(np.array([1.0, 1000.0]))
    assert s.get_value()[0] == 1.0
    with pytest.raises(NanGuardError, match="input 'x' contains NaN"):
        f(np.array([np.nan, 1.0]))
    with pytest.raises(ValueError):  # other run-time errors stay what they are
        symc.function([x], x + st.constant(np.ones(3)), mode="NanGuardMode")(np.ones(2))


def test_nan_guard_checks_the_optimized_program():
    # log(1 + exp(x)) overflows only if it is computed naively: the guarded
    # program is the optimized one, softplus, which does not.
    x = st.dvector("x")
    f = symc.function([x], st.log(1 + st.exp(x)), mode="NanGuardMode")
    np.testing.assert_allclose(f(np.array([1000.0])), [1000.0])
    g = symc.function([x], st.log(x), mode="NanGuardMode")
    with pytest.raises(NanGuardError, match="symc.log .*produced NaN"):
        g(np.array([-1.0]))
