// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg lowers shape ops to views where it can
// (collapse/expand_shape), to linalg copies otherwise, and checks shapes
// given as values at run time.

// Tests that a dimshuffle keeping the order of its dimensions is a view:
// drop the size-1 dimension, then insert the new one. No copy.
// CHECK-LABEL: func.func @dimshuffle_is_a_view
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1x?xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<?x1x?xf32> into tensor<?x?xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[C]] {{\[}}[0, 1], [2]] output_shape [1, %{{.*}}, %{{.*}}] : tensor<?x?xf32> into tensor<1x?x?xf32>
// CHECK:         return %[[E]]
func.func @dimshuffle_is_a_view(%x: tensor<?x1x?xf32>) -> tensor<1x?x?xf32> {
  %0 = symc.dimshuffle %x [x, 0, 2] : tensor<?x1x?xf32>
  return %0 : tensor<1x?x?xf32>
}

// -----

// Tests that a transposing dimshuffle is a linalg.generic copy with a
// permuted input map (which fusion folds into consumers).
// CHECK-DAG:   #[[PERM:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func @dimshuffle_transpose
// CHECK:         linalg.generic {indexing_maps = [#[[PERM]], #{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
func.func @dimshuffle_transpose(%x: tensor<?x3xf32>) -> tensor<3x?xf32> {
  %0 = symc.dimshuffle %x [1, 0] : tensor<?x3xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// Tests reshape: every entry is checked (>= -1, one -1 at most, not
// inferred from a zero product), the static result size and the element
// count too, before tensor.reshape reads the resolved shape.
// CHECK-LABEL: func.func @reshape_checks
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: shape entry 0 is {0}; entries must be >= 0, or -1 once"
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: shape entry 1 is {0}; entries must be >= 0, or -1 once"
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: the shape has {0} entries equal to -1; at most one may be inferred"
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: cannot infer the -1 entry of a shape whose other entries multiply to 0 ({0} elements)"
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: the shape gives size {0} to dimension 1 but the result type says {1}"
// CHECK:         symc.check %{{.*}}, "symc.reshape at {{.*}}: cannot reshape {0} elements into a shape of {1} elements"
// CHECK:         %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %{{.*}} : tensor<2xindex>
// CHECK:         tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x?xf32>, tensor<2xindex>) -> tensor<?x4xf32>
func.func @reshape_checks(%x: tensor<?x?xf32>, %s: tensor<2xi64>) -> tensor<?x4xf32> {
  %0 = symc.reshape %x, %s : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests reshape to rank 0: an empty shape holds one element, so the element
// count is checked against 1 (this lowering read past an empty size list).
// CHECK-LABEL: func.func @reshape_to_scalar
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[X]]
// CHECK:         %[[SAME:.*]] = arith.cmpi eq, %[[ONE]], %[[N]] : index
// CHECK:         symc.check %[[SAME]], "symc.reshape at {{.*}}: cannot reshape {0} elements into a shape of {1} elements"
// CHECK:         %[[SHAPE:.*]] = tensor.from_elements  : tensor<0xindex>
// CHECK:         tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?xf64>, tensor<0xindex>) -> tensor<f64>
func.func @reshape_to_scalar(%x: tensor<?xf64>) -> tensor<f64> {
  %s = symc.constant dense<> : tensor<0xi64>
  %0 = symc.reshape %x, %s : (tensor<?xf64>, tensor<0xi64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// Tests concatenate: sizes off the axis are checked against the result, and
// each input is inserted at the running offset.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<?x?xf32>)
// CHECK:         symc.check %{{.*}}, "symc.concatenate at {{.*}}: input #1 has size {0} along dimension 1 but the result has {1}"
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0]
// CHECK:         tensor.insert_slice %[[B]] into %[[I0]][%{{.*}}, 0]
func.func @concatenate(%a: tensor<?x4xf32>, %b: tensor<?x?xf32>) -> tensor<?x4xf32> {
  %0 = symc.concatenate %a, %b axis = 0 : tensor<?x4xf32>, tensor<?x?xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests arange: a zero step is a run-time error checked before the length
// (a division by the step) is computed; values are start + i * step.
// CHECK-LABEL: func.func @arange_int
// CHECK:         arith.extsi %{{.*}} : i32 to i64
// CHECK:         arith.extsi %{{.*}} : i32 to i64
// CHECK:         %[[STEP:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK:         %[[NZ:.*]] = arith.cmpi ne, %[[STEP]], %{{.*}} : i64
// CHECK:         symc.check %[[NZ]], "symc.arange at {{.*}}: step must not be zero"
// CHECK-NOT:     too large
// CHECK:         arith.divsi
// CHECK:         linalg.generic
// CHECK:           linalg.index 0 : index
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @arange_int(%a: tensor<i32>, %b: tensor<i32>, %c: tensor<i32>) -> tensor<?xi32> {
  %0 = symc.arange %a, %b, %c : tensor<i32>, tensor<i32>, tensor<i32> -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// Tests 64-bit bounds (i32 ones are widened and cannot wrap, above): a span
// stop - start, or the span rounded away from zero, that wraps around is a
// run-time error, not an empty range.
// CHECK-LABEL: func.func @arange_i64
// CHECK-SAME:    (%{{.*}}: tensor<i64>, %{{.*}}: tensor<i64>, %{{.*}}: tensor<i64>)
// CHECK:         %[[START:.*]] = tensor.extract %{{.*}}[] : tensor<i64>
// CHECK:         %[[STOP:.*]] = tensor.extract %{{.*}}[] : tensor<i64>
// CHECK:         symc.check %{{.*}}, "symc.arange at {{.*}}: step must not be zero"
// CHECK:         %[[SPAN:.*]] = arith.subi %[[STOP]], %[[START]] : i64
// CHECK:         %[[ADJ:.*]] = arith.addi %[[SPAN]], %[[TOWARD:.*]] : i64
// CHECK-DAG:     %[[X1:.*]] = arith.xori %[[STOP]], %[[START]] : i64
// CHECK-DAG:     %[[X2:.*]] = arith.xori %[[STOP]], %[[SPAN]] : i64
// CHECK:         %[[A1:.*]] = arith.andi %[[X1]], %[[X2]] : i64
// CHECK:         %[[W1:.*]] = arith.cmpi slt, %[[A1]], %{{.*}} : i64
// CHECK-DAG:     %[[X3:.*]] = arith.xori %[[SPAN]], %[[ADJ]] : i64
// CHECK-DAG:     %[[X4:.*]] = arith.xori %[[TOWARD]], %[[ADJ]] : i64
// CHECK:         %[[A2:.*]] = arith.andi %[[X3]], %[[X4]] : i64
// CHECK:         %[[W2:.*]] = arith.cmpi slt, %[[A2]], %{{.*}} : i64
// CHECK:         %[[W:.*]] = arith.ori %[[W1]], %[[W2]] : i1
// CHECK:         %[[OK:.*]] = arith.xori %[[W]], %{{.*}} : i1
// CHECK:         symc.check %[[OK]], "symc.arange at {{.*}}: the length of the range is not finite or too large"
// CHECK:         arith.divsi %[[ADJ]], %{{.*}} : i64
func.func @arange_i64(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>) -> tensor<?xi64> {
  %0 = symc.arange %a, %b, %c : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// Tests broadcast_to: the input's static size-1 dimension is read at 0, its
// other dimension is checked against the target shape, and target sizes
// must not be negative.
// CHECK-DAG:   #[[BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK:         symc.check %{{.*}}, "symc.broadcast_to at {{.*}}: target size {0} of dimension 0 is negative"
// CHECK:         symc.check %{{.*}}, "symc.broadcast_to at {{.*}}: target size {0} of dimension 1 is negative"
// CHECK:         symc.check %{{.*}}, "symc.broadcast_to at {{.*}}: input size {0} along dimension 1 cannot broadcast to {1} (only static size-1 dimensions broadcast)"
// CHECK:         linalg.generic {indexing_maps = [#[[BC]], #{{.*}}]
func.func @broadcast_to(%x: tensor<1x?xf64>, %s: tensor<2xi64>) -> tensor<?x?xf64> {
  %0 = symc.broadcast_to %x, %s : (tensor<1x?xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that constants keep their payload, reinterpreted as i8 for ui8.
// CHECK-LABEL: func.func @unsigned_constant
// CHECK:         %[[C:.*]] = arith.constant dense<[1, -56, -1]> : tensor<3xi8>
// CHECK:         return %[[C]] : tensor<3xi8>
func.func @unsigned_constant() -> tensor<3xui8> {
  %0 = symc.constant dense<[1, 200, 255]> : tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// Tests that assert becomes one check per condition, with a message that
// makes the runtime raise AssertionError, or ValueError with value_error
// (the user's braces doubled, so that they are not taken for value
// references), and is its operand.
// CHECK-LABEL: func.func @assert
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[A:.*]]: tensor<i1>, %[[B:.*]]: tensor<i1>)
// CHECK:         %[[EA:.*]] = tensor.extract %[[A]][] : tensor<i1>
// CHECK:         symc.check %[[EA]], "assertion failed: x > 0 {{[{][{]}}0} (at f.py:3)"{{$}}
// CHECK:         %[[EB:.*]] = tensor.extract %[[B]][] : tensor<i1>
// CHECK:         symc.check %[[EB]], "assertion failed: x > 0 {{[{][{]}}0} (at f.py:3)"{{$}}
// CHECK:         %[[EA2:.*]] = tensor.extract %[[A]][] : tensor<i1>
// CHECK:         symc.check %[[EA2]], "p must be in [0, 1] (at {{.*}}shape.mlir:{{[0-9]+}})"{{$}}
// CHECK-NOT:     symc.assert
// CHECK:         return %[[X]]
func.func @assert(%x: tensor<?xf64>, %a: tensor<i1>, %b: tensor<i1>) -> tensor<?xf64> {
  %0 = symc.assert "x > 0 {0}" %x, %a, %b : tensor<?xf64>, tensor<i1>, tensor<i1> loc("f.py":3:1)
  %1 = symc.assert "p must be in [0, 1]" %0, %a {value_error} : tensor<?xf64>, tensor<i1>
  return %1 : tensor<?xf64>
}

// -----

// Tests that braces of a location are kept in a check's message, doubled
// as the runtime reads a literal brace (not taken for {0}, a value).
// CHECK-LABEL: func.func @assert_braced_location
// CHECK:         symc.check %{{.*}}, "assertion failed: ok (at m{{[{][{]}}0}.py:7)"{{$}}
func.func @assert_braced_location(%x: tensor<?xf64>, %a: tensor<i1>) -> tensor<?xf64> {
  %0 = symc.assert "ok" %x, %a : tensor<?xf64>, tensor<i1> loc("m{0}.py":7:1)
  return %0 : tensor<?xf64>
}
