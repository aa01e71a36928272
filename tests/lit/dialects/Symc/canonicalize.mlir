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

// Tests that reshape(reshape(x, s1), s2) becomes reshape(x, s2) where the
// inner reshape's check passes by construction (a flatten) or whenever the
// outer one's does (constant shapes of the same element count).
// CHECK-LABEL: func.func @collapse_reshapes
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[S2:.*]]: tensor<2xi64>)
// CHECK-DAG:     %[[C16:.*]] = symc.constant dense<[2, 8]> : tensor<2xi64>
// CHECK:         %[[R:.*]] = symc.reshape %[[X]], %[[S2]] : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<?x2xf32>
// CHECK:         %[[R2:.*]] = symc.reshape %[[X]], %[[C16]] : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<2x8xf32>
// CHECK-NOT:     symc.reshape
// CHECK:         return %[[R]], %[[R2]]
func.func @collapse_reshapes(%x: tensor<?x4xf32>, %s2: tensor<2xi64>) -> (tensor<?x2xf32>, tensor<2x8xf32>) {
  %flat = symc.constant dense<-1> : tensor<1xi64>
  %0 = symc.reshape %x, %flat : (tensor<?x4xf32>, tensor<1xi64>) -> tensor<?xf32>
  %1 = symc.reshape %0, %s2 : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x2xf32>
  %sq = symc.constant dense<[4, 4]> : tensor<2xi64>
  %c = symc.constant dense<[2, 8]> : tensor<2xi64>
  %2 = symc.reshape %x, %sq : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  %3 = symc.reshape %2, %c : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  return %1, %3 : tensor<?x2xf32>, tensor<2x8xf32>
}

// -----

