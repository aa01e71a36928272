// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg writes Philox4x32-10 for the random draws: each
// element of a parallel linalg.generic computes its own block (ten rounds of
// two arith.mului_extended) from the state's key and counter plus its
// row-major position; the next state is [key, counter_lo, counter_hi + 1].

// Tests a uniform f32 draw: the state is read, every element computes ten
// Philox rounds from its linear index, takes the top 24 bits of word 0, and
// the next state adds one to counter_hi.
// CHECK-LABEL: func.func @uniform_f32
// CHECK-SAME:    (%[[S:.*]]: tensor<3xi64>, %[[SH:.*]]: tensor<2xi64>)
// CHECK:         %[[KEY:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<3xi64>
// CHECK:         %[[LO:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<3xi64>
// CHECK:         %[[HI:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<3xi64>
// CHECK:         symc.check
// CHECK:         %[[U:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK:           linalg.index 0
// CHECK:           linalg.index 1
// CHECK-COUNT-20:  arith.mului_extended
// CHECK-NOT:       arith.mului_extended
// CHECK:           arith.shrui
// CHECK:           arith.uitofp %{{.*}} : i32 to f32
// CHECK:           linalg.yield
// CHECK:         %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:         %[[NEXT_HI:.*]] = arith.addi %[[HI]], %[[ONE]] : i64
// CHECK:         %[[NEXT:.*]] = tensor.from_elements %[[KEY]], %[[LO]], %[[NEXT_HI]] : tensor<3xi64>
// CHECK:         return %[[NEXT]], %{{.*}} : tensor<3xi64>, tensor<?x4xf32>
func.func @uniform_f32(%s: tensor<3xi64>, %shape: tensor<2xi64>) -> (tensor<3xi64>, tensor<?x4xf32>) {
  %u:2 = symc.random_uniform %s, %shape : tensor<2xi64> -> tensor<?x4xf32>
  return %u#0, %u#1 : tensor<3xi64>, tensor<?x4xf32>
}

// -----

// Tests a normal f64 draw: Box-Muller with log, sqrt and cos of two
// 53-bit uniforms.
// CHECK-LABEL: func.func @normal_f64
// CHECK:         linalg.generic
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:           arith.uitofp %{{.*}} : i64 to f64
// CHECK:           math.log
// CHECK:           math.sqrt
// CHECK:           math.cos
func.func @normal_f64(%s: tensor<3xi64>, %shape: tensor<1xi64>) -> tensor<?xf64> {
  %z:2 = symc.random_normal %s, %shape : tensor<1xi64> -> tensor<?xf64>
  return %z#1 : tensor<?xf64>
}

// -----

// Tests a permutation: an iota, then a sequential Fisher-Yates scf.for whose
// swap position is a Philox draw modulo i + 1.
// CHECK-LABEL: func.func @permutation
// CHECK:         symc.check
// CHECK:         %[[IOTA:.*]] = linalg.generic
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[P:.*]] = %[[IOTA]]) -> (tensor<?xi64>)
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:           arith.remui
// CHECK:           tensor.insert
// CHECK:           tensor.insert
// CHECK:           scf.yield
func.func @permutation(%s: tensor<3xi64>, %n: tensor<i64>) -> tensor<?xi64> {
  %p:2 = symc.random_permutation %s, %n : tensor<?xi64>
  return %p#1 : tensor<?xi64>
}
