"""The installed symc-opt works on the shipped examples (packaging check)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYMC_OPT = Path(sys.executable).parent / "symc-opt"


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.mlir")), ids=lambda p: p.name)
def test_examples_optimize(example):
    out = subprocess.run(
        [str(SYMC_OPT), str(example), "--pass-pipeline=builtin.module(func.func(symc-infer-shapes,canonicalize,cse))"],
        capture_output=True, text=True, check=True).stdout
    assert "func.func" in out


def test_help_lists_symc_passes():
    out = subprocess.run([str(SYMC_OPT), "--help"], capture_output=True, text=True, check=True).stdout
    assert "--symc-infer-shapes" in out


def test_invalid_ir_is_a_diagnostic_not_a_crash(tmp_path):
    bad = tmp_path / "bad.mlir"
    bad.write_text("func.func @f(%a: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<3xf32> {\n"
                   "  %0 = symc.add %a, %b : tensor<3xf32>, tensor<4xf32>\n"
                   "  return %0 : tensor<3xf32>\n}\n")
    proc = subprocess.run([str(SYMC_OPT), str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "'symc.add' op operands #0 and #1 cannot broadcast along dimension 0" in proc.stderr
