// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-symc-to-linalg,canonicalize,cse,func.func(symc-fuse-elementwise),canonicalize,cse)' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-symc-to-linalg,canonicalize,cse,func.func(symc-fuse-elementwise{max-ops=4}),canonicalize,cse)' | FileCheck %s --check-prefix=CAP

// symc-fuse-elementwise: chains of elementwise ops become one loop body,
// each body cloned once, bodies capped at max-ops operations.

// Tests B1 of BENCHMARKS.md: seven symc ops, one generic; splat constants
// become scalars in the body.
// CHECK-LABEL: func.func @b1_one_loop
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[Y]] : tensor<?xf64>, tensor<?xf64>)
// CHECK:         ^bb0(%[[XI:.*]]: f64, %[[YI:.*]]: f64, %{{.*}}: f64):
// CHECK-DAG:       math.tanh %[[XI]] : f64
// CHECK-DAG:       %[[E:.*]] = math.exp %[[XI]] : f64
// CHECK-DAG:       math.log
// CHECK:           linalg.yield
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @b1_one_loop(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %half = symc.constant dense<0.5> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %a = symc.add %one, %e : tensor<1xf64>, tensor<?xf64>
  %l = symc.log %a : tensor<?xf64>
  %m = symc.mul %l, %y : tensor<?xf64>, tensor<?xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %th = symc.mul %t, %half : tensor<?xf64>, tensor<1xf64>
  %r = symc.add %m, %th : tensor<?xf64>, tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// Tests that a value of the chain that is also a result becomes a second
// result of the one fused loop (computed once, stored once).
// CHECK-LABEL: func.func @shared_value_is_a_result
// CHECK:         %[[R:.*]]:2 = linalg.generic
// CHECK:           %[[E:.*]] = math.exp
// CHECK:           %[[M:.*]] = arith.mulf %[[E]], %[[E]]
// CHECK:           linalg.yield %[[E]], %[[M]]
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @shared_value_is_a_result(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = symc.exp %x : tensor<?xf32>
  %r = symc.mul %e, %e : tensor<?xf32>, tensor<?xf32>
  return %e, %r : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that broadcasting elementwise producers still fuse into a reduction
// (upstream's patterns, run after the grouping).
// CHECK-LABEL: func.func @sum_of_squares
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK-NOT:     linalg.generic
func.func @sum_of_squares(%x: tensor<?x?xf32>, %b: tensor<1x?xf32>) -> tensor<?xf32> {
  %d = symc.sub %x, %b : tensor<?x?xf32>, tensor<1x?xf32>
  %s = symc.sqr %d : tensor<?x?xf32>
  %r = symc.reduce_sum %s axes = [1] : tensor<?x?xf32>
  return %r : tensor<?xf32>
}

// -----

// Tests the cap: with max-ops=4 (a one-op body counts 2 with its yield) a
// chain of five tanh becomes three loops, two tanh, two and one, joined by
// intermediate tensors; the default cap fuses all five.
// CHECK-LABEL: func.func @long_chain
// CHECK:         linalg.generic
// CHECK-COUNT-5:   math.tanh
// CHECK-NOT:     linalg.generic
// CAP-LABEL:   func.func @long_chain
// CAP:           %[[A:.*]] = linalg.generic
// CAP-COUNT-2:     math.tanh
// CAP:           %[[B:.*]] = linalg.generic {{.*}} ins(%[[A]] :
// CAP-COUNT-2:     math.tanh
// CAP:           %[[C:.*]] = linalg.generic {{.*}} ins(%[[B]] :
// CAP:             math.tanh
// CAP-NOT:         math.tanh
// CAP-NOT:       linalg.generic
// CAP:           return %[[C]]
func.func @long_chain(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.tanh %x : tensor<?xf64>
  %1 = symc.tanh %0 : tensor<?xf64>
  %2 = symc.tanh %1 : tensor<?xf64>
  %3 = symc.tanh %2 : tensor<?xf64>
  %4 = symc.tanh %3 : tensor<?xf64>
  return %4 : tensor<?xf64>
}

// -----

// Tests that ops on unrelated values (no data flow between them, so
// possibly different sizes) are not put in one loop.
// CHECK-LABEL: func.func @unrelated_not_fused
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<?xf64>)
// CHECK:           math.exp
// CHECK-NOT:       math.sin
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<?xf64>)
// CHECK:           math.sin
func.func @unrelated_not_fused(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %a = symc.exp %x : tensor<?xf64>
  %b = symc.sin %y : tensor<?xf64>
  return %a, %b : tensor<?xf64>, tensor<?xf64>
}
