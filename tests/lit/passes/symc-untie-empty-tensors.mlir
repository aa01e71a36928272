// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-untie-empty-tensors))' | FileCheck %s

// symc-untie-empty-tensors gives every use of a tensor.empty its own copy.

#id = affine_map<(d0) -> (d0)>

// Tests that two linalg ops writing into one (CSE-merged) tensor.empty get
// one tensor.empty each, with the same size.
// CHECK-LABEL: func.func @untied
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[N:.*]]: index)
// CHECK:         %[[E0:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[A:.*]] = linalg.generic {{.*}} outs(%[[E0]] : tensor<?xf64>)
// CHECK:         %[[E1:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         linalg.generic {{.*}} ins(%[[A]] : tensor<?xf64>) outs(%[[E1]] : tensor<?xf64>)
func.func @untied(%x: tensor<?xf64>, %n: index) -> tensor<?xf64> {
  %e = tensor.empty(%n) : tensor<?xf64>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%v: f64, %o: f64):
    %t = math.tanh %v : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%v: f64, %o: f64):
    %t = math.sin %v : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  return %b : tensor<?xf64>
}

// -----

// Tests that a tensor.empty with one use is left alone.
// CHECK-LABEL: func.func @single_use
// CHECK:         tensor.empty
// CHECK-NOT:     tensor.empty
func.func @single_use(%n: index) -> tensor<?xf64> {
  %e = tensor.empty(%n) : tensor<?xf64>
  return %e : tensor<?xf64>
}
