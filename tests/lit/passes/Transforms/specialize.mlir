// RUN: symc-opt %s --split-input-file --symc-specialize | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-specialize=allow-reciprocal | FileCheck %s --check-prefix=RECIP

// symc-specialize: one case per rewrite, and cases where a rewrite must not
// fire. The pass does not run CSE; the pipelines do afterwards.

// Tests that x ** 2, 0.5, -1, -0.5, 0, 5 and -3 become sqr, sqrt,
// reciprocal, reciprocal(sqrt), a broadcast 1 and chains of squarings and
// multiplications.
// CHECK-LABEL: func.func @pow
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[ONE:.*]] = symc.constant dense<1.000000e+00> : tensor<1xf64>
// CHECK:         %[[P2:.*]] = symc.sqr %[[X]]
// CHECK:         %[[PH:.*]] = symc.sqrt %[[X]]
// CHECK:         %[[PM1:.*]] = symc.reciprocal %[[X]]
// CHECK:         %[[RT:.*]] = symc.sqrt %[[X]]
// CHECK:         %[[PMH:.*]] = symc.reciprocal %[[RT]]
// CHECK:         %[[S:.*]] = symc.shape %[[X]]
// CHECK:         %[[P0:.*]] = symc.broadcast_to %[[ONE]], %[[S]]
// CHECK:         %[[X2:.*]] = symc.sqr %[[X]]
// CHECK:         %[[X4:.*]] = symc.sqr %[[X2]]
// CHECK:         %[[P5:.*]] = symc.mul %[[X]], %[[X4]]
// CHECK:         %[[Y2:.*]] = symc.sqr %[[X]]
// CHECK:         %[[Y3:.*]] = symc.mul %[[X]], %[[Y2]]
// CHECK:         %[[PM3:.*]] = symc.reciprocal %[[Y3]]
// CHECK-NOT:     symc.pow
// CHECK:         return %[[P2]], %[[PH]], %[[PM1]], %[[PMH]], %[[P0]], %[[P5]], %[[PM3]]
func.func @pow(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %c2 = symc.constant dense<2.0> : tensor<1xf64>
  %c05 = symc.constant dense<0.5> : tensor<1xf64>
  %cm1 = symc.constant dense<-1.0> : tensor<1xf64>
  %cm05 = symc.constant dense<-0.5> : tensor<1xf64>
  %c0 = symc.constant dense<0.0> : tensor<1xf64>
  %c5 = symc.constant dense<5.0> : tensor<1xf64>
  %cm3 = symc.constant dense<-3.0> : tensor<1xf64>
  %0 = symc.pow %x, %c2 : tensor<?xf64>, tensor<1xf64>
  %1 = symc.pow %x, %c05 : tensor<?xf64>, tensor<1xf64>
  %2 = symc.pow %x, %cm1 : tensor<?xf64>, tensor<1xf64>
  %3 = symc.pow %x, %cm05 : tensor<?xf64>, tensor<1xf64>
  %4 = symc.pow %x, %c0 : tensor<?xf64>, tensor<1xf64>
  %5 = symc.pow %x, %c5 : tensor<?xf64>, tensor<1xf64>
  %6 = symc.pow %x, %cm3 : tensor<?xf64>, tensor<1xf64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that powers stay for an exponent above max-pow-chain, a
// non-integer one, a negative integer exponent of integers (whose pow is 0
// or +-1), and an exponent that broadcasts x to a larger shape.
// CHECK-LABEL: func.func @pow_kept
// CHECK-COUNT-4: symc.pow
// CHECK-NOT:     symc.sqr
func.func @pow_kept(%x: tensor<?xf64>, %n: tensor<?xi32>, %y: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xi32>, tensor<4xf64>) {
  %c17 = symc.constant dense<17.0> : tensor<1xf64>
  %c25 = symc.constant dense<2.5> : tensor<1xf64>
  %im = symc.constant dense<-2> : tensor<1xi32>
  %c2 = symc.constant dense<2.0> : tensor<4xf64>
  %0 = symc.pow %x, %c17 : tensor<?xf64>, tensor<1xf64>
  %1 = symc.pow %x, %c25 : tensor<?xf64>, tensor<1xf64>
  %2 = symc.pow %n, %im : tensor<?xi32>, tensor<1xi32>
  %3 = symc.pow %y, %c2 : tensor<1xf64>, tensor<4xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xi32>, tensor<4xf64>
}

// -----

// Tests that integer x ** 3 and x * x become multiplications and squares.
// CHECK-LABEL: func.func @integer_powers
// CHECK-SAME:    (%[[N:.*]]: tensor<?xi64>)
// CHECK:         %[[S:.*]] = symc.sqr %[[N]]
// CHECK:         %[[C:.*]] = symc.mul %[[N]], %[[S]]
// CHECK:         %[[Q:.*]] = symc.sqr %[[N]]
// CHECK:         return %[[C]], %[[Q]]
func.func @integer_powers(%n: tensor<?xi64>) -> (tensor<?xi64>, tensor<?xi64>) {
  %c3 = symc.constant dense<3> : tensor<1xi64>
  %0 = symc.pow %n, %c3 : tensor<?xi64>, tensor<1xi64>
  %1 = symc.mul %n, %n : tensor<?xi64>
  return %0, %1 : tensor<?xi64>, tensor<?xi64>
}

// -----

// Tests that x / c becomes x * (1 / c) where every 1 / c is exact (powers of
// two, also elementwise), 1 / x becomes reciprocal(x), and x / 3 stays
// unless allow-reciprocal is set.
// CHECK-LABEL: func.func @div_by_constant
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[V:.*]] = symc.constant dense<[2.000000e+00, 1.250000e-01, -4.000000e+00]> : tensor<3xf64>
// CHECK-DAG:     %[[Q:.*]] = symc.constant dense<2.500000e-01> : tensor<1xf64>
// CHECK:         %[[A:.*]] = symc.mul %[[X]], %[[Q]]
// CHECK:         %[[B:.*]] = symc.div %[[X]], %{{.*}}
// CHECK:         %[[C:.*]] = symc.reciprocal %[[X]]
// CHECK:         %[[D:.*]] = symc.mul %[[X]], %[[V]]
// CHECK:         return %[[A]], %[[B]], %[[C]], %[[D]]
// RECIP-LABEL:   func.func @div_by_constant
// RECIP:         symc.constant dense<0.33333333333333331> : tensor<1xf64>
// RECIP-NOT:     symc.div
func.func @div_by_constant(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<3xf64>) {
  %c4 = symc.constant dense<4.0> : tensor<1xf64>
  %c3 = symc.constant dense<3.0> : tensor<1xf64>
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %c = symc.constant dense<[0.5, 8.0, -0.25]> : tensor<3xf64>
  %0 = symc.div %x, %c4 : tensor<?xf64>, tensor<1xf64>
  %1 = symc.div %x, %c3 : tensor<?xf64>, tensor<1xf64>
  %2 = symc.div %one, %x : tensor<1xf64>, tensor<?xf64>
  %3 = symc.div %x, %c : tensor<?xf64>, tensor<3xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<3xf64>
}

