"""Compile-time profiles: the stages symc.function reports
(``f.profile.stages``, ``symc.config.compile_verbose``) and how passes are
summed into pipeline groups."""

import symc
import symc.tensor as st
from symc.compile import profile

NATIVE_STAGES = [
    ("cache-lookup", 0.001), ("context", 0.002), ("parse", 0.01),
    ("pass symc-optimize-step", 0.5),  # passes before the lowering: the optimizer
    ("pass symc-prepare-calling-convention", 0.1), ("pass convert-symc-to-linalg", 0.2),
    ("pass canonicalize", 0.05),
    ("pass symc-fuse-elementwise", 0.3), ("pass canonicalize", 0.01),
    ("pass symc-untie-empty-tensors", 0.02), ("pass one-shot-bufferize", 0.4),
    ("pass convert-linalg-to-loops", 0.03), ("pass lower-affine", 0.04),
    ("pass canonicalize", 0.06), ("pass (nesting)", 0.001),
    ("translate", 0.07), ("llvm-opt", 0.8), ("codegen", 0.9), ("load", 0.01),
]


def test_passes_are_summed_into_groups_in_pipeline_order():
    grouped = profile.group_stages(NATIVE_STAGES)
    names = [n for n, _ in grouped]
    assert names == ["cache-lookup", "context", "parse", "passes: optimize", "passes: lower-to-linalg",
                     "passes: fuse", "passes: bufferize", "passes: loops", "passes: to-llvm", "translate",
                     "llvm-opt", "codegen", "load"]
    d = dict(grouped)
    assert abs(d["passes: optimize"] - 0.5) < 1e-12
    assert abs(d["passes: lower-to-linalg"] - 0.35) < 1e-12
    assert abs(d["passes: fuse"] - 0.31) < 1e-12
    # A canonicalize after the LLVM conversion stays in the last group, and
    # the adaptors' own time goes with the group where it was spent.
    assert abs(d["passes: to-llvm"] - (0.04 + 0.06 + 0.001)) < 1e-12
    assert abs(sum(d.values()) - sum(s for _, s in NATIVE_STAGES)) < 1e-12


def test_format_names_every_group_and_the_costliest_passes():
    text = profile.format_stages(NATIVE_STAGES, "title")
    assert text.splitlines()[0] == "title"
    for name in ("passes: fuse", "passes: bufferize", "llvm-opt", "codegen", "total"):
        assert name in text
    assert "most expensive passes:" in text and "one-shot-bufferize" in text


def test_function_profile_has_the_frontend_stages(fake_native):
    x = st.dvector("x")
    f = symc.function([x], x + 1, profile=True)
    names = [n for n, _ in f.profile.stages]
    assert names[:3] == ["graph", "emit", "native import"]
    assert names[-1] == "frontend (other)"
    assert all(s >= 0 for _, s in f.profile.stages)
    assert "compile stages:" in f.profile.summary()


def test_native_stages_are_included(fake_native, monkeypatch):
    real = fake_native.compile

    def compile_with_stages(*args, **kwargs):
        exe = real(*args, **kwargs)
        exe.stage_seconds = [("parse", 0.25), ("pass canonicalize", 0.5), ("load", 0.125)]
        return exe

    monkeypatch.setattr(fake_native, "compile", compile_with_stages)
    x = st.dvector("x")
    y = x * 3
    f = symc.function([x], y, profile=True)
    stages = dict(f.profile.stage_groups())
    assert stages["parse"] == 0.25 and stages["passes: optimize"] == 0.5 and stages["load"] == 0.125
    # A second function with the same IR comes from the process's memo: no
    # native stages of its own.
    g = symc.function([x], y, profile=True)
    assert "parse" not in dict(g.profile.stages) and "memo-hit" in dict(g.profile.stages)


def test_compile_verbose_prints_the_stages(fake_native, capsys):
    x = st.dvector("x")
    old = symc.config.compile_verbose
    symc.config.compile_verbose = True
    try:
        symc.function([x], x - 1, name="verbose_fn")
    finally:
        symc.config.compile_verbose = old
    err = capsys.readouterr().err
    assert "symc: compiled verbose_fn (compiled)" in err
    assert "emit" in err and "total" in err


def test_compile_verbose_off_prints_nothing(fake_native, capsys):
    x = st.dvector("x")
    symc.function([x], x - 2)
    assert "symc: compiled" not in capsys.readouterr().err
