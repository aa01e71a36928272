"""Modes map to pipelines in one place."""

import pytest

import symc
from symc.compile.mode import LOWERING, get_mode


def test_predefined_modes_all_lower_to_llvm():
    for name in ("FAST_RUN", "FAST_COMPILE", "DebugMode", "NanGuardMode"):
        assert symc.Mode(name).pipeline == f"builtin.module({LOWERING})"
    assert get_mode(None).name == "FAST_RUN"
    assert symc.Mode("DebugMode").checks == ("debug",)
    assert symc.Mode("NanGuardMode").checks == ("nan_guard",)


def test_including_adds_passes_and_excluding_removes_them():
    m = symc.Mode(including=["canonicalize", "cse"])
    assert m.pipeline == f"builtin.module(func.func(canonicalize),func.func(cse),{LOWERING})"
    assert m.optimizer_pipeline == "builtin.module(func.func(canonicalize),func.func(cse))"
    assert symc.Mode(including=["canonicalize"], excluding=["canonicalize"]).pipeline == f"builtin.module({LOWERING})"
    assert symc.Mode(including=["builtin.module(x)"]).optimizer == ("builtin.module(x)",)
    assert m != symc.Mode()


def test_bad_modes():
    with pytest.raises(ValueError, match="unknown mode"):
        symc.Mode("FAST")
    with pytest.raises(TypeError):
        symc.Mode(including="canonicalize")
    with pytest.raises(ValueError):
        symc.Mode(linker="cvm")
    with pytest.raises(symc.SymcError):
        get_mode(3)