// -----

// Tests that a division by a constant whose reciprocal is not a normal
// number (or by 0) stays, even with allow-reciprocal for 0.
// CHECK-LABEL: func.func @div_inexact
// CHECK-COUNT-2: symc.div
// RECIP-LABEL:   func.func @div_inexact
// RECIP:         symc.div %{{.*}}, %{{.*}} : tensor<?xf64>, tensor<1xf64>
func.func @div_inexact(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %tiny = symc.constant dense<1.0e+308> : tensor<1xf64>
  %zero = symc.constant dense<0.0> : tensor<1xf64>
  %0 = symc.div %x, %tiny : tensor<?xf64>, tensor<1xf64>
  %1 = symc.div %x, %zero : tensor<?xf64>, tensor<1xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that W + (-0.1) * dot(A^T, B) becomes one gemm accumulating into W,
// with the transpose as a flag and the scalar as alpha.
// CHECK-LABEL: func.func @gemm_update
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>, %[[W:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[ALPHA:.*]] = symc.constant dense<-1.000000e-01> : tensor<f64>
// CHECK-DAG:     %[[BETA:.*]] = symc.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[R:.*]] = symc.gemm %[[ALPHA]], %[[A]], %[[B]], %[[BETA]], %[[W]] {transpose_a}
// CHECK-NOT:     symc.dimshuffle
// CHECK-NOT:     symc.dot
// CHECK:         return %[[R]]
func.func @gemm_update(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %t = symc.dimshuffle %a [1, 0] : tensor<?x?xf64>
  %p = symc.dot %t, %b : tensor<?x?xf64>, tensor<?x?xf64>
  %k = symc.constant dense<-0.1> : tensor<1x1xf64>
  %s = symc.mul %p, %k : tensor<?x?xf64>, tensor<1x1xf64>
  %r = symc.add %w, %s : tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

// -----

// Tests that a product alone becomes gemm with beta 0 into an uninitialized
// tensor sized from the operands, scalars gathered from both operands
// (a rank-0 one too) and a negation into alpha, and B^T as a flag.
// CHECK-LABEL: func.func @gemm_scalars
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<f32>)
// CHECK-DAG:     %[[TWO:.*]] = symc.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[ZERO:.*]] = symc.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[PROD:.*]] = symc.mul %[[S]], %[[TWO]] : tensor<f32>
// CHECK-DAG:     %[[ALPHA:.*]] = symc.neg %[[PROD]] : tensor<f32>
// CHECK-DAG:     %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x?xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK:         %[[R:.*]] = symc.gemm %[[ALPHA]], %[[A]], %[[B]], %[[ZERO]], %[[E]] {transpose_b}
// CHECK:         return %[[R]]
func.func @gemm_scalars(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %s: tensor<f32>) -> tensor<?x?xf32> {
  %two = symc.constant dense<2.0> : tensor<1x1xf32>
  %sa = symc.mul %two, %a : tensor<1x1xf32>, tensor<?x?xf32>
  %ss = symc.dimshuffle %s [x, x] : tensor<f32>
  %bt = symc.dimshuffle %b [1, 0] : tensor<?x?xf32>
  %sb = symc.mul %bt, %ss : tensor<?x?xf32>, tensor<1x1xf32>
  %nb = symc.neg %sb : tensor<?x?xf32>
  %p = symc.dot %sa, %nb : tensor<?x?xf32>, tensor<?x?xf32>
  return %p : tensor<?x?xf32>
}

// -----

// Tests that C - 3 * dot(A, B) and dot(A, B) - C accumulate with the signs
// in alpha and beta, and that a transposed product swaps its operands.
// CHECK-LABEL: func.func @gemm_signs
// CHECK-SAME:    (%[[A:.*]]: tensor<4x5xf64>, %[[B:.*]]: tensor<5x6xf64>, %[[C:.*]]: tensor<4x6xf64>)
// CHECK-DAG:     %[[M3:.*]] = symc.constant dense<-3.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[P1:.*]] = symc.constant dense<1.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[M1:.*]] = symc.constant dense<-1.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[G1:.*]] = symc.gemm %[[M3]], %[[A]], %[[B]], %[[P1]], %[[C]] :
// CHECK-DAG:     %[[G2:.*]] = symc.gemm %[[P1]], %[[A]], %[[B]], %[[M1]], %[[C]] :
// CHECK-DAG:     %[[G3:.*]] = symc.gemm %[[P1]], %[[B]], %[[A]], %{{.*}}, %{{.*}} {transpose_a, transpose_b} : tensor<5x6xf64>, tensor<4x5xf64>, tensor<6x4xf64>
// CHECK:         return %[[G1]], %[[G2]], %[[G3]]
func.func @gemm_signs(%a: tensor<4x5xf64>, %b: tensor<5x6xf64>, %c: tensor<4x6xf64>) -> (tensor<4x6xf64>, tensor<4x6xf64>, tensor<6x4xf64>) {
  %k = symc.constant dense<3.0> : tensor<1x1xf64>
  %p = symc.dot %a, %b : tensor<4x5xf64>, tensor<5x6xf64>
  %s = symc.mul %k, %p : tensor<1x1xf64>, tensor<4x6xf64>
  %0 = symc.sub %c, %s : tensor<4x6xf64>
  %q = symc.dot %a, %b : tensor<4x5xf64>, tensor<5x6xf64>
  %1 = symc.sub %q, %c : tensor<4x6xf64>
  %r = symc.dot %a, %b : tensor<4x5xf64>, tensor<5x6xf64>
  %2 = symc.dimshuffle %r [1, 0] : tensor<4x6xf64>
  return %0, %1, %2 : tensor<4x6xf64>, tensor<4x6xf64>, tensor<6x4xf64>
}

// -----

// Tests that a broadcast bias is not accumulated into (it stays an add, which
// fusion makes free), that a product read twice is not absorbed into one
// of its readers, and that an integer product stays a dot.
// CHECK-LABEL: func.func @gemm_kept
// CHECK:         %[[G:.*]] = symc.gemm
// CHECK:         %[[S:.*]] = symc.add %[[G]], %{{.*}} : tensor<?x?xf64>, tensor<1x?xf64>
// CHECK:         %[[H:.*]] = symc.gemm
// CHECK:         %[[T:.*]] = symc.add %[[H]], %{{.*}} : tensor<?x?xf64>
// CHECK:         symc.dot %{{.*}}, %{{.*}} : tensor<?x?xi32>, tensor<?x?xi32>
// CHECK:         return %[[S]], %[[T]], %[[H]]
func.func @gemm_kept(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %bias: tensor<1x?xf64>, %c: tensor<?x?xf64>, %i: tensor<?x?xi32>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xi32>) {
  %p = symc.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64>
  %0 = symc.add %p, %bias : tensor<?x?xf64>, tensor<1x?xf64>
  %q = symc.dot %b, %a : tensor<?x?xf64>, tensor<?x?xf64>
  %1 = symc.add %q, %c : tensor<?x?xf64>
  %2 = symc.dot %i, %i : tensor<?x?xi32>, tensor<?x?xi32>
  return %0, %1, %q, %2 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xi32>
}

// -----

// Tests that dot(A, x) + 2 * y becomes gemv accumulating into y, and that
// dot(x, A) becomes gemv with A transposed.
// CHECK-LABEL: func.func @gemv
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xf64>, %[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[ONE:.*]] = symc.constant dense<1.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[TWO:.*]] = symc.constant dense<2.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[ZERO:.*]] = symc.constant dense<0.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[G:.*]] = symc.gemv %[[ONE]], %[[A]], %[[X]], %[[TWO]], %[[Y]] :
// CHECK-DAG:     %[[N:.*]] = tensor.dim %[[A]], %{{.*}}
// CHECK-DAG:     %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK-DAG:     %[[H:.*]] = symc.gemv %[[ONE]], %[[A]], %[[Y]], %[[ZERO]], %[[E]] {transpose_a}
// CHECK:         return %[[G]], %[[H]]
func.func @gemv(%a: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %two = symc.constant dense<2.0> : tensor<1xf64>
  %p = symc.dot %a, %x : tensor<?x?xf64>, tensor<?xf64>
  %s = symc.mul %two, %y : tensor<1xf64>, tensor<?xf64>
  %0 = symc.add %p, %s : tensor<?xf64>
  %1 = symc.dot %y, %a : tensor<?xf64>, tensor<?x?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that A - 0.5 * outer(x, y) becomes ger(-0.5, x, y, A), a transposed
// outer product outer(y, x)^T swaps its vectors back, and a broadcast A is
// left alone.
// CHECK-LABEL: func.func @ger
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xf32>, %[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<1x?xf32>)
// CHECK-DAG:     %[[H:.*]] = symc.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-DAG:     %[[ONE:.*]] = symc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[G:.*]] = symc.ger %[[H]], %[[X]], %[[Y]], %[[A]]
// CHECK-DAG:     %[[T:.*]] = symc.ger %[[ONE]], %[[X]], %[[Y]], %[[A]]
// CHECK-DAG:     %[[O:.*]] = symc.outer %[[X]], %[[Y]]
// CHECK-DAG:     %[[S:.*]] = symc.add %[[B]], %[[O]]
// CHECK:         return %[[G]], %[[T]], %[[S]]
func.func @ger(%a: tensor<?x?xf32>, %x: tensor<?xf32>, %y: tensor<?xf32>, %b: tensor<1x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %h = symc.constant dense<0.5> : tensor<1x1xf32>
  %o = symc.outer %x, %y : tensor<?xf32>, tensor<?xf32>
  %s = symc.mul %h, %o : tensor<1x1xf32>, tensor<?x?xf32>
  %0 = symc.sub %a, %s : tensor<?x?xf32>
  %u = symc.outer %y, %x : tensor<?xf32>, tensor<?xf32>
  %t = symc.dimshuffle %u [1, 0] : tensor<?x?xf32>
  %1 = symc.add %t, %a : tensor<?x?xf32>
  %2 = symc.add %b, %o : tensor<1x?xf32>, tensor<?x?xf32>
  return %0, %1, %2 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// Tests that an outer product of static size-1 vectors that the sum
// broadcasts to A's sides stays an add: ger would need x and y as long as
// A's rows and columns.
// CHECK-LABEL: func.func @ger_of_a_broadcast_outer_product
// CHECK-NOT:     symc.ger
// CHECK:         %[[O:.*]] = symc.outer
// CHECK:         symc.add %{{.*}}, %[[O]] : tensor<1x?xf64>, tensor<1x1xf64>
func.func @ger_of_a_broadcast_outer_product(%a: tensor<1x?xf64>, %x: tensor<1xf64>, %y: tensor<1xf64>) -> tensor<1x?xf64> {
  %o = symc.outer %x, %y : tensor<1xf64>, tensor<1xf64>
  %0 = symc.add %a, %o : tensor<1x?xf64>, tensor<1x1xf64>
  return %0 : tensor<1x?xf64>
}

// -----

// Tests that sum(x * y) and sum(sqr(x)) over vectors become dot, keepdims
// included, and that a product that broadcasts stays.
// CHECK-LABEL: func.func @sum_of_product
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<1xf64>)
// CHECK-DAG:     %[[D:.*]] = symc.dot %[[X]], %[[Y]] : tensor<?xf64>, tensor<?xf64>
// CHECK-DAG:     %[[Q:.*]] = symc.dot %[[X]], %[[X]]
// CHECK-DAG:     %[[K:.*]] = symc.dimshuffle %[[Q]] [x] : tensor<f64>
// CHECK-DAG:     %[[P:.*]] = symc.mul %[[X]], %[[Z]]
// CHECK-DAG:     %[[S:.*]] = symc.reduce_sum %[[P]] axes = [0]
// CHECK:         return %[[D]], %[[K]], %[[S]]
func.func @sum_of_product(%x: tensor<?xf64>, %y: tensor<?xf64>, %z: tensor<1xf64>) -> (tensor<f64>, tensor<1xf64>, tensor<f64>) {
  %0 = symc.mul %x, %y : tensor<?xf64>
  %1 = symc.reduce_sum %0 axes = [0] : tensor<?xf64>
  %2 = symc.sqr %x : tensor<?xf64>
  %3 = symc.reduce_sum %2 axes = [0] keepdims : tensor<?xf64>
  %4 = symc.mul %x, %z : tensor<?xf64>, tensor<1xf64>
  %5 = symc.reduce_sum %4 axes = [0] : tensor<?xf64>
  return %1, %3, %5 : tensor<f64>, tensor<1xf64>, tensor<f64>
}
