// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of constants and shape ops: shape, dimshuffle, reshape,
// broadcast_to, concatenate, arange, eye, the run-time check op and assert.

// Tests that constants of several element types and ranks round-trip.
// CHECK-LABEL: func.func @constants
// CHECK:         %[[F:.*]] = symc.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK:         %[[I:.*]] = symc.constant dense<0> : tensor<i64>
// CHECK:         %[[B:.*]] = symc.constant dense<[true, false]> : tensor<2xi1>
// CHECK:         %[[U:.*]] = symc.constant dense<255> : tensor<1x1xui8>
// CHECK:         return %[[F]], %[[I]], %[[B]], %[[U]]
func.func @constants() -> (tensor<2xf32>, tensor<i64>, tensor<2xi1>, tensor<1x1xui8>) {
  %0 = symc.constant dense<[1.0, 2.5]> : tensor<2xf32>
  %1 = symc.constant dense<0> : tensor<i64>
  %2 = symc.constant dense<[true, false]> : tensor<2xi1>
  %3 = symc.constant dense<255> : tensor<1x1xui8>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<i64>, tensor<2xi1>, tensor<1x1xui8>
}

// -----

// Tests that shape gives a rank-long i64 vector.
// CHECK-LABEL: func.func @shape
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[S:.*]] = symc.shape %[[X]] : tensor<?x3xf32>
// CHECK:         return %[[S]] : tensor<2xi64>
func.func @shape(%x: tensor<?x3xf32>) -> tensor<2xi64> {
  %0 = symc.shape %x : tensor<?x3xf32>
  return %0 : tensor<2xi64>
}

// -----

// Tests that dimshuffle permutes, inserts size-1 dimensions (x), drops a
// static 1, and turns rank 0 into rank 2.
// CHECK-LABEL: func.func @dimshuffle
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1x3xf32>, %[[S:.*]]: tensor<f32>)
// CHECK:         %[[P:.*]] = symc.dimshuffle %[[X]] [2, 1, 0] : tensor<?x1x3xf32>
// CHECK:         %[[D:.*]] = symc.dimshuffle %[[X]] [x, 2, 0, x] : tensor<?x1x3xf32>
// CHECK:         %[[E:.*]] = symc.dimshuffle %[[S]] [x, x] : tensor<f32>
// CHECK:         return %[[P]], %[[D]], %[[E]] : tensor<3x1x?xf32>, tensor<1x3x?x1xf32>, tensor<1x1xf32>
func.func @dimshuffle(%x: tensor<?x1x3xf32>, %s: tensor<f32>) -> (tensor<3x1x?xf32>, tensor<1x3x?x1xf32>, tensor<1x1xf32>) {
  %0 = symc.dimshuffle %x [2, 1, 0] : tensor<?x1x3xf32>
  %1 = symc.dimshuffle %x [x, 2, 0, x] : tensor<?x1x3xf32>
  %2 = symc.dimshuffle %s [x, x] : tensor<f32>
  return %0, %1, %2 : tensor<3x1x?xf32>, tensor<1x3x?x1xf32>, tensor<1x1xf32>
}

// -----

