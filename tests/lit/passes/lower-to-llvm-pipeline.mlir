// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 threads=1 approximate-math=0})' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 threads=1 approximate-math=0})' -o %t.mlir
// RUN: mlir-translate --split-input-file --mlir-to-llvmir %t.mlir | FileCheck %s --check-prefix=LLVM

// symc-lower-to-llvm-pipeline takes symc IR to the LLVM dialect with the
// runtime's calling convention; broad checks only (each step has its own
// test). threads=1: sequential code; lower-to-llvm-pipeline-threads.mlir
// shows the parallel loops.

// Tests B1 of BENCHMARKS.md end to end: only LLVM dialect ops remain, the C
// wrapper exists, the fused loop calls libm functions that carry libmvec
// variants, the size check reports through symc_rt_fail, and allocation
// goes through the runtime's generic functions.
// CHECK-NOT:     func.func
// CHECK-NOT:     memref.
// CHECK-NOT:     linalg.
// CHECK-NOT:     symc.
// CHECK-DAG:     llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
// CHECK-DAG:     llvm.func @symc_rt_fail(!llvm.ptr, i64, i64, i64, i64)
// CHECK-DAG:     llvm.func @exp(f64) -> f64 {{.*}}_ZGVeN8v_exp
// CHECK-DAG:     llvm.func @log(f64) -> f64 {{.*}}_ZGVeN8v_log
// CHECK-DAG:     llvm.func @tanh(f64) -> f64 {{.*}}_ZGVeN8v_tanh
// CHECK-LABEL:   llvm.func @b1(
// CHECK-SAME:      attributes {llvm.emit_c_interface, passthrough = {{\[\[}}"prefer-vector-width", "512"]]}
// CHECK:           llvm.cond_br %{{.*}} weights([1048576, 1])
// CHECK:           llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:           llvm.call @tanh
// CHECK:           llvm.call @exp
// CHECK:           llvm.call @log
// CHECK:           llvm.call @symc_rt_fail
// CHECK:         llvm.func @_mlir_ciface_b1(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK:         llvm.mlir.global appending @llvm.compiler.used()

// LLVM-LABEL:  define { ptr, ptr, i64, [1 x i64], [1 x i64] } @b1(
// LLVM:        define void @_mlir_ciface_b1(ptr %0, ptr %1, ptr %2)
// LLVM:        "vector-function-abi-variant"="_ZGV_LLVM_N8v_exp(_ZGVeN8v_exp)

func.func @b1(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %half = symc.constant dense<0.5> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %a = symc.add %one, %e : tensor<1xf64>, tensor<?xf64>
  %l = symc.log %a : tensor<?xf64>
  %m = symc.mul %l, %y : tensor<?xf64>, tensor<?xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %th = symc.mul %t, %half : tensor<?xf64>, tensor<1xf64>
  %r = symc.add %m, %th : tensor<?xf64>, tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// Tests that a result that is an argument is copied into a fresh buffer
// the caller owns (never the argument's own buffer).
// CHECK-LABEL:   llvm.func @identity(
// CHECK:           %[[NEW:.*]] = llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:           "llvm.intr.memcpy"(%[[NEW]]
// CHECK:           llvm.return

// LLVM-LABEL:  define {{.*}} @identity(
// LLVM:          call ptr @_mlir_memref_to_llvm_alloc
// LLVM:          call void @llvm.memcpy

func.func @identity(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// Tests that a temporary (the BLAS result feeding another product) is freed
// and the float products are BLAS calls on the buffers.
// CHECK-LABEL:   llvm.func @temporary_freed(
// CHECK:           %[[TMP:.*]] = llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:           llvm.call @symc_rt_gemm_f64(
// CHECK:           llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:           llvm.call @symc_rt_gemm_f64(
// CHECK:           llvm.call @_mlir_memref_to_llvm_free(%[[TMP]])

// LLVM-LABEL:  define {{.*}} @temporary_freed(
// LLVM:          call void @symc_rt_gemm_f64(

func.func @temporary_freed(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %p = symc.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64>
  %t = symc.dot %p, %b : tensor<?x?xf64>, tensor<?x?xf64>
  return %t : tensor<?x?xf64>
}

// -----

// Tests that tanh of a dead temporary (the BLAS result) is computed into the
// temporary's buffer (symc-inplace): one allocation, returned, none freed.
// CHECK-LABEL:   llvm.func @elementwise_in_place(
// CHECK:           llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:           llvm.call @symc_rt_gemm_f64(
// CHECK-NOT:       llvm.call @_mlir_memref_to_llvm_alloc
// CHECK-NOT:       llvm.call @_mlir_memref_to_llvm_free
// CHECK:           llvm.call @tanh
// CHECK-NOT:       llvm.call @_mlir_memref_to_llvm_alloc
// CHECK-NOT:       llvm.call @_mlir_memref_to_llvm_free
// CHECK:           llvm.return
func.func @elementwise_in_place(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %p = symc.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64>
  %t = symc.tanh %p : tensor<?x?xf64>
  return %t : tensor<?x?xf64>
}

// -----

// Tests that every op family goes through the whole pipeline in one module
// (reductions, indexing, shape ops, NN ops, integer and unsigned types).
// CHECK-LABEL:   llvm.func @families(
// CHECK-NOT:       symc.
// CHECK:           llvm.return
// LLVM-LABEL:  define {{.*}} @families(
func.func @families(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %u: tensor<?xui8>, %s: tensor<2xi64>)
    -> (tensor<?xf32>, tensor<?x?xf32>, tensor<?xi64>, tensor<?xui8>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = symc.logsumexp %x axes = [1] : tensor<?x?xf32>
  %1 = symc.advanced_subtensor %x[%i] : tensor<?x?xf32>, tensor<?xi64>
  %2 = symc.argmax %x axis = 0 : tensor<?x?xf32>
  %3 = symc.floordiv %u, %u : tensor<?xui8>, tensor<?xui8>
  %4 = symc.reshape %x, %s : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %5 = symc.log_softmax %x axis = 1 : tensor<?x?xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?xf32>, tensor<?x?xf32>, tensor<?xi64>, tensor<?xui8>, tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// Tests that symc ops inside a loop carrying a tensor (a scan body) lower,
// the loop yielding a fresh buffer each iteration.
// CHECK-LABEL:   llvm.func @scan_like_loop(
// CHECK-NOT:       scf.
// CHECK:           llvm.call @tanh
// CHECK:           llvm.call @_mlir_memref_to_llvm_free
// LLVM-LABEL:  define {{.*}} @scan_like_loop(
func.func @scan_like_loop(%h0: tensor<?xf64>, %w: tensor<1xf64>, %n: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<?xf64>) {
    %m = symc.mul %h, %w : tensor<?xf64>, tensor<1xf64>
    %a = symc.add %m, %h0 : tensor<?xf64>, tensor<?xf64>
    %t = symc.tanh %a : tensor<?xf64>
    scf.yield %t : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
