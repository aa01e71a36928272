// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the products: dot for every rank pair, batched_dot with a
// broadcast batch, outer, and the BLAS-shaped gemm/gemv/ger with their flags.

// Tests that dot takes four rank combinations and infers their result ranks.
// CHECK-LABEL: func.func @dot
// CHECK-SAME:    (%[[V:.*]]: tensor<?xf64>, %[[M:.*]]: tensor<3x?xf64>, %[[N:.*]]: tensor<?x5xf64>)
// CHECK:         %[[VV:.*]] = symc.dot %[[V]], %[[V]] : tensor<?xf64>, tensor<?xf64>
// CHECK:         %[[MV:.*]] = symc.dot %[[M]], %[[V]] : tensor<3x?xf64>, tensor<?xf64>
// CHECK:         %[[VM:.*]] = symc.dot %[[V]], %[[N]] : tensor<?xf64>, tensor<?x5xf64>
// CHECK:         %[[MM:.*]] = symc.dot %[[M]], %[[N]] : tensor<3x?xf64>, tensor<?x5xf64>
// CHECK:         return %[[VV]], %[[MV]], %[[VM]], %[[MM]] : tensor<f64>, tensor<3xf64>, tensor<5xf64>, tensor<3x5xf64>
func.func @dot(%v: tensor<?xf64>, %m: tensor<3x?xf64>, %n: tensor<?x5xf64>)
    -> (tensor<f64>, tensor<3xf64>, tensor<5xf64>, tensor<3x5xf64>) {
  %0 = symc.dot %v, %v : tensor<?xf64>, tensor<?xf64>
  %1 = symc.dot %m, %v : tensor<3x?xf64>, tensor<?xf64>
  %2 = symc.dot %v, %n : tensor<?xf64>, tensor<?x5xf64>
  %3 = symc.dot %m, %n : tensor<3x?xf64>, tensor<?x5xf64>
  return %0, %1, %2, %3 : tensor<f64>, tensor<3xf64>, tensor<5xf64>, tensor<3x5xf64>
}

// -----

// Tests that batched_dot broadcasts a static batch of 1, and that dot takes integers.
// CHECK-LABEL: func.func @batched_dot
// CHECK-SAME:    (%[[A:.*]]: tensor<?x2x3xf32>, %[[B:.*]]: tensor<1x3x4xf32>, %[[I:.*]]: tensor<4x4xi32>)
// CHECK:         %[[R:.*]] = symc.batched_dot %[[A]], %[[B]] : tensor<?x2x3xf32>, tensor<1x3x4xf32>
// CHECK:         %[[II:.*]] = symc.dot %[[I]], %[[I]] : tensor<4x4xi32>, tensor<4x4xi32>
// CHECK:         return %[[R]], %[[II]] : tensor<?x2x4xf32>, tensor<4x4xi32>
func.func @batched_dot(%a: tensor<?x2x3xf32>, %b: tensor<1x3x4xf32>, %i: tensor<4x4xi32>) -> (tensor<?x2x4xf32>, tensor<4x4xi32>) {
  %0 = symc.batched_dot %a, %b : tensor<?x2x3xf32>, tensor<1x3x4xf32>
  %1 = symc.dot %i, %i : tensor<4x4xi32>, tensor<4x4xi32>
  return %0, %1 : tensor<?x2x4xf32>, tensor<4x4xi32>
}

// -----

// Tests that outer of two vectors infers a matrix.
// CHECK-LABEL: func.func @outer
// CHECK-SAME:    (%[[U:.*]]: tensor<?xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK:         %[[R:.*]] = symc.outer %[[U]], %[[V]] : tensor<?xf32>, tensor<3xf32>
// CHECK:         return %[[R]] : tensor<?x3xf32>
func.func @outer(%u: tensor<?xf32>, %v: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = symc.outer %u, %v : tensor<?xf32>, tensor<3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that gemm round-trips with each transpose flag; alpha and beta are rank-0 tensors
// whose type the format derives from C.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME:    (%[[S:.*]]: tensor<f32>, %[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[BT:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<?x4xf32>)
// CHECK:         %[[G0:.*]] = symc.gemm %[[S]], %[[A]], %[[B]], %[[S]], %[[C]] : tensor<?x3xf32>, tensor<3x4xf32>, tensor<?x4xf32>
// CHECK:         %[[G1:.*]] = symc.gemm %[[S]], %[[A]], %[[BT]], %[[S]], %[[G0]] {transpose_b} : tensor<?x3xf32>, tensor<4x3xf32>, tensor<?x4xf32>
// CHECK:         %[[AT:.*]] = symc.dimshuffle %[[A]] [1, 0] : tensor<?x3xf32>
// CHECK:         %[[G2:.*]] = symc.gemm %[[S]], %[[AT]], %[[BT]], %[[S]], %[[G1]] {transpose_a, transpose_b} : tensor<3x?xf32>, tensor<4x3xf32>, tensor<?x4xf32>
// CHECK:         return %[[G2]]
func.func @gemm(%s: tensor<f32>, %a: tensor<?x3xf32>, %b: tensor<3x4xf32>, %bt: tensor<4x3xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = symc.gemm %s, %a, %b, %s, %c : tensor<?x3xf32>, tensor<3x4xf32>, tensor<?x4xf32>
  %1 = symc.gemm %s, %a, %bt, %s, %0 {transpose_b} : tensor<?x3xf32>, tensor<4x3xf32>, tensor<?x4xf32>
  %at = symc.dimshuffle %a [1, 0] : tensor<?x3xf32>
  %2 = symc.gemm %s, %at, %bt, %s, %1 {transpose_a, transpose_b} : tensor<3x?xf32>, tensor<4x3xf32>, tensor<?x4xf32>
  return %2 : tensor<?x4xf32>
}

// -----

// Tests that gemv (with and without transpose_a) and ger round-trip.
// CHECK-LABEL: func.func @gemv_ger
// CHECK-SAME:    (%[[S:.*]]: tensor<f64>, %[[A:.*]]: tensor<?x?xf64>, %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK:         %[[V0:.*]] = symc.gemv %[[S]], %[[A]], %[[X]], %[[S]], %[[Y]] : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
// CHECK:         %[[V1:.*]] = symc.gemv %[[S]], %[[A]], %[[V0]], %[[S]], %[[X]] {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
// CHECK:         %[[R:.*]] = symc.ger %[[S]], %[[V0]], %[[V1]], %[[A]] : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>
// CHECK:         return %[[R]]
func.func @gemv_ger(%s: tensor<f64>, %a: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?x?xf64> {
  %0 = symc.gemv %s, %a, %x, %s, %y : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %1 = symc.gemv %s, %a, %0, %s, %x {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %2 = symc.ger %s, %0, %1, %a : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}
