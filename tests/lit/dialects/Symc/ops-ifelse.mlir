// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the lazy conditional symc.ifelse and its terminator.

// Tests that an ifelse with two results, regions using outer values and a
// yielded type more static than the result round-trips.
// CHECK-LABEL: func.func @two_results
// CHECK-SAME:    (%[[C:.*]]: tensor<i1>, %[[X:.*]]: tensor<?xf32>, %[[S:.*]]: tensor<4xf32>)
// CHECK:         %[[R:.*]]:2 = symc.ifelse %[[C]] -> (tensor<?xf32>, tensor<f32>) {
// CHECK:           %[[E:.*]] = symc.exp %[[X]] : tensor<?xf32>
// CHECK:           %[[SUM:.*]] = symc.reduce_sum %[[E]] axes = [0] : tensor<?xf32>
// CHECK:           symc.yield %[[E]], %[[SUM]] : tensor<?xf32>, tensor<f32>
// CHECK:         } else {
// CHECK:           %[[Z:.*]] = symc.reduce_max %[[S]] axes = [0] : tensor<4xf32>
// CHECK:           symc.yield %[[S]], %[[Z]] : tensor<4xf32>, tensor<f32>
// CHECK:         }
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @two_results(%c: tensor<i1>, %x: tensor<?xf32>, %s: tensor<4xf32>) -> (tensor<?xf32>, tensor<f32>) {
  %r:2 = symc.ifelse %c -> (tensor<?xf32>, tensor<f32>) {
    %e = symc.exp %x : tensor<?xf32>
    %sum = symc.reduce_sum %e axes = [0] : tensor<?xf32>
    symc.yield %e, %sum : tensor<?xf32>, tensor<f32>
  } else {
    %z = symc.reduce_max %s axes = [0] : tensor<4xf32>
    symc.yield %s, %z : tensor<4xf32>, tensor<f32>
  }
  return %r#0, %r#1 : tensor<?xf32>, tensor<f32>
}

// -----

// Tests that ifelse ops nest.
// CHECK-LABEL: func.func @nested
// CHECK:         symc.ifelse %{{.*}} -> (tensor<f64>) {
// CHECK:           symc.ifelse %{{.*}} -> (tensor<f64>) {
// CHECK:             symc.yield %{{.*}} : tensor<f64>
// CHECK:           } else {
// CHECK:             symc.yield %{{.*}} : tensor<f64>
// CHECK:           }
// CHECK:         } else {
func.func @nested(%a: tensor<i1>, %b: tensor<i1>, %x: tensor<f64>, %y: tensor<f64>) -> tensor<f64> {
  %r = symc.ifelse %a -> (tensor<f64>) {
    %i = symc.ifelse %b -> (tensor<f64>) {
      symc.yield %x : tensor<f64>
    } else {
      symc.yield %y : tensor<f64>
    }
    symc.yield %i : tensor<f64>
  } else {
    symc.yield %y : tensor<f64>
  }
  return %r : tensor<f64>
}
