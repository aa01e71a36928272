// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-symc-to-linalg,canonicalize,cse,func.func(linalg-fuse-elementwise-ops),canonicalize,cse)' | FileCheck %s

// The fusion step of symc-lower-to-llvm-pipeline: after convert-symc-to-
// linalg, upstream elementwise fusion merges chains of elementwise ops (and
// elementwise producers of reductions) into one loop nest without
// intermediate tensors; splat constants become scalars in the body.

// Tests B1 of BENCHMARKS.md: seven symc ops, one generic, one size check.
// CHECK-LABEL: func.func @b1_one_loop
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         symc.check
// CHECK-NOT:     symc.check
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[Y]] : tensor<?xf64>, tensor<?xf64>)
// CHECK:         ^bb0(%[[XI:.*]]: f64, %[[YI:.*]]: f64, %{{.*}}: f64):
// CHECK-DAG:       %[[T:.*]] = math.tanh %[[XI]] : f64
// CHECK-DAG:       %[[E:.*]] = math.exp %[[XI]] : f64
// CHECK-DAG:       %[[A:.*]] = arith.addf %[[E]], %[[ONE]] : f64
// CHECK-DAG:       %[[L:.*]] = math.log %[[A]] : f64
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

// Tests that broadcasting elementwise producers fuse into a reduction: the
// squared difference is never stored.
// CHECK-LABEL: func.func @sum_of_squares
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<1x?xf32>)
// CHECK:           %[[D:.*]] = arith.subf
// CHECK:           %[[S:.*]] = arith.mulf %[[D]], %[[D]]
// CHECK:           arith.addf %{{.*}}, %[[S]] fastmath<reassoc>
// CHECK-NOT:     linalg.generic
func.func @sum_of_squares(%x: tensor<?x?xf32>, %b: tensor<1x?xf32>) -> tensor<?xf32> {
  %d = symc.sub %x, %b : tensor<?x?xf32>, tensor<1x?xf32>
  %s = symc.sqr %d : tensor<?x?xf32>
  %r = symc.reduce_sum %s axes = [1] : tensor<?x?xf32>
  return %r : tensor<?xf32>
}

// -----

// Tests that a producer whose value is also a result is not fused away: it
// is computed once and stored.
// CHECK-LABEL: func.func @shared_producer_kept
// CHECK:         %[[E:.*]] = linalg.generic
// CHECK:           math.exp
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[E]] :
// CHECK-NOT:       math.exp
// CHECK:           arith.mulf
// CHECK:         return %[[E]], %[[R]]
func.func @shared_producer_kept(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = symc.exp %x : tensor<?xf32>
  %r = symc.mul %e, %e : tensor<?xf32>, tensor<?xf32>
  return %e, %r : tensor<?xf32>, tensor<?xf32>
}
