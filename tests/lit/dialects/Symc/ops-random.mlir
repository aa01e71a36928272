// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the random draws: each takes a generator state and returns
// the next one with the sample.

// Tests the four draws with constant and run-time shapes.
// CHECK-LABEL: func.func @draws
// CHECK-SAME:    (%[[S:.*]]: tensor<3xi64>, %[[SH:.*]]: tensor<2xi64>, %[[N:.*]]: tensor<i64>)
// CHECK:         %[[S1:.*]], %[[U:.*]] = symc.random_uniform %[[S]], %[[SH]] : tensor<2xi64> -> tensor<?x4xf32>
// CHECK:         %[[S2:.*]], %[[Z:.*]] = symc.random_normal %[[S1]], %[[SH]] : tensor<2xi64> -> tensor<?x?xf64>
// CHECK:         %[[C:.*]] = symc.constant dense<4> : tensor<1xi64>
// CHECK:         %[[S3:.*]], %[[B:.*]] = symc.random_bits %[[S2]], %[[C]] : tensor<1xi64> -> tensor<4xi32>
// CHECK:         %[[S4:.*]], %[[P:.*]] = symc.random_permutation %[[S3]], %[[N]] : tensor<?xi64>
// CHECK:         return %[[S4]], %[[U]], %[[Z]], %[[B]], %[[P]]
func.func @draws(%s: tensor<3xi64>, %shape: tensor<2xi64>, %n: tensor<i64>)
    -> (tensor<3xi64>, tensor<?x4xf32>, tensor<?x?xf64>, tensor<4xi32>, tensor<?xi64>) {
  %u:2 = symc.random_uniform %s, %shape : tensor<2xi64> -> tensor<?x4xf32>
  %z:2 = symc.random_normal %u#0, %shape : tensor<2xi64> -> tensor<?x?xf64>
  %c = symc.constant dense<4> : tensor<1xi64>
  %b:2 = symc.random_bits %z#0, %c : tensor<1xi64> -> tensor<4xi32>
  %p:2 = symc.random_permutation %b#0, %n : tensor<?xi64>
  return %p#0, %u#1, %z#1, %b#1, %p#1 : tensor<3xi64>, tensor<?x4xf32>, tensor<?x?xf64>, tensor<4xi32>, tensor<?xi64>
}
