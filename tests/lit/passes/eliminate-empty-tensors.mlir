// RUN: symc-opt %s --split-input-file --symc-eliminate-empty-tensors | FileCheck %s
// RUN: symc-opt %s --split-input-file --eliminate-empty-tensors | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-eliminate-empty-tensors --mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS

// symc-eliminate-empty-tensors is upstream's eliminate-empty-tensors (the
// same output, checked by the second RUN line), run only on modules that
// have a subset insertion: the others skip its whole-module bufferization
// analysis. Of the two modules below, only the first is analyzed.
// STATS:      symc-eliminate-empty-tensors
// STATS-NEXT:   (S) 1 analyzed
// STATS-NEXT:   (S) 1 skipped

#id = affine_map<(d0) -> (d0)>

// Tests that a result inserted into a row of a larger tensor is computed in
// that row: its tensor.empty destination becomes a slice of the larger
// tensor.
// CHECK-LABEL: func.func @row_of_output
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf64>, %[[BIG:[^:]*]]: tensor<?x4xf64> {{.*}}, %[[K:[^:]*]]: index)
// CHECK:         %[[ROW:.*]] = tensor.extract_slice %[[BIG]][%[[K]], 0] [1, 4] [1, 1]
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf64>) outs(%[[ROW]] : tensor<4xf64>)
// CHECK:         tensor.insert_slice %[[R]] into %[[BIG]][%[[K]], 0] [1, 4] [1, 1]
func.func @row_of_output(%x: tensor<4xf64>, %big: tensor<?x4xf64> {bufferization.writable = true},
                         %k: index) -> tensor<?x4xf64> {
  %e = tensor.empty() : tensor<4xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) {
  ^bb0(%a: f64, %b: f64):
    %t = math.tanh %a : f64
    linalg.yield %t : f64
  } -> tensor<4xf64>
  %i = tensor.insert_slice %r into %big[%k, 0] [1, 4] [1, 1] : tensor<4xf64> into tensor<?x4xf64>
  return %i : tensor<?x4xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that straight-line elementwise code, which has no insertion, keeps
// its tensor.empty destinations (and is not analyzed: see STATS).
// CHECK-LABEL: func.func @chain
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         linalg.generic {{.*}} outs(%[[E]] : tensor<?xf64>)
func.func @chain(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %t = math.tanh %a : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}