// Tests inner reshapes whose check may fail where the outer one passes: a
// shape the user computed, and a constant one before a shape the user
// computed. Both stay, so that a wrong size fails as in NumPy.
// CHECK-LABEL: func.func @keep_checked_reshapes
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[S1:.*]]: tensor<2xi64>, %[[S2:.*]]: tensor<1xi64>)
// CHECK:         %[[A:.*]] = symc.reshape %[[X]], %[[S1]]
// CHECK:         symc.reshape %[[A]], %[[S2]]
// CHECK:         %[[B:.*]] = symc.reshape %[[X]], %{{.*}} : (tensor<?xf32>, tensor<2xi64>) -> tensor<4x4xf32>
// CHECK:         symc.reshape %[[B]], %[[S2]]
func.func @keep_checked_reshapes(%x: tensor<?xf32>, %s1: tensor<2xi64>, %s2: tensor<1xi64>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = symc.reshape %x, %s1 : (tensor<?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %1 = symc.reshape %0, %s2 : (tensor<?x?xf32>, tensor<1xi64>) -> tensor<?xf32>
  %sq = symc.constant dense<[4, 4]> : tensor<2xi64>
  %2 = symc.reshape %x, %sq : (tensor<?xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  %3 = symc.reshape %2, %s2 : (tensor<4x4xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %1, %3 : tensor<?xf32>, tensor<?xf32>
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

// -----

// Tests that (-x) * c becomes x * (-c) for a constant c.
// CHECK-LABEL: func.func @mul_of_neg_by_constant
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[C:.*]] = symc.constant dense<-2.000000e+00> : tensor<1xf32>
// CHECK-NOT:     symc.neg
// CHECK:         %[[R:.*]] = symc.mul %[[X]], %[[C]] : tensor<?xf32>, tensor<1xf32>
// CHECK:         return %[[R]]
func.func @mul_of_neg_by_constant(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c = symc.constant dense<2.0> : tensor<1xf32>
  %0 = symc.neg %x : tensor<?xf32>
  %1 = symc.mul %0, %c : tensor<?xf32>, tensor<1xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that -(x * c) becomes x * (-c) for a constant c.
// CHECK-LABEL: func.func @neg_of_mul_by_constant
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[C:.*]] = symc.constant dense<-2.000000e+00> : tensor<1xf32>
// CHECK-NOT:     symc.neg
// CHECK:         %[[R:.*]] = symc.mul %[[X]], %[[C]]
// CHECK:         return %[[R]]
func.func @neg_of_mul_by_constant(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c = symc.constant dense<2.0> : tensor<1xf32>
  %0 = symc.mul %x, %c : tensor<?xf32>, tensor<1xf32>
  %1 = symc.neg %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that -(x * c) keeps its negation when x * c is also read elsewhere
// (the rewrite would compute the product twice).
// CHECK-LABEL: func.func @neg_of_shared_mul
// CHECK:         %[[M:.*]] = symc.mul
// CHECK:         %[[N:.*]] = symc.neg %[[M]]
// CHECK:         return %[[M]], %[[N]]
func.func @neg_of_shared_mul(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %c = symc.constant dense<2.0> : tensor<1xf32>
  %0 = symc.mul %x, %c : tensor<?xf32>, tensor<1xf32>
  %1 = symc.neg %0 : tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that x * -1 becomes -x (the constant on either side, any
// broadcastable shape), but not when the -1 broadcasts x to a larger shape.
// CHECK-LABEL: func.func @mul_by_minus_one
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf64>, %[[Y:.*]]: tensor<1xf64>)
// CHECK-DAG:     %[[C:.*]] = symc.constant dense<-1.000000e+00> : tensor<4xf64>
// CHECK-DAG:     %[[N:.*]] = symc.neg %[[X]] : tensor<?x3xf64>
// CHECK-DAG:     %[[M:.*]] = symc.mul %[[Y]], %[[C]] : tensor<1xf64>, tensor<4xf64>
// CHECK:         return %[[N]], %[[M]]
func.func @mul_by_minus_one(%x: tensor<?x3xf64>, %y: tensor<1xf64>) -> (tensor<?x3xf64>, tensor<4xf64>) {
  %c = symc.constant dense<-1.0> : tensor<1x1xf64>
  %0 = symc.mul %c, %x : tensor<1x1xf64>, tensor<?x3xf64>
  %d = symc.constant dense<-1.0> : tensor<4xf64>
  %1 = symc.mul %y, %d : tensor<1xf64>, tensor<4xf64>
  return %0, %1 : tensor<?x3xf64>, tensor<4xf64>
}

// -----

// Tests that constants collect: (x + 1.5) - 4 becomes x + (-2.5), and
// (3 * n) * 3 becomes n * 9 (the constant moves right first).
// CHECK-LABEL: func.func @collect_constants
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[N:.*]]: tensor<?xi32>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<9> : tensor<1xi32>
// CHECK-DAG:     %[[C:.*]] = symc.constant dense<-2.500000e+00> : tensor<1xf64>
// CHECK-DAG:     %[[S:.*]] = symc.add %[[X]], %[[C]]
// CHECK-DAG:     %[[P:.*]] = symc.mul %[[N]], %[[K]]
// CHECK:         return %[[S]], %[[P]]
func.func @collect_constants(%x: tensor<?xf64>, %n: tensor<?xi32>) -> (tensor<?xf64>, tensor<?xi32>) {
  %c1 = symc.constant dense<1.5> : tensor<1xf64>
  %c2 = symc.constant dense<4.0> : tensor<1xf64>
  %0 = symc.add %x, %c1 : tensor<?xf64>, tensor<1xf64>
  %1 = symc.sub %0, %c2 : tensor<?xf64>, tensor<1xf64>
  %k = symc.constant dense<3> : tensor<1xi32>
  %2 = symc.mul %k, %n : tensor<1xi32>, tensor<?xi32>
  %3 = symc.mul %2, %k : tensor<?xi32>, tensor<1xi32>
  return %1, %3 : tensor<?xf64>, tensor<?xi32>
}

// -----

// Tests that constants do not collect through a partial sum that is read
// elsewhere.
// CHECK-LABEL: func.func @shared_partial_sum
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[A:.*]] = symc.add %[[X]], %[[C:.*]] :
// CHECK:         %[[B:.*]] = symc.add %[[A]], %[[C]] :
// CHECK:         return %[[A]], %[[B]]
func.func @shared_partial_sum(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c1 = symc.constant dense<1.5> : tensor<1xf64>
  %0 = symc.add %x, %c1 : tensor<?xf64>, tensor<1xf64>
  %1 = symc.add %0, %c1 : tensor<?xf64>, tensor<1xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that exp(log(y)) folds to y when y cannot be negative (here a
// square), and not for an arbitrary x.
// CHECK-LABEL: func.func @exp_of_log_nonnegative
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[S:.*]] = symc.sqr %[[X]]
// CHECK:         %[[L:.*]] = symc.log %[[X]]
// CHECK:         %[[E:.*]] = symc.exp %[[L]]
// CHECK:         return %[[S]], %[[E]]
func.func @exp_of_log_nonnegative(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = symc.sqr %x : tensor<?xf32>
  %1 = symc.log %0 : tensor<?xf32>
  %2 = symc.exp %1 : tensor<?xf32>
  %3 = symc.log %x : tensor<?xf32>
  %4 = symc.exp %3 : tensor<?xf32>
  return %2, %4 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that a dimshuffle inserting an axis moves above the elementwise op
// it reads (only there), onto each operand.
// CHECK-LABEL: func.func @lift_dimshuffle
// CHECK-SAME:    (%[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[DA:.*]] = symc.dimshuffle %[[A]] [0, x] : tensor<?xf64>
// CHECK-DAG:     %[[DB:.*]] = symc.dimshuffle %[[B]] [0, x] : tensor<?xf64>
// CHECK:         %[[R:.*]] = symc.div %[[DA]], %[[DB]] : tensor<?x1xf64>
// CHECK:         return %[[R]]
func.func @lift_dimshuffle(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?x1xf64> {
  %0 = symc.div %a, %b : tensor<?xf64>
  %1 = symc.dimshuffle %0 [0, x] : tensor<?xf64>
  return %1 : tensor<?x1xf64>
}

// -----

// Tests that a permuting dimshuffle, and one of an op that is read
// elsewhere too, stay where they are.
// CHECK-LABEL: func.func @lift_dimshuffle_blocked
// CHECK:         %[[M:.*]] = symc.mul
// CHECK:         symc.dimshuffle %[[M]] [1, 0]
// CHECK:         %[[S:.*]] = symc.add
// CHECK:         symc.dimshuffle %[[S]] [0, x, 1]
func.func @lift_dimshuffle_blocked(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x1x?xf64>, tensor<?x?xf64>) {
  %0 = symc.mul %a, %b : tensor<?x?xf64>
  %1 = symc.dimshuffle %0 [1, 0] : tensor<?x?xf64>
  %2 = symc.add %a, %b : tensor<?x?xf64>
  %3 = symc.dimshuffle %2 [0, x, 1] : tensor<?x?xf64>
  return %1, %3, %2 : tensor<?x?xf64>, tensor<?x1x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that broadcast_to(x, shape(exp(x))) is x (the shape is provably x's),
// while a broadcast to an unknown shape of the same type stays (it checks
// the sizes).
// CHECK-LABEL: func.func @useless_broadcast
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[S:.*]]: tensor<1xi64>)
// CHECK:         %[[B:.*]] = symc.broadcast_to %[[X]], %[[S]]
// CHECK:         return %[[X]], %[[B]]
func.func @useless_broadcast(%x: tensor<?xf64>, %s: tensor<1xi64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %e = symc.exp %x : tensor<?xf64>
  %s1 = symc.shape %e : tensor<?xf64>
  %0 = symc.broadcast_to %x, %s1 : (tensor<?xf64>, tensor<1xi64>) -> tensor<?xf64>
  %1 = symc.broadcast_to %x, %s : (tensor<?xf64>, tensor<1xi64>) -> tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that an elementwise op reads a broadcast operand unbroadcast when
// another operand provably has the broadcast's shape (a gradient seed
// 1 / y), and not when the shape is unknown.
// CHECK-LABEL: func.func @broadcast_into_elementwise
// CHECK-SAME:    (%[[Y:.*]]: tensor<?x?xf64>, %[[S:.*]]: tensor<2xi64>)
// CHECK:         %[[C:.*]] = symc.constant dense<1.000000e+00> : tensor<1x1xf64>
// CHECK:         %[[Q:.*]] = symc.div %[[C]], %[[Y]] : tensor<1x1xf64>, tensor<?x?xf64>
// CHECK:         %[[B:.*]] = symc.broadcast_to %[[C]], %[[S]]
// CHECK:         %[[R:.*]] = symc.div %[[B]], %[[Y]] : tensor<?x?xf64>
// CHECK:         return %[[Q]], %[[R]]
func.func @broadcast_into_elementwise(%y: tensor<?x?xf64>, %s: tensor<2xi64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %c = symc.constant dense<1.0> : tensor<1x1xf64>
  %l = symc.log %y : tensor<?x?xf64>
  %sl = symc.shape %l : tensor<?x?xf64>
  %b = symc.broadcast_to %c, %sl : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.div %b, %y : tensor<?x?xf64>
  %b2 = symc.broadcast_to %c, %s : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %1 = symc.div %b2, %y : tensor<?x?xf64>
  return %0, %1 : tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that a unary op of a broadcast runs before the broadcast (here it
// then folds to a constant).
// CHECK-LABEL: func.func @unary_of_broadcast
// CHECK-SAME:    (%[[S:.*]]: tensor<2xi64>)
// CHECK:         %[[C:.*]] = symc.constant dense<7.3890562> : tensor<1x1xf32>
// CHECK:         %[[B:.*]] = symc.broadcast_to %[[C]], %[[S]]
// CHECK-NOT:     symc.exp
// CHECK:         return %[[B]]
func.func @unary_of_broadcast(%s: tensor<2xi64>) -> tensor<?x?xf32> {
  %c = symc.constant dense<2.0> : tensor<1x1xf32>
  %b = symc.broadcast_to %c, %s : (tensor<1x1xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %0 = symc.exp %b : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that the sum of a broadcast along broadcast axes is a product with
// the broadcast size: dynamic (keepdims or not), and static (folded). The
// shape is another value's, so its sizes are never negative, and x, a static
// 1 along every axis, passes the broadcast's checks by construction.
// CHECK-LABEL: func.func @sum_of_broadcast
// CHECK-SAME:    (%[[G:.*]]: tensor<f64>, %[[W:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<{{\[}}[5.000000e+00], [1.000000e+01], [1.500000e+01]]> : tensor<3x1xf64>
// CHECK-DAG:     %[[X:.*]] = symc.dimshuffle %[[G]] [x, x] : tensor<f64>
// CHECK-DAG:     %[[S:.*]] = symc.shape %[[W]]
// CHECK-DAG:     symc.subtensor %[[S]][0] : tensor<2xi64>
// CHECK-DAG:     symc.subtensor %[[S]][1] : tensor<2xi64>
// CHECK:         %[[NM:.*]] = symc.mul %{{.*}}, %{{.*}} : tensor<1x1xi64>
// CHECK:         %[[F:.*]] = symc.cast %[[NM]] : tensor<1x1xi64> to tensor<1x1xf64>
// CHECK:         %[[R1:.*]] = symc.mul %[[X]], %[[F]] : tensor<1x1xf64>
// CHECK:         %[[R2:.*]] = symc.mul %[[G]], %{{.*}} : tensor<f64>
// CHECK:         %[[R3:.*]] = symc.dimshuffle %[[K]] [0] : tensor<3x1xf64>
// CHECK-NOT:     symc.broadcast_to
// CHECK-NOT:     symc.reduce_sum
// CHECK:         return %[[R1]], %[[R2]], %[[R3]]
func.func @sum_of_broadcast(%g: tensor<f64>, %w: tensor<?x?xf64>) -> (tensor<1x1xf64>, tensor<f64>, tensor<3xf64>) {
  %x = symc.dimshuffle %g [x, x] : tensor<f64>
  %s = symc.shape %w : tensor<?x?xf64>
  %b = symc.broadcast_to %x, %s : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.reduce_sum %b axes = [0, 1] keepdims : tensor<?x?xf64>
  %1 = symc.reduce_sum %b axes = [0, 1] : tensor<?x?xf64>
  %y = symc.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf64>
  %st = symc.constant dense<[3, 5]> : tensor<2xi64>
  %b2 = symc.broadcast_to %y, %st : (tensor<3x1xf64>, tensor<2xi64>) -> tensor<3x5xf64>
  %2 = symc.reduce_sum %b2 axes = [1] : tensor<3x5xf64>
  return %0, %1, %2 : tensor<1x1xf64>, tensor<f64>, tensor<3xf64>
}

// -----

// Tests that a sum of a broadcast that is also broadcast along a kept axis
// becomes a product broadcast to the result's shape (s with the reduced
// axis 1).
// CHECK-LABEL: func.func @sum_of_broadcast_kept
// CHECK-SAME:    (%[[W:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[ONE:.*]] = symc.constant dense<1> : tensor<1xi64>
// CHECK-DAG:     %[[S:.*]] = symc.shape %[[W]]
// CHECK-DAG:     %[[N:.*]] = symc.subtensor %[[S]][1] : tensor<2xi64>
// CHECK:         %[[F:.*]] = symc.cast
// CHECK:         %[[ROWS:.*]] = symc.subtensor %[[S]][0:1:1] : tensor<2xi64>
// CHECK:         %[[SHAPE:.*]] = symc.concatenate %[[ROWS]], %[[ONE]] axis = 0
// CHECK:         %[[R:.*]] = symc.broadcast_to %[[F]], %[[SHAPE]] : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x1xf64>
// CHECK:         return %[[R]]
func.func @sum_of_broadcast_kept(%w: tensor<?x?xf64>) -> tensor<?x1xf64> {
  %s = symc.shape %w : tensor<?x?xf64>
  %c = symc.constant dense<1.0> : tensor<1x1xf64>
  %b = symc.broadcast_to %c, %s : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.reduce_sum %b axes = [1] keepdims : tensor<?x?xf64>
  return %0 : tensor<?x1xf64>
}

// -----

// Tests sizes the user computed, and shapes built with a negative constant:
// the broadcast stays (it fails at run time for a negative size, which the
// product would hide).
// CHECK-LABEL: func.func @sum_of_broadcast_to_user_sizes
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1xf64>, %[[S:.*]]: tensor<2xi64>)
// CHECK:         %[[B:.*]] = symc.broadcast_to %[[X]], %[[S]]
// CHECK:         %[[R:.*]] = symc.reduce_sum %[[B]] axes = [1]
// CHECK:         %[[B2:.*]] = symc.broadcast_to %{{.*}}, %{{.*}} : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
// CHECK:         %[[R2:.*]] = symc.reduce_sum %[[B2]] axes = [0, 1]
// CHECK:         return %[[R]], %[[R2]]
func.func @sum_of_broadcast_to_user_sizes(%x: tensor<?x1xf64>, %s: tensor<2xi64>) -> (tensor<?xf64>, tensor<f64>) {
  %b = symc.broadcast_to %x, %s : (tensor<?x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.reduce_sum %b axes = [1] : tensor<?x?xf64>
  %c = symc.constant dense<1.0> : tensor<1x1xf64>
  %m = symc.constant dense<-1> : tensor<1xi64>
  %n = symc.subtensor %s[0:1:1] : tensor<2xi64>
  %sm = symc.concatenate %n, %m axis = 0 : tensor<1xi64>, tensor<1xi64>
  %b2 = symc.broadcast_to %c, %sm : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %1 = symc.reduce_sum %b2 axes = [0, 1] : tensor<?x?xf64>
  return %0, %1 : tensor<?xf64>, tensor<f64>
}

// -----

// Tests a kept axis along which x keeps a size the shape does not provably
// match (x is not shaped like %w): the product is broadcast to the kept sizes,
// so that a wrong size still fails the broadcast's check at run time.
// CHECK-LABEL: func.func @sum_of_broadcast_unproven_kept_size
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1xf64>, %[[W:.*]]: tensor<?x?xf64>)
// CHECK:         %[[S:.*]] = symc.shape %[[W]]
// CHECK:         %[[V:.*]] = symc.dimshuffle %[[X]] [0] : tensor<?x1xf64>
// CHECK:         %[[P:.*]] = symc.mul %[[V]], %{{.*}} : tensor<?xf64>, tensor<1xf64>
// CHECK:         %[[ROWS:.*]] = symc.subtensor %[[S]][0:1:1] : tensor<2xi64>
// CHECK:         %[[R:.*]] = symc.broadcast_to %[[P]], %[[ROWS]] : (tensor<?xf64>, tensor<1xi64>) -> tensor<?xf64>
// CHECK-NOT:     symc.reduce_sum
// CHECK:         return %[[R]]
func.func @sum_of_broadcast_unproven_kept_size(%x: tensor<?x1xf64>, %w: tensor<?x?xf64>) -> tensor<?xf64> {
  %s = symc.shape %w : tensor<?x?xf64>
  %b = symc.broadcast_to %x, %s : (tensor<?x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.reduce_sum %b axes = [1] : tensor<?x?xf64>
  return %0 : tensor<?xf64>
}

// -----

// Tests that a sum over an axis the input is not broadcast along stays.
// CHECK-LABEL: func.func @sum_not_of_broadcast
// CHECK:         %[[B:.*]] = symc.broadcast_to
// CHECK:         symc.reduce_sum %[[B]] axes = [1]
func.func @sum_not_of_broadcast(%x: tensor<?x?xf64>, %s: tensor<2xi64>) -> tensor<?xf64> {
  %b = symc.broadcast_to %x, %s : (tensor<?x?xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %0 = symc.reduce_sum %b axes = [1] : tensor<?x?xf64>
  return %0 : tensor<?xf64>
}

// -----

// Tests that assert drops its constant-true conditions and, with none left,
// becomes its operand; a constant-false or unknown condition stays.
// CHECK-LABEL: func.func @assert_conditions
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[C:.*]]: tensor<i1>)
// CHECK-DAG:     %[[F:.*]] = symc.constant dense<false> : tensor<i1>
// CHECK:         %[[A:.*]] = symc.assert "some" %[[X]], %[[C]] : tensor<?xf64>, tensor<i1>
// CHECK:         %[[B:.*]] = symc.assert "never" %[[X]], %[[F]] : tensor<?xf64>, tensor<i1>
// CHECK:         return %[[A]], %[[B]], %[[X]]
func.func @assert_conditions(%x: tensor<?xf64>, %c: tensor<i1>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %t = symc.constant dense<true> : tensor<i1>
  %f = symc.constant dense<false> : tensor<i1>
  %0 = symc.assert "some" %x, %t, %c : tensor<?xf64>, tensor<i1>, tensor<i1>
  %1 = symc.assert "never" %x, %f : tensor<?xf64>, tensor<i1>
  %2 = symc.assert "always" %x, %t : tensor<?xf64>, tensor<i1>
  return %0, %1, %2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that an unused assert is erased: it checks only what is used, as in
// Theano.
// CHECK-LABEL: func.func @assert_dead
// CHECK-NOT:     symc.assert
// CHECK:         return
func.func @assert_dead(%x: tensor<?xf64>, %c: tensor<i1>) {
  %0 = symc.assert "unused" %x, %c : tensor<?xf64>, tensor<i1>
  return
}
