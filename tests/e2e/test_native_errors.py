"""Compilation failures: a CompilationError with the MLIR diagnostics, the IR
written to a file and a symc-opt command line that reproduces the failure;
SymcCompilationError through the frontend module."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from symc.errors import SymcCompilationError

SYMC_OPT = Path(sys.executable).parent / "symc-opt"

# symc ops have no bufferization: an upstream-only pipeline fails on them,
# at the user's location.
NOT_BUFFERIZABLE = """
func.func @f(%x: tensor<?xf64>) -> tensor<?xf64> attributes {llvm.emit_c_interface} {
  %y = symc.tanh %x : tensor<?xf64> loc("user_model.py":42:7)
  return %y : tensor<?xf64>
}
"""


def run_repro(repro):
    """Runs a repro line with the symc-opt of this environment."""
    argv = shlex.split(repro)
    assert argv[0] == "symc-opt"
    return subprocess.run([str(SYMC_OPT)] + argv[1:], capture_output=True, text=True)


def test_a_failing_pass_reports_diagnostics_at_the_users_location_and_a_repro(native, tmp_path,
                                                                              upstream_pipeline):
    dump = tmp_path / "dump"
    with pytest.raises(native.CompilationError) as info:
        native.compile(NOT_BUFFERIZABLE, "f", pipeline=upstream_pipeline, dump_dir=str(dump))
    e = info.value
    assert isinstance(e, RuntimeError)
    assert "user_model.py:42:7: error: op was not bufferized" in e.diagnostics
    assert e.diagnostics in str(e)
    assert "the pass pipeline failed" in str(e)
    assert Path(e.ir_path).parent == dump and Path(e.ir_path).read_text() == NOT_BUFFERIZABLE
    assert e.repro == f"symc-opt --pass-pipeline='{upstream_pipeline}' {e.ir_path}"
    assert e.repro in str(e)
    assert "--mlir-print-ir-after-all --mlir-disable-threading" in str(e)
    proc = run_repro(e.repro)
    assert proc.returncode != 0
    assert "user_model.py:42:7: error: op was not bufferized" in proc.stderr


def test_invalid_ir_is_reported_with_its_line_and_a_repro(native, tmp_path, upstream_pipeline):
    bad = "func.func @f(%x: tensor<3xf64>) -> tensor<3xf64> {\n  return %y : tensor<3xf64>\n}\n"
    with pytest.raises(native.CompilationError) as info:
        native.compile(bad, "f", pipeline=upstream_pipeline, dump_dir=str(tmp_path))
    e = info.value
    assert "parsing the IR failed" in str(e)
    assert f"{e.ir_path}:2:10: error: use of undeclared SSA value name" in e.diagnostics
    assert e.repro == f"symc-opt {e.ir_path}"
    proc = run_repro(e.repro)
    assert proc.returncode != 0 and "use of undeclared SSA value name" in proc.stderr


def test_verifier_errors_of_symc_ops_surface_as_compilation_errors(native, tmp_path, upstream_pipeline):
    bad = """
