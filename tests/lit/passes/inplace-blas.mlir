// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg --canonicalize --symc-inplace | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg --canonicalize \
// RUN:   --symc-inplace --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace lets gemm/gemv/ger accumulate into their C/y/A operand when
// it dies there and is a buffer of the function, instead of copying it into
// a fresh buffer first.

// Tests that gemm accumulates into a dead temporary C: no allocation and no
// copy for the accumulator; BLAS gets C's own buffer.
// CHECK-LABEL: func.func @gemm_dead_c
// CHECK:         %[[C:.*]] = linalg.generic
// CHECK-NOT:     memref.copy
// CHECK:         %[[CBUF:.*]] = bufferization.to_buffer %[[C]] : tensor<?x?xf64> to memref<?x?xf64>
// CHECK-NOT:     memref.alloc
// CHECK:         call @symc_rt_gemm_f64
// CHECK:         bufferization.to_tensor %[[CBUF]] restrict writable
// BUF-LABEL: func.func @gemm_dead_c
// BUF-COUNT-1:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF-NOT:      memref.copy
// BUF:          return
func.func @gemm_dead_c(%alpha: tensor<f64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %beta: tensor<f64>, %x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c = symc.exp %x : tensor<?x?xf64>
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that a live C (also returned) is copied: the caller sees it unchanged.
// CHECK-LABEL: func.func @gemm_live_c
// CHECK:         memref.alloc
// CHECK:         bufferization.to_buffer %{{.*}} read_only
// CHECK:         memref.copy
func.func @gemm_live_c(%alpha: tensor<f64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %beta: tensor<f64>, %x: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %c = symc.exp %x : tensor<?x?xf64>
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %0, %c : tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that C given by the caller (an input buffer) is never written.
// CHECK-LABEL: func.func @gemm_input_c
// CHECK-SAME:    %[[C:[^:]*]]: tensor<?x?xf32>)
// CHECK:         bufferization.to_buffer %[[C]] read_only
// CHECK:         memref.copy
func.func @gemm_input_c(%alpha: tensor<f32>, %a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %beta: tensor<f32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that ger accumulates into a dead BLAS result (A = dot(u, v^T) + ...):
// the product's fresh buffer is reused.
// CHECK-LABEL: func.func @ger_into_product
// CHECK:         call @symc_rt_gemm_f64
// CHECK-NOT:     memref.copy
// CHECK:         call @symc_rt_ger_f64
func.func @ger_into_product(%alpha: tensor<f64>, %p: tensor<?x?xf64>, %q: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?x?xf64> {
  %a = symc.dot %p, %q : tensor<?x?xf64>, tensor<?x?xf64>
  %0 = symc.ger %alpha, %x, %y, %a : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

