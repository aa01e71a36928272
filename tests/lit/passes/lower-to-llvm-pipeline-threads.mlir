// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 approximate-math=0})' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 threads=1 approximate-math=0})' | FileCheck %s --check-prefix=SEQ

// symc-lower-to-llvm-pipeline splits large compute-only loops over the async
// runtime's thread pool (symc-parallelize-loops, then async-parallel-for);
// threads=1 gives sequential code.

// Tests that the fused B1 loop is outlined into a block function that the
// async runtime dispatches, with an inline call for a single block, and that
// the size check stays in the exported function (it returns early from it).
// CHECK-LABEL: llvm.func @b1(
// CHECK:         llvm.call @parallel_compute_fn
// CHECK:         llvm.call @mlirAsyncRuntimeCreateGroup
// CHECK:         llvm.call @async_dispatch_fn
// CHECK:         llvm.call @mlirAsyncRuntimeAwaitAllInGroup
// CHECK:         llvm.call @symc_rt_fail
// CHECK-LABEL: llvm.func @parallel_compute_fn
// CHECK-DAG:     llvm.call @exp
// CHECK-DAG:     llvm.call @log
// CHECK-DAG:     llvm.call @tanh
// SEQ-LABEL:   llvm.func @b1
// SEQ-NOT:     mlirAsyncRuntime
// SEQ-NOT:     llvm.func @parallel_compute_fn
func.func @b1(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %half = symc.constant dense<0.5> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %l = symc.add %e, %one : tensor<?xf64>, tensor<1xf64>
  %s = symc.log %l : tensor<?xf64>
  %p = symc.mul %s, %y : tensor<?xf64>, tensor<?xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %h = symc.mul %t, %half : tensor<?xf64>, tensor<1xf64>
  %r = symc.add %p, %h : tensor<?xf64>, tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// Tests that a reduction over the outermost dimension (column sums) stays a
// sequential loop of the exported function; only the zero fill of the result
// (parallel) goes to a block function.
// CHECK-LABEL: llvm.func @column_sums(
// CHECK:         llvm.call @async_dispatch_fn
// CHECK:         llvm.fadd
// CHECK-LABEL: llvm.func @_mlir_ciface_column_sums
func.func @column_sums(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %r = symc.reduce_sum %x axes = [0] : tensor<?x?xf64>
  return %r : tensor<?xf64>
}