// Tests that reshape and broadcast_to take shapes as values, constant or not.
// CHECK-LABEL: func.func @reshape_broadcast
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<2xi64>, %[[V:.*]]: tensor<f64>)
// CHECK:         %[[C:.*]] = symc.constant dense<[-1, 6]> : tensor<2xi64>
// CHECK:         %[[R:.*]] = symc.reshape %[[X]], %[[C]] : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x6xf32>
// CHECK:         %[[R2:.*]] = symc.reshape %[[R]], %[[S]] : (tensor<?x6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
// CHECK:         %[[P:.*]] = symc.dimshuffle %[[V]] [x, x] : tensor<f64>
// CHECK:         %[[B:.*]] = symc.broadcast_to %[[P]], %[[S]] : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
// CHECK:         return %[[R2]], %[[B]]
func.func @reshape_broadcast(%x: tensor<?x?xf32>, %s: tensor<2xi64>, %v: tensor<f64>) -> (tensor<?x?xf32>, tensor<?x?xf64>) {
  %c = symc.constant dense<[-1, 6]> : tensor<2xi64>
  %0 = symc.reshape %x, %c : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x6xf32>
  %1 = symc.reshape %0, %s : (tensor<?x6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %p = symc.dimshuffle %v [x, x] : tensor<f64>
  %2 = symc.broadcast_to %p, %s : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  return %1, %2 : tensor<?x?xf32>, tensor<?x?xf64>
}

// -----

// Tests that concatenate adds static sizes, and a dynamic size makes the axis dynamic.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<3x?xf32>, %[[C:.*]]: tensor<?x4xf32>)
// CHECK:         %[[S:.*]] = symc.concatenate %[[A]], %[[B]] axis = 0 : tensor<2x4xf32>, tensor<3x?xf32>
// CHECK:         %[[D:.*]] = symc.concatenate %[[S]], %[[C]], %[[A]] axis = 0 : tensor<5x4xf32>, tensor<?x4xf32>, tensor<2x4xf32>
// CHECK:         %[[O:.*]] = symc.concatenate %[[A]] axis = 1 : tensor<2x4xf32>
// CHECK:         return %[[S]], %[[D]], %[[O]] : tensor<5x4xf32>, tensor<?x4xf32>, tensor<2x4xf32>
func.func @concatenate(%a: tensor<2x4xf32>, %b: tensor<3x?xf32>, %c: tensor<?x4xf32>) -> (tensor<5x4xf32>, tensor<?x4xf32>, tensor<2x4xf32>) {
  %0 = symc.concatenate %a, %b axis = 0 : tensor<2x4xf32>, tensor<3x?xf32>
  %1 = symc.concatenate %0, %c, %a axis = 0 : tensor<5x4xf32>, tensor<?x4xf32>, tensor<2x4xf32>
  %2 = symc.concatenate %a axis = 1 : tensor<2x4xf32>
  return %0, %1, %2 : tensor<5x4xf32>, tensor<?x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that arange (integers and floats) and eye round-trip.
// CHECK-LABEL: func.func @arange_eye
// CHECK-SAME:    (%[[I:.*]]: tensor<i64>, %[[F:.*]]: tensor<f32>)
// CHECK:         %[[R:.*]] = symc.arange %[[I]], %[[I]], %[[I]] : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
// CHECK:         %[[Q:.*]] = symc.arange %[[F]], %[[F]], %[[F]] : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
// CHECK:         %[[E:.*]] = symc.eye %[[I]], %[[I]], %[[I]] : tensor<?x?xf64>
// CHECK:         return %[[R]], %[[Q]], %[[E]]
func.func @arange_eye(%i: tensor<i64>, %f: tensor<f32>) -> (tensor<?xi64>, tensor<?xf32>, tensor<?x?xf64>) {
  %0 = symc.arange %i, %i, %i : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  %1 = symc.arange %f, %f, %f : tensor<f32>, tensor<f32>, tensor<f32> -> tensor<?xf32>
  %2 = symc.eye %i, %i, %i : tensor<?x?xf64>
  return %0, %1, %2 : tensor<?xi64>, tensor<?xf32>, tensor<?x?xf64>
}

// -----

// Tests that the run-time check round-trips with and without message values.
// CHECK-LABEL: func.func @check
// CHECK-SAME:    (%[[OK:.*]]: i1, %[[M:.*]]: index, %[[N:.*]]: i64)
// CHECK:         symc.check %[[OK]], "symc.add: sizes {0} and {1} differ"(%[[M]], %[[N]] : index, i64)
// CHECK:         symc.check %[[OK]], "always"{{$}}
func.func @check(%ok: i1, %m: index, %n: i64) {
  symc.check %ok, "symc.add: sizes {0} and {1} differ" (%m, %n : index, i64)
  symc.check %ok, "always"
  return
}

// -----

// Tests that assert round-trips with several, one and no conditions, and
// with value_error.
// CHECK-LABEL: func.func @assert
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[A:.*]]: tensor<i1>, %[[B:.*]]: tensor<i1>)
// CHECK:         %[[R:.*]] = symc.assert "x is positive {0}" %[[X]], %[[A]], %[[B]] : tensor<?xf64>, tensor<i1>, tensor<i1>
// CHECK:         %[[S:.*]] = symc.assert "p in [0, 1]" %[[R]], %[[A]] {value_error} : tensor<?xf64>, tensor<i1>
// CHECK:         %[[T:.*]] = symc.assert "" %[[S]] : tensor<?xf64>
// CHECK:         return %[[T]]
func.func @assert(%x: tensor<?xf64>, %a: tensor<i1>, %b: tensor<i1>) -> tensor<?xf64> {
  %0 = symc.assert "x is positive {0}" %x, %a, %b : tensor<?xf64>, tensor<i1>, tensor<i1>
  %1 = symc.assert "p in [0, 1]" %0, %a {value_error} : tensor<?xf64>, tensor<i1>
  %2 = symc.assert "" %1 : tensor<?xf64>
  return %2 : tensor<?xf64>
}
