"""Modes map to pipelines in one place (symc.compile.mode); these tests check
the pipeline strings. That the C++ pipelines have the steps the modes
assume, and that the modes compute what they promise, is checked end to end
in tests/e2e/test_mode_pipelines.py."""

import pytest

import symc
from symc.compile.mode import FAST_COMPILE, LOWERING, NAN_GUARD, OPTIMIZE, PIPELINE_STEPS, get_mode


def test_fast_run_optimizes_then_lowers():
    m = symc.Mode()
    assert m.optimizer_pipeline == f"builtin.module({OPTIMIZE})"
    assert m.pipeline == f"builtin.module({OPTIMIZE},{LOWERING})"
    assert m.steps == PIPELINE_STEPS[OPTIMIZE]
    assert get_mode(None) == m and get_mode("FAST_RUN") == m


def test_fast_compile_still_stabilizes():
    m = symc.Mode("FAST_COMPILE")
    assert m.pipeline == f"builtin.module({FAST_COMPILE},{LOWERING})"
    assert "symc-stabilize" in m.steps and "symc-specialize" not in m.steps


def test_checking_modes():
    debug = symc.Mode("DebugMode")
    assert debug.checks == ("debug",) and debug.optimizer == symc.Mode().optimizer
    assert debug.key == symc.Mode().key  # the checks run in Python: same compiled code
    assert debug != symc.Mode()
    guard = symc.Mode("NanGuardMode")
    assert guard.checks == ("nan_guard",)
    assert guard.pipeline == f"builtin.module({OPTIMIZE},{NAN_GUARD},{LOWERING})"
    assert guard.optimizer_pipeline == f"builtin.module({OPTIMIZE})"
    assert symc.Mode("DebugMode", check_passes=True) != debug
    with pytest.raises(ValueError, match="DebugMode option"):
        symc.Mode("FAST_RUN", check_passes=True)


def test_excluding_turns_pipeline_steps_off():
    m = symc.Mode(excluding=["symc-specialize"])
    assert m.pipeline == f"builtin.module({OPTIMIZE}{{exclude=symc-specialize}},{LOWERING})"
    assert "symc-specialize" not in m.steps
    both = symc.Mode(excluding=["symc-specialize", "cse"])
    assert both.optimizer == (f"{OPTIMIZE}{{exclude=cse,symc-specialize}}",)
    assert both.steps == ("canonicalize", "symc-stabilize", "symc-scan-pushout", "canonicalize")
    assert symc.Mode("FAST_COMPILE", excluding=["symc-specialize"]).optimizer == (FAST_COMPILE,)
    assert symc.Mode().excluding_("symc-stabilize").steps == ("canonicalize", "cse", "symc-scan-pushout",
                                                              "symc-specialize", "canonicalize", "cse")


def test_including_adds_passes_the_pipeline_does_not_run():
    m = symc.Mode("FAST_COMPILE", including=["symc-specialize", "canonicalize"])
    assert m.optimizer == (FAST_COMPILE, "func.func(symc-specialize)", "func.func(canonicalize)")
    assert m.steps == ("cse", "symc-stabilize", "symc-specialize", "canonicalize")
    assert symc.Mode(including=["canonicalize"]).pipeline == symc.Mode().pipeline
    assert symc.Mode(including=["symc-infer-shapes"]).optimizer == (OPTIMIZE, "func.func(symc-infer-shapes)")
    assert symc.Mode(including=["builtin.module(x)"]).optimizer == (OPTIMIZE, "builtin.module(x)")
    assert symc.Mode(including=["x"], excluding=["x"]).optimizer == (OPTIMIZE,)
    assert symc.Mode().including_("x") != symc.Mode()


def test_step_pipelines_cover_the_optimizer_in_order():
    m = symc.Mode("FAST_COMPILE", including=["symc-specialize"])
    assert m.step_pipelines() == [
        ("cse", "builtin.module(func.func(cse))"),
        ("symc-stabilize", "builtin.module(func.func(cse),func.func(symc-stabilize))"),
        ("symc-specialize", "builtin.module(func.func(cse),func.func(symc-stabilize),func.func(symc-specialize))"),
    ]


def test_bad_modes():
    with pytest.raises(ValueError, match="unknown mode"):
        symc.Mode("FAST")
    with pytest.raises(TypeError):
        symc.Mode(including="canonicalize")
    with pytest.raises(ValueError):
        symc.Mode(linker="cvm")
    with pytest.raises(ValueError, match="not a pass of the optimizer"):
        symc.Mode(excluding=["symc-fuse"])
    with pytest.raises(ValueError, match="pass names"):
        symc.Mode(including=["a,b"])
    with pytest.raises(symc.SymcError):
        get_mode(3)
