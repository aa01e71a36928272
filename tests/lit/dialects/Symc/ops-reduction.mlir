// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the reductions: axes lists with and without keepdims, the
// arg-reductions and logsumexp. Result types are inferred from the axes.

// Tests that every reduction takes a sorted axes list and drops the reduced axes.
// CHECK-LABEL: func.func @reduce_drop
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x4xf32>, %[[B:.*]]: tensor<2x?xi1>, %[[I:.*]]: tensor<5xi64>)
// CHECK:         %[[SUM:.*]] = symc.reduce_sum %[[X]] axes = [0, 2] : tensor<?x3x4xf32>
// CHECK:         %[[PROD:.*]] = symc.reduce_prod %[[I]] axes = [0] : tensor<5xi64>
// CHECK:         %[[MAX:.*]] = symc.reduce_max %[[X]] axes = [1] : tensor<?x3x4xf32>
// CHECK:         %[[MIN:.*]] = symc.reduce_min %[[I]] axes = [0] : tensor<5xi64>
// CHECK:         %[[MEAN:.*]] = symc.reduce_mean %[[X]] axes = [0, 1, 2] : tensor<?x3x4xf32>
// CHECK:         %[[ALL:.*]] = symc.reduce_all %[[B]] axes = [1] : tensor<2x?xi1>
// CHECK:         %[[ANY:.*]] = symc.reduce_any %[[B]] axes = [0] : tensor<2x?xi1>
// CHECK:         %[[LSE:.*]] = symc.logsumexp %[[X]] axes = [2] : tensor<?x3x4xf32>
// CHECK:         return %[[SUM]], %[[PROD]], %[[MAX]], %[[MIN]], %[[MEAN]], %[[ALL]], %[[ANY]], %[[LSE]] : tensor<3xf32>, tensor<i64>, tensor<?x4xf32>, tensor<i64>, tensor<f32>, tensor<2xi1>, tensor<?xi1>, tensor<?x3xf32>
func.func @reduce_drop(%x: tensor<?x3x4xf32>, %b: tensor<2x?xi1>, %i: tensor<5xi64>)
    -> (tensor<3xf32>, tensor<i64>, tensor<?x4xf32>, tensor<i64>, tensor<f32>, tensor<2xi1>, tensor<?xi1>, tensor<?x3xf32>) {
  %0 = symc.reduce_sum %x axes = [0, 2] : tensor<?x3x4xf32>
  %1 = symc.reduce_prod %i axes = [0] : tensor<5xi64>
  %2 = symc.reduce_max %x axes = [1] : tensor<?x3x4xf32>
  %3 = symc.reduce_min %i axes = [0] : tensor<5xi64>
  %4 = symc.reduce_mean %x axes = [0, 1, 2] : tensor<?x3x4xf32>
  %5 = symc.reduce_all %b axes = [1] : tensor<2x?xi1>
  %6 = symc.reduce_any %b axes = [0] : tensor<2x?xi1>
  %7 = symc.logsumexp %x axes = [2] : tensor<?x3x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<3xf32>, tensor<i64>, tensor<?x4xf32>, tensor<i64>, tensor<f32>, tensor<2xi1>, tensor<?xi1>, tensor<?x3xf32>
}

// -----

// Tests that keepdims keeps each reduced axis as a static 1, and that an
// empty axes list reduces nothing.
// CHECK-LABEL: func.func @reduce_keepdims
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x4xf64>)
// CHECK:         %[[K:.*]] = symc.reduce_sum %[[X]] axes = [0, 2] keepdims : tensor<?x3x4xf64>
// CHECK:         %[[L:.*]] = symc.logsumexp %[[X]] axes = [1] keepdims : tensor<?x3x4xf64>
// CHECK:         %[[E:.*]] = symc.reduce_max %[[X]] axes = [] : tensor<?x3x4xf64>
// CHECK:         return %[[K]], %[[L]], %[[E]] : tensor<1x3x1xf64>, tensor<?x1x4xf64>, tensor<?x3x4xf64>
func.func @reduce_keepdims(%x: tensor<?x3x4xf64>) -> (tensor<1x3x1xf64>, tensor<?x1x4xf64>, tensor<?x3x4xf64>) {
  %0 = symc.reduce_sum %x axes = [0, 2] keepdims : tensor<?x3x4xf64>
  %1 = symc.logsumexp %x axes = [1] keepdims : tensor<?x3x4xf64>
  %2 = symc.reduce_max %x axes = [] : tensor<?x3x4xf64>
  return %0, %1, %2 : tensor<1x3x1xf64>, tensor<?x1x4xf64>, tensor<?x3x4xf64>
}

// -----

// Tests that argmax/argmin take one axis, give i64, and accept keepdims.
// CHECK-LABEL: func.func @arg_reduce
// CHECK-SAME:    (%[[X:.*]]: tensor<?x7xf32>, %[[U:.*]]: tensor<9xui8>)
// CHECK:         %[[AMAX:.*]] = symc.argmax %[[X]] axis = 1 : tensor<?x7xf32>
// CHECK:         %[[AMIN:.*]] = symc.argmin %[[X]] axis = 0 keepdims : tensor<?x7xf32>
// CHECK:         %[[AU:.*]] = symc.argmax %[[U]] axis = 0 : tensor<9xui8>
// CHECK:         return %[[AMAX]], %[[AMIN]], %[[AU]] : tensor<?xi64>, tensor<1x7xi64>, tensor<i64>
func.func @arg_reduce(%x: tensor<?x7xf32>, %u: tensor<9xui8>) -> (tensor<?xi64>, tensor<1x7xi64>, tensor<i64>) {
  %0 = symc.argmax %x axis = 1 : tensor<?x7xf32>
  %1 = symc.argmin %x axis = 0 keepdims : tensor<?x7xf32>
  %2 = symc.argmax %u axis = 0 : tensor<9xui8>
  return %0, %1, %2 : tensor<?xi64>, tensor<1x7xi64>, tensor<i64>
}
