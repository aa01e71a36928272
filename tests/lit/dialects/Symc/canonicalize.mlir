// RUN: symc-opt %s --split-input-file --canonicalize | FileCheck %s

// The canonicalization patterns of the symc ops (SymcCanonicalize.td and
// SymcCanonicalize.cpp), each with a case where it must not fire.

// Tests that x + (-y) becomes x - y.
// CHECK-LABEL: func.func @add_of_neg_rhs
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<1xf32>)
// CHECK:         %[[R:.*]] = symc.sub %[[X]], %[[Y]] : tensor<?xf32>, tensor<1xf32>
// CHECK-NOT:     symc.neg
// CHECK:         return %[[R]]
func.func @add_of_neg_rhs(%x: tensor<?xf32>, %y: tensor<1xf32>) -> tensor<?xf32> {
  %0 = symc.neg %y : tensor<1xf32>
  %1 = symc.add %x, %0 : tensor<?xf32>, tensor<1xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that (-x) + y becomes y - x.
// CHECK-LABEL: func.func @add_of_neg_lhs
// CHECK-SAME:    (%[[X:.*]]: tensor<3xi32>, %[[Y:.*]]: tensor<3xi32>)
// CHECK:         %[[R:.*]] = symc.sub %[[Y]], %[[X]] : tensor<3xi32>
// CHECK:         return %[[R]]
func.func @add_of_neg_lhs(%x: tensor<3xi32>, %y: tensor<3xi32>) -> tensor<3xi32> {
  %0 = symc.neg %x : tensor<3xi32>
  %1 = symc.add %0, %y : tensor<3xi32>
  return %1 : tensor<3xi32>
}

// -----

// Tests that x - (-y) becomes x + y.
// CHECK-LABEL: func.func @sub_of_neg
// CHECK-SAME:    (%[[X:.*]]: tensor<2x?xf64>, %[[Y:.*]]: tensor<2x1xf64>)
// CHECK:         %[[R:.*]] = symc.add %[[X]], %[[Y]] : tensor<2x?xf64>, tensor<2x1xf64>
// CHECK:         return %[[R]]
func.func @sub_of_neg(%x: tensor<2x?xf64>, %y: tensor<2x1xf64>) -> tensor<2x?xf64> {
  %0 = symc.neg %y : tensor<2x1xf64>
  %1 = symc.sub %x, %0 : tensor<2x?xf64>, tensor<2x1xf64>
  return %1 : tensor<2x?xf64>
}

// -----

// Tests that (-x) - y is left alone (no pattern removes that negation).
// CHECK-LABEL: func.func @neg_minus
// CHECK:         %[[N:.*]] = symc.neg
// CHECK:         %[[R:.*]] = symc.sub %[[N]]
// CHECK:         return %[[R]]
func.func @neg_minus(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = symc.neg %x : tensor<3xf32>
  %1 = symc.sub %0, %y : tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// Tests that (-x) * (-y) becomes x * y.
// CHECK-LABEL: func.func @mul_of_negs
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>)
// CHECK:         %[[R:.*]] = symc.mul %[[X]], %[[Y]] : tensor<3xf32>
// CHECK-NOT:     symc.neg
// CHECK:         return %[[R]]
func.func @mul_of_negs(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = symc.neg %x : tensor<3xf32>
  %1 = symc.neg %y : tensor<3xf32>
  %2 = symc.mul %0, %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}

// -----

// Tests that (-x) * y keeps its negation.
// CHECK-LABEL: func.func @mul_of_one_neg
// CHECK:         %[[N:.*]] = symc.neg
// CHECK:         symc.mul %[[N]]
func.func @mul_of_one_neg(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = symc.neg %x : tensor<3xf32>
  %1 = symc.mul %0, %y : tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// Tests that a rewrite keeps a declared result type less static than the
// new op infers (the replaced value's users see the same type).
// CHECK-LABEL: func.func @keeps_declared_type
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>)
// CHECK:         %[[R:.*]] = symc.sub %[[X]], %[[Y]] : tensor<3xf32> -> tensor<?xf32>
// CHECK:         return %[[R]] : tensor<?xf32>
func.func @keeps_declared_type(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<?xf32> {
  %0 = symc.neg %y : tensor<3xf32>
  %1 = symc.add %x, %0 : tensor<3xf32> -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that two dimshuffles compose into one, through an inserted axis.
// CHECK-LABEL: func.func @compose_dimshuffles
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[R:.*]] = symc.dimshuffle %[[X]] [1, x, 0] : tensor<?x3xf32>
// CHECK-NOT:     symc.dimshuffle
// CHECK:         return %[[R]] : tensor<3x1x?xf32>
func.func @compose_dimshuffles(%x: tensor<?x3xf32>) -> tensor<3x1x?xf32> {
  %0 = symc.dimshuffle %x [x, 1, 0] : tensor<?x3xf32>
  %1 = symc.dimshuffle %0 [1, 0, 2] : tensor<1x3x?xf32>
  return %1 : tensor<3x1x?xf32>
}

// -----

// Tests that a transpose of a transpose composes to the identity and folds.
// CHECK-LABEL: func.func @transpose_twice
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NOT:     symc.dimshuffle
// CHECK:         return %[[X]]
func.func @transpose_twice(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = symc.dimshuffle %x [1, 0] : tensor<?x3xf32>
  %1 = symc.dimshuffle %0 [1, 0] : tensor<3x?xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// Tests that composing drops an inserted axis that the outer dimshuffle drops.
// CHECK-LABEL: func.func @compose_drops_inserted
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[R:.*]] = symc.dimshuffle %[[X]] [1, 0] : tensor<?x3xf32>
// CHECK:         return %[[R]]
func.func @compose_drops_inserted(%x: tensor<?x3xf32>) -> tensor<3x?xf32> {
  %0 = symc.dimshuffle %x [0, x, 1] : tensor<?x3xf32>
  %1 = symc.dimshuffle %0 [2, 0] : tensor<?x1x3xf32>
  return %1 : tensor<3x?xf32>
}

// -----

// Tests that a dimshuffle of another op is left alone.
// CHECK-LABEL: func.func @dimshuffle_of_other
// CHECK:         %[[E:.*]] = symc.exp
// CHECK:         symc.dimshuffle %[[E]] [1, 0]
func.func @dimshuffle_of_other(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = symc.exp %x : tensor<2x3xf32>
  %1 = symc.dimshuffle %0 [1, 0] : tensor<2x3xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// Tests that reshape(reshape(x, s1), s2) becomes reshape(x, s2).
// CHECK-LABEL: func.func @collapse_reshapes
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[S1:.*]]: tensor<1xi64>, %[[S2:.*]]: tensor<2xi64>)
// CHECK:         %[[R:.*]] = symc.reshape %[[X]], %[[S2]] : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<?x2xf32>
// CHECK:         return %[[R]]
func.func @collapse_reshapes(%x: tensor<?x4xf32>, %s1: tensor<1xi64>, %s2: tensor<2xi64>) -> tensor<?x2xf32> {
  %0 = symc.reshape %x, %s1 : (tensor<?x4xf32>, tensor<1xi64>) -> tensor<?xf32>
  %1 = symc.reshape %0, %s2 : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x2xf32>
  return %1 : tensor<?x2xf32>
}

// -----

// Tests that a reshape of another op is left alone.
// CHECK-LABEL: func.func @reshape_of_other
// CHECK:         %[[E:.*]] = symc.exp
// CHECK:         symc.reshape %[[E]]
func.func @reshape_of_other(%x: tensor<?x4xf32>, %s: tensor<1xi64>) -> tensor<?xf32> {
  %0 = symc.exp %x : tensor<?x4xf32>
  %1 = symc.reshape %0, %s : (tensor<?x4xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that a check of a constant true condition is dropped, while a
// constant false or unknown condition stays.
// CHECK-LABEL: func.func @checks
// CHECK-SAME:    (%[[C:.*]]: i1)
// CHECK-NOT:     "passes"
// CHECK:         symc.check %{{.*}}, "fails"
// CHECK:         symc.check %[[C]], "unknown"
func.func @checks(%c: i1) {
  %t = arith.constant true
  %f = arith.constant false
  symc.check %t, "passes"
  symc.check %f, "fails"
  symc.check %c, "unknown"
  return
}