func.func @f(%a: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<3xf32> {
  %0 = symc.add %a, %b : tensor<3xf32>, tensor<4xf32>
  return %0 : tensor<3xf32>
}
"""
    with pytest.raises(native.CompilationError, match="cannot broadcast along dimension 0"):
        native.compile(bad, "f", pipeline=upstream_pipeline, dump_dir=str(tmp_path))


def test_an_unknown_pass_is_a_compilation_error(native, tmp_path):
    ir = "func.func @f(%x: tensor<3xf64>) -> tensor<3xf64> attributes {llvm.emit_c_interface} {\n" \
         "  return %x : tensor<3xf64>\n}\n"
    with pytest.raises(native.CompilationError) as info:
        native.compile(ir, "f", pipeline="builtin.module(no-such-pass)", dump_dir=str(tmp_path))
    assert "the pass pipeline does not parse" in str(info.value)
    assert "no-such-pass" in info.value.diagnostics


def test_the_default_pipeline_is_the_symc_lowering(native):
    assert native.DEFAULT_PIPELINE == "builtin.module(symc-lower-to-llvm-pipeline)"


def test_a_missing_function_or_c_interface_is_explained(native, tmp_path, upstream_pipeline):
    ir = "func.func @f(%x: tensor<3xf64>) -> tensor<3xf64> {\n  return %x : tensor<3xf64>\n}\n"
    with pytest.raises(native.CompilationError, match="the module has no func.func @g with a body"):
        native.compile(ir, "g", pipeline=upstream_pipeline, dump_dir=str(tmp_path))
    with pytest.raises(native.CompilationError, match="needs the llvm.emit_c_interface attribute"):
        native.compile(ir, "f", pipeline=upstream_pipeline, dump_dir=str(tmp_path))


@pytest.mark.parametrize("type_, message", [("tensor<3xf16>", "element type f16 is not one of"),
                                            ("tensor<3xindex>", "element type index is not one of"),
                                            ("tensor<*xf64>", "only ranked tensors"),
                                            ("f64", "only ranked tensors")])
def test_types_the_runtime_cannot_pass_are_rejected(type_, message, native, tmp_path, upstream_pipeline):
    ir = f"func.func @f(%x: {type_}) -> {type_} attributes {{llvm.emit_c_interface}} {{\n" \
         f"  return %x : {type_}\n}}\n"
    with pytest.raises(native.CompilationError, match=f"argument #0 of @f: {message}"):
        native.compile(ir, "f", pipeline=upstream_pipeline, dump_dir=str(tmp_path))


def test_the_dump_dir_defaults_to_symc_dump_dir(native, tmp_path, upstream_pipeline, monkeypatch):
    monkeypatch.setenv("SYMC_DUMP_DIR", str(tmp_path / "from_env"))
    with pytest.raises(native.CompilationError) as info:
        native.compile(NOT_BUFFERIZABLE, "f", pipeline=upstream_pipeline)
    assert Path(info.value.ir_path).parent == tmp_path / "from_env"


def test_the_frontend_module_raises_symc_compilation_error(tmp_path, upstream_pipeline):
    from symc.compile import native as frontend_native
    with pytest.raises(SymcCompilationError) as info:
        frontend_native.compile(NOT_BUFFERIZABLE, "f", pipeline=upstream_pipeline, dump_dir=tmp_path)
    e = info.value
    assert isinstance(e, RuntimeError)
    assert "op was not bufferized" in e.diagnostics
    assert os.path.isfile(e.ir_path) and e.repro.startswith("symc-opt --pass-pipeline=")
    with pytest.raises(SymcCompilationError, match="op was not bufferized"):
        frontend_native.stage_ir(NOT_BUFFERIZABLE, upstream_pipeline)
    with pytest.raises(SymcCompilationError, match="op was not bufferized"):
        frontend_native.llvm_ir(NOT_BUFFERIZABLE, "f", upstream_pipeline)


def test_stage_ir_and_llvm_ir_show_the_stages(native, ir, upstream_pipeline):
    text = ir.elementwise("g", (None,), ["float64"], "float64", "%r0 = math.exp %a0 : f64")
    lowered = native.stage_ir(text, upstream_pipeline)
    assert "llvm.func @_mlir_ciface_g" in lowered and "linalg.generic" not in lowered
    assert native.stage_ir(text, "builtin.module(canonicalize)").count("linalg.generic") == 1
    llvm = native.llvm_ir(text, "g", upstream_pipeline)
    assert "define void @_symc_call_g(ptr" in llvm
    # Compiled for the host: libmvec's vector exp replaces the scalar libm call.
    assert "_ZGV" in llvm and "_exp" in llvm
    exe = native.compile(text, "g", pipeline=upstream_pipeline)
    x = np.linspace(-3, 3, 1001)
    np.testing.assert_allclose(exe(x)[0], np.exp(x), rtol=1e-15)
