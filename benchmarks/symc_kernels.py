"""symc functions of the benchmarks, as IR text compiled through symc._native.

Each workload is written in the symc dialect and compiled with symc's
default pipeline (``symc-lower-to-llvm-pipeline``). While that pipeline is
not available (the lowering lives on another branch until it is merged),
the same function is given as the single fused ``linalg.generic`` the
symc pipeline is meant to produce, lowered by upstream passes: the numbers
then measure the runtime and code generation for fused IR, not symc's own
fusion. An INFO line says which path ran.
"""

import time

from symc import _native
from symc.config import config


def symc_pipeline():
    """The default pipeline with symc.config.num_threads (SYMC_FLAGS) applied."""
    threads = config.num_threads
    if threads == 0:
        return _native.DEFAULT_PIPELINE
    return f"builtin.module(symc-lower-to-llvm-pipeline{{threads={threads}}})"

UPSTREAM_PIPELINE = (
    "builtin.module("
    "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,convert-linalg-to-loops,"
    "expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-math-to-llvm,convert-arith-to-llvm,"
    "finalize-memref-to-llvm{use-generic-functions=true},convert-cf-to-llvm,convert-func-to-llvm,"
    "convert-index-to-llvm,reconcile-unrealized-casts)")


def b1_symc(t):
    return f"""
func.func @b1(%x: tensor<?x{t}>, %y: tensor<?x{t}>) -> tensor<?x{t}> {{
  %one = symc.constant dense<1.0> : tensor<1x{t}>
  %half = symc.constant dense<0.5> : tensor<1x{t}>
  %e = symc.exp %x : tensor<?x{t}>
  %s = symc.add %e, %one : tensor<?x{t}>, tensor<1x{t}>
  %l = symc.log %s : tensor<?x{t}>
  %m = symc.mul %l, %y : tensor<?x{t}>, tensor<?x{t}>
  %th = symc.tanh %x : tensor<?x{t}>
  %h = symc.mul %th, %half : tensor<?x{t}>, tensor<1x{t}>
  %r = symc.add %m, %h : tensor<?x{t}>, tensor<?x{t}>
  return %r : tensor<?x{t}>
}}
"""


def _generic(name, t, n_inputs, body):
    ident = "affine_map<(i) -> (i)>"
    args = ", ".join(f"%x{i}: tensor<?x{t}>" for i in range(n_inputs))
    ins = ", ".join(f"%x{i}" for i in range(n_inputs))
    block = ", ".join([f"%a{i}: {t}" for i in range(n_inputs)] + [f"%o: {t}"])
    return f"""
func.func @{name}({args}) -> tensor<?x{t}> attributes {{llvm.emit_c_interface}} {{
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x0, %c0 : tensor<?x{t}>
  %init = tensor.empty(%n) : tensor<?x{t}>
  %r = linalg.generic {{indexing_maps = [{", ".join([ident] * (n_inputs + 1))}], iterator_types = ["parallel"]}}
      ins({ins} : {", ".join([f"tensor<?x{t}>"] * n_inputs)}) outs(%init : tensor<?x{t}>) {{
  ^bb0({block}):
{body}
  }} -> tensor<?x{t}>
  return %r : tensor<?x{t}>
}}
"""


def b1_fused(t):
    return _generic("b1", t, 2, f"""
    %e = math.exp %a0 : {t}
    %one = arith.constant 1.0 : {t}
    %s = arith.addf %e, %one : {t}
    %l = math.log %s : {t}
    %m = arith.mulf %l, %a1 : {t}
    %th = math.tanh %a0 : {t}
    %half = arith.constant 0.5 : {t}
    %h = arith.mulf %th, %half : {t}
    %r = arith.addf %m, %h : {t}
    linalg.yield %r : {t}""")


def b5_symc():
    return """
func.func @b5(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %r = symc.add %x, %one : tensor<?xf64>, tensor<1xf64>
  return %r : tensor<?xf64>
}
"""


def b5_fused():
    return _generic("b5", "f64", 1, """
    %one = arith.constant 1.0 : f64
    %r = arith.addf %a0, %one : f64
    linalg.yield %r : f64""")


_path = None


def compile_kernel(symc_ir, fused_ir, function, cache_dir=None):
    """Compiles the symc version with the default pipeline, or the fused
    linalg version with upstream passes when the symc pipeline is missing.
    Returns (executable, path description, seconds)."""
    global _path
    t0 = time.perf_counter()
    if _path != "fused":
        try:
            pipeline = symc_pipeline()
            exe = _native.compile(symc_ir, function, pipeline=pipeline, cache_dir=cache_dir)
            _path = "symc"
            return exe, "symc IR, " + pipeline, time.perf_counter() - t0
        except _native.CompilationError as e:
            if "symc-lower-to-llvm-pipeline" not in e.diagnostics:
                raise
            _path = "fused"
    exe = _native.compile(fused_ir, function, pipeline=UPSTREAM_PIPELINE, cache_dir=cache_dir)
    return exe, "fused linalg IR, upstream passes (symc-lower-to-llvm-pipeline not available)", \
        time.perf_counter() - t0
