// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg turns each elementwise op into one linalg.generic
// over the broadcast shape, with run-time checks where sizes are dynamic and
// NumPy's scalar semantics for the original element type.

// Tests that a static size-1 operand dimension is read at index 0 and that
// no run-time check is emitted when broadcasting is decided statically.
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @broadcast_static_one
// CHECK-SAME:    (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<1x4xf32>)
// CHECK-NOT:     symc.check
// CHECK:         %[[D:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x4xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<1x4xf32>) outs(%[[E]] : tensor<?x4xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[R]]
func.func @broadcast_static_one(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %0 = symc.add %a, %b : tensor<?x4xf32>, tensor<1x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that two dynamic sizes along one dimension are checked at run time,
// before the computation, with a message naming the op and its location.
// CHECK-LABEL: func.func @dynamic_sizes_checked
// CHECK-SAME:    (%[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK:         %[[DA:.*]] = tensor.dim %[[A]]
// CHECK:         %[[DB:.*]] = tensor.dim %[[B]]
// CHECK:         %[[OK:.*]] = arith.cmpi eq, %[[DB]], %[[DA]] : index
// CHECK:         symc.check %[[OK]], "symc.mul at {{.*}}elementwise.mlir:{{[0-9]+}}: operands #0 and #1 have sizes {1} and {0} along dimension 0 (only static size-1 dimensions broadcast)"(%[[DB]], %[[DA]] : index, index)
// CHECK:         linalg.generic
// CHECK:           arith.mulf
func.func @dynamic_sizes_checked(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.mul %a, %b : tensor<?xf64>, tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// Tests that ui8 becomes i8 (signature included) and that floor division
// is unsigned with a safe divisor: division by zero gives 0, never a trap.
// CHECK-LABEL: func.func @unsigned_division
// CHECK-SAME:    (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8, %{{.*}}: i8):
// CHECK:           %[[ZERO:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i8
// CHECK:           %[[SAFE:.*]] = arith.select %[[ZERO]], %{{.*}}, %[[Y]] : i8
// CHECK:           %[[Q:.*]] = arith.divui %[[X]], %[[SAFE]] : i8
// CHECK-NOT:       arith.divsi
// CHECK:           %[[R:.*]] = arith.select %[[ZERO]], %{{.*}}, %[[Q]] : i8
// CHECK:           linalg.yield %[[R]] : i8
func.func @unsigned_division(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = symc.floordiv %a, %b : tensor<4xui8>, tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Tests that signed integer floor division never divides by 0 or -1 (the
// INT_MIN // -1 overflow) and rounds toward negative infinity.
// CHECK-LABEL: func.func @signed_floordiv
// CHECK:         ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK:           %[[Y0:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK:           %[[YM1:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK:           %[[BAD:.*]] = arith.ori %[[Y0]], %[[YM1]] : i1
// CHECK:           %[[SAFE:.*]] = arith.select %[[BAD]], %{{.*}}, %[[Y]] : i32
// CHECK:           arith.divsi %[[X]], %[[SAFE]] : i32
// CHECK:           arith.remsi %[[X]], %[[SAFE]] : i32
func.func @signed_floordiv(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = symc.floordiv %a, %b : tensor<4xi32>, tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests NumPy's float-to-bool cast (!= 0, NaN is true) and unsigned
// comparisons of ui8 and bool.
// CHECK-LABEL: func.func @cast_and_compare
// CHECK:         arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK:         arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK:         arith.cmpi ugt, %{{.*}}, %{{.*}} : i1
func.func @cast_and_compare(%a: tensor<?xf32>, %b: tensor<3xui8>, %c: tensor<3xi1>) -> (tensor<?xi1>, tensor<3xi1>, tensor<3xi1>) {
  %0 = symc.cast %a : tensor<?xf32> to tensor<?xi1>
  %1 = symc.lt %b, %b : tensor<3xui8>, tensor<3xui8>
  %2 = symc.gt %c, %c : tensor<3xi1>, tensor<3xi1>
  return %0, %1, %2 : tensor<?xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// Tests that float-to-int casts select INT_MIN where fptosi would give
// poison (NaN, out of range), then truncate to the target width.
// CHECK-LABEL: func.func @float_to_int8
// CHECK:         ^bb0(%[[X:.*]]: f64, %{{.*}}: i8):
// CHECK:           %[[GE:.*]] = arith.cmpf oge, %[[X]], %{{.*}} : f64
// CHECK:           %[[LT:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f64
// CHECK:           %[[OK:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:           %[[I:.*]] = arith.fptosi %[[X]] : f64 to i32
// CHECK:           %[[S:.*]] = arith.select %[[OK]], %[[I]], %{{.*}} : i32
// CHECK:           %[[T:.*]] = arith.trunci %[[S]] : i32 to i8
// CHECK:           linalg.yield %[[T]] : i8
func.func @float_to_int8(%a: tensor<?xf64>) -> tensor<?xi8> {
  %0 = symc.cast %a : tensor<?xf64> to tensor<?xi8>
  return %0 : tensor<?xi8>
}

// -----

// Tests the NaN-propagating maximum and the stable sigmoid (exp of -|x|
// only, so large |x| never overflows).
// CHECK-LABEL: func.func @max_and_sigmoid
// CHECK:         arith.maximumf
// CHECK:         linalg.generic
// CHECK:           %[[ABS:.*]] = math.absf %{{.*}} : f32
// CHECK:           %[[NEG:.*]] = arith.negf %[[ABS]] : f32
// CHECK:           math.exp %[[NEG]] : f32
// CHECK:           arith.select
func.func @max_and_sigmoid(%a: tensor<3xf64>, %b: tensor<3xf64>, %c: tensor<?xf32>) -> (tensor<3xf64>, tensor<?xf32>) {
  %0 = symc.maximum %a, %b : tensor<3xf64>, tensor<3xf64>
  %1 = symc.sigmoid %c : tensor<?xf32>
  return %0, %1 : tensor<3xf64>, tensor<?xf32>
}

// -----

// Tests that tanh_grad computes g * (1 - y * y) with y the first operand and
// g the second (a broadcast one).
// CHECK-LABEL: func.func @tanh_grad
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[Y:.*]]: f64, %[[G:.*]]: f64, %{{.*}}: f64):
// CHECK:           %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:           %[[SQ:.*]] = arith.mulf %[[Y]], %[[Y]] : f64
// CHECK:           %[[D:.*]] = arith.subf %[[ONE]], %[[SQ]] : f64
// CHECK:           %[[R:.*]] = arith.mulf %[[G]], %[[D]] : f64
// CHECK:           linalg.yield %[[R]] : f64
func.func @tanh_grad(%y: tensor<?xf64>, %g: tensor<1xf64>) -> tensor<?xf64> {
  %0 = symc.tanh_grad %y, %g : tensor<?xf64>, tensor<1xf64>
  return %0 : tensor<?xf64>
}

// -----

// Tests that select broadcasts all three operands and names them in checks.
// CHECK-LABEL: func.func @select_names_operands
// CHECK:         symc.check %{{.*}}, "symc.select at {{.*}}: operands 'condition' and 'on_true' have sizes {1} and {0} along dimension 0
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[ZERO:.*]], #{{.*}}]
// CHECK:           arith.select
func.func @select_names_operands(%c: tensor<?xi1>, %a: tensor<?xf32>, %b: tensor<1xf32>) -> tensor<?xf32> {
  %0 = symc.select %c, %a, %b : tensor<?xi1>, tensor<?xf32>, tensor<1xf32>
  return %0 : tensor<?xf32>
}
