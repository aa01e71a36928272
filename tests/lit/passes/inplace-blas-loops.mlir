// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg --canonicalize --symc-inplace | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg --canonicalize \
// RUN:   --symc-inplace --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace and BLAS accumulators carried by loops (the scf.for a
// symc.scan lowers to): bufferized with the options of
// symc-lower-to-llvm-pipeline.

// Tests that a gemm accumulating into a loop-carried value (a scan summing
// the gradient of a weight over time steps) updates the loop's buffer in
// place: no copy of the accumulator per iteration; the only copy left is
// the one giving the loop a private buffer for its initial value.
// CHECK-LABEL: func.func @gemm_loop_carried_c
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<?x?xf64>)
// CHECK-NOT:       memref.copy
// CHECK:           %[[ABUF:.*]] = bufferization.to_buffer %[[ACC]] : tensor<?x?xf64> to memref<?x?xf64>
// CHECK-NOT:       memref.copy
// CHECK:           call @symc_rt_gemm_f64
// CHECK:           %[[NEW:.*]] = bufferization.to_tensor %[[ABUF]] restrict writable
// CHECK:           scf.yield %[[NEW]]
// BUF-LABEL: func.func @gemm_loop_carried_c
// BUF:         memref.copy
// BUF:         scf.for
// BUF-NOT:       memref.copy
// BUF:           call @symc_rt_gemm_f64
// BUF-NOT:       memref.copy
// BUF:         return
func.func @gemm_loop_carried_c(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c0: tensor<?x?xf64>, %n: index) -> tensor<?x?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %r = scf.for %i = %lo to %n step %step iter_args(%acc = %c0) -> (tensor<?x?xf64>) {
    %0 = symc.gemm %one, %a, %b, %one, %acc : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
    scf.yield %0 : tensor<?x?xf64>
  }
  return %r : tensor<?x?xf64>
}

// -----

// Tests that a loop-carried accumulator that is also read after the gemm
// (here: added to the product) keeps its copy.
// CHECK-LABEL: func.func @gemm_loop_carried_c_live
// CHECK:         scf.for
// CHECK:           bufferization.to_buffer %{{.*}} read_only
// CHECK:           memref.copy
// CHECK:           call @symc_rt_gemm_f64
func.func @gemm_loop_carried_c_live(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c0: tensor<?x?xf64>, %n: index) -> tensor<?x?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %r = scf.for %i = %lo to %n step %step iter_args(%acc = %c0) -> (tensor<?x?xf64>) {
    %0 = symc.gemm %one, %a, %b, %one, %acc : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
    %1 = symc.add %0, %acc : tensor<?x?xf64>, tensor<?x?xf64>
    scf.yield %1 : tensor<?x?xf64>
  }
  return %r : tensor<?x?xf64>
}
