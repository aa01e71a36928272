// RUN: symc-opt %s | FileCheck %s
// RUN: symc-opt %s | symc-opt | FileCheck %s

// symc.fused_elementwise round-trips through its custom form.

// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[C:.*]]: tensor<1xf64>)
// CHECK:         %[[R:.*]]:2 = symc.fused_elementwise(%[[X]], %[[C]]) : (tensor<?xf64>, tensor<1xf64>) -> (tensor<?xf64>, tensor<?xi1>) {
// CHECK:         ^bb0(%[[A:.*]]: tensor<f64>, %[[B:.*]]: tensor<f64>):
// CHECK:           %[[T:.*]] = symc.tanh %[[A]] : tensor<f64>
// CHECK:           %[[M:.*]] = symc.mul %[[T]], %[[B]] : tensor<f64>
// CHECK:           %[[L:.*]] = symc.lt %[[M]], %[[B]] : tensor<f64>
// CHECK:           symc.yield %[[M]], %[[L]] : tensor<f64>, tensor<i1>
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @chain(%x: tensor<?xf64>, %c: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xi1>) {
  %r:2 = symc.fused_elementwise (%x, %c) : (tensor<?xf64>, tensor<1xf64>) -> (tensor<?xf64>, tensor<?xi1>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    %m = symc.mul %t, %b : tensor<f64>
    %l = symc.lt %m, %b : tensor<f64>
    symc.yield %m, %l : tensor<f64>, tensor<i1>
  }
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xi1>
}

// CHECK-LABEL: func.func @unsigned_cast
// CHECK:         symc.fused_elementwise(%{{.*}}) : (tensor<4x?xui8>) -> tensor<4x?xf32>
// CHECK:           symc.cast %{{.*}} : tensor<ui8> to tensor<f32>
func.func @unsigned_cast(%x: tensor<4x?xui8>) -> tensor<4x?xf32> {
  %r = symc.fused_elementwise (%x) : (tensor<4x?xui8>) -> tensor<4x?xf32> {
  ^bb0(%a: tensor<ui8>):
    %n = symc.not %a : tensor<ui8>
    %f = symc.cast %n : tensor<ui8> to tensor<f32>
    symc.yield %f : tensor<f32>
  }
  return %r : tensor<4x?xf32>
}
