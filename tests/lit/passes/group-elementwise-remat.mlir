// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{remat-min-inputs=2}))' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{remat-min-inputs=2 remat-ops-per-value=2}))' | FileCheck %s --check-prefix=PERV
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{remat-min-inputs=2 remat-budget=1}))' | FileCheck %s --check-prefix=BUDGET
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{remat-budget=0}))' | FileCheck %s --check-prefix=OFF
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise))' | FileCheck %s --check-prefix=OFF

// symc-group-elementwise's rematerialization: a group reading values of
// another group over its sizes recomputes them from what it has, instead
// of making them results of that group. Two steps of B4's chain and a
// backward group reading y1, tanh(y1) and tanh(x); the reduction of y2
// closes the forward group.

// Tests recomputation from the group's own inputs: the backward group
// clones tanh(x), then y1 from it (mul, sin, add), then tanh(y1); the
// forward group keeps only the result the reduction reads.
// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[C:.*]] = symc.constant
// CHECK:         %[[F:.*]] = symc.fused_elementwise(%[[X]], %[[C]]) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
// CHECK:         %[[R:.*]] = symc.reduce_sum %[[F]]
// CHECK:         %[[G:.*]] = symc.fused_elementwise(%[[X]], %[[C]]) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>, %[[B:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[T0:.*]] = symc.tanh %[[A]] : tensor<f64>
// CHECK-NEXT:      %[[M0:.*]] = symc.mul %[[T0]], %[[B]] : tensor<f64>
// CHECK-NEXT:      %[[S0:.*]] = symc.sin %[[A]] : tensor<f64>
// CHECK-NEXT:      %[[Y1:.*]] = symc.add %[[M0]], %[[S0]] : tensor<f64>
// CHECK-NEXT:      %[[T1:.*]] = symc.tanh %[[Y1]] : tensor<f64>
// CHECK-NEXT:      %[[G1:.*]] = symc.cos %[[Y1]] : tensor<f64>
// CHECK-NEXT:      %[[G2:.*]] = symc.mul %[[G1]], %[[T1]] : tensor<f64>
// CHECK-NEXT:      %[[G3:.*]] = symc.mul %[[G2]], %[[T0]] : tensor<f64>
// CHECK-NEXT:      %[[G4:.*]] = symc.mul %[[G3]], %[[A]] : tensor<f64>
// CHECK-NEXT:      symc.yield %[[G4]] : tensor<f64>
// CHECK:         return %[[R]], %[[G]]
//
// Tests the checkpoint: with at most 2 clones per value, y1 (3 clones from
// x) stays a result of the forward group and an input of the backward one,
// which recomputes tanh(x) and tanh(y1) (one clone each).
// PERV-LABEL:  func.func @chain
// PERV:          %[[F:.*]]:2 = symc.fused_elementwise
// PERV:            symc.yield %{{.*}}, %{{.*}} : tensor<f64>, tensor<f64>
// PERV:          symc.reduce_sum %[[F]]#1
// PERV:          symc.fused_elementwise(%{{.*}}, %[[F]]#0) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
// PERV-NEXT:     ^bb0(%[[A:.*]]: tensor<f64>, %[[Y1:.*]]: tensor<f64>):
// PERV-NEXT:       %[[T0:.*]] = symc.tanh %[[A]]
// PERV-NEXT:       %[[T1:.*]] = symc.tanh %[[Y1]]
// PERV-NEXT:       symc.cos %[[Y1]]
// PERV-NOT:        symc.sin
// PERV:            symc.yield
//
// Tests the group budget: one clone (tanh(x)), then y1 and tanh(y1) are
// read from the forward group.
// BUDGET-LABEL: func.func @chain
// BUDGET:         %[[F:.*]]:3 = symc.fused_elementwise
// BUDGET:         symc.fused_elementwise(%{{.*}}, %[[F]]#0, %[[F]]#1) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
// BUDGET-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>, %{{.*}}: tensor<f64>, %{{.*}}: tensor<f64>):
// BUDGET-NEXT:      symc.tanh %[[A]]
// BUDGET-NEXT:      symc.cos
//
// Tests that the pass recomputes nothing with remat-budget=0, nor by
// default in a group reading fewer than remat-min-inputs (8) values: the
// forward group yields every value the backward group reads.
// OFF-LABEL:   func.func @chain
// OFF:           %[[F:.*]]:4 = symc.fused_elementwise
// OFF:           symc.fused_elementwise(%[[F]]#1, %[[F]]#2, %[[F]]#0, %{{.*}}) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
// OFF-NOT:         symc.tanh
// OFF:             symc.yield
func.func @chain(%x: tensor<?xf64>) -> (tensor<1xf64>, tensor<?xf64>) {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %t0 = symc.tanh %x : tensor<?xf64>
  %m0 = symc.mul %t0, %c : tensor<?xf64>, tensor<1xf64>
  %s0 = symc.sin %x : tensor<?xf64>
  %y1 = symc.add %m0, %s0 : tensor<?xf64>
  %t1 = symc.tanh %y1 : tensor<?xf64>
  %m1 = symc.mul %t1, %c : tensor<?xf64>, tensor<1xf64>
  %s1 = symc.sin %y1 : tensor<?xf64>
  %y2 = symc.add %m1, %s1 : tensor<?xf64>
  %r = symc.reduce_sum %y2 axes = [0] keepdims : tensor<?xf64>
  %g1 = symc.cos %y1 : tensor<?xf64>
  %g2 = symc.mul %g1, %t1 : tensor<?xf64>
  %g3 = symc.mul %g2, %t0 : tensor<?xf64>
  %g4 = symc.mul %g3, %x : tensor<?xf64>
  return %r, %g4 : tensor<1xf64>, tensor<?xf64>
}

// -----

// Tests that a value the forward group returns anyway (tanh(y1), reduced)
// is read, not recomputed, while y1 and tanh(x) are.
// CHECK-LABEL: func.func @needed_anyway
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[F:.*]]:2 = symc.fused_elementwise
// CHECK:           symc.yield %[[FT1:.*]], %[[FY2:.*]] : tensor<f64>, tensor<f64>
// CHECK:         symc.reduce_sum %[[F]]#1
// CHECK:         symc.reduce_sum %[[F]]#0
// CHECK:         symc.fused_elementwise(%[[X]], %{{.*}}, %[[F]]#0) : (tensor<?xf64>, tensor<1xf64>, tensor<?xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>, %{{.*}}: tensor<f64>, %[[T1:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[T0:.*]] = symc.tanh %[[A]]
// CHECK-NEXT:      symc.mul %[[T0]]
// CHECK-NEXT:      symc.sin %[[A]]
// CHECK-NEXT:      %[[Y1:.*]] = symc.add
// CHECK-NEXT:      %[[G1:.*]] = symc.cos %[[Y1]]
// CHECK-NEXT:      symc.mul %[[G1]], %[[T1]]
// CHECK-NOT:       symc.tanh
// CHECK:           symc.yield
func.func @needed_anyway(%x: tensor<?xf64>) -> (tensor<1xf64>, tensor<1xf64>, tensor<?xf64>) {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %t0 = symc.tanh %x : tensor<?xf64>
  %m0 = symc.mul %t0, %c : tensor<?xf64>, tensor<1xf64>
  %s0 = symc.sin %x : tensor<?xf64>
  %y1 = symc.add %m0, %s0 : tensor<?xf64>
  %t1 = symc.tanh %y1 : tensor<?xf64>
  %m1 = symc.mul %t1, %c : tensor<?xf64>, tensor<1xf64>
  %s1 = symc.sin %y1 : tensor<?xf64>
  %y2 = symc.add %m1, %s1 : tensor<?xf64>
  %r = symc.reduce_sum %y2 axes = [0] keepdims : tensor<?xf64>
  %r1 = symc.reduce_sum %t1 axes = [0] keepdims : tensor<?xf64>
  %g1 = symc.cos %y1 : tensor<?xf64>
  %g2 = symc.mul %g1, %t1 : tensor<?xf64>
  %g3 = symc.mul %g2, %t0 : tensor<?xf64>
  return %r, %r1, %g3 : tensor<1xf64>, tensor<1xf64>, tensor<?xf64>
}

// -----

// Tests that a non-elementwise producer (symc.dot) is never cloned: its
// result is an input of both groups, and only the elementwise ops on it
// are recomputed.
// CHECK-LABEL: func.func @dot_producer
// CHECK:         %[[Z:.*]] = symc.dot
// CHECK:         %[[F:.*]] = symc.fused_elementwise(%[[Z]]) : (tensor<?xf64>) -> tensor<?xf64> {
// CHECK:         symc.reduce_sum %[[F]]
// CHECK:         symc.fused_elementwise(%[[Z]]) : (tensor<?xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>):
// CHECK-NEXT:      symc.tanh %[[A]]
// CHECK-NEXT:      symc.sin %[[A]]
// CHECK-NOT:       symc.dot
// CHECK:           symc.yield
// OFF-LABEL:   func.func @dot_producer
// OFF:           %[[Z:.*]] = symc.dot
// OFF:           %[[F:.*]]:3 = symc.fused_elementwise(%[[Z]])
// OFF:           symc.fused_elementwise(%[[F]]#0, %[[Z]], %[[F]]#1)
func.func @dot_producer(%m: tensor<?x?xf64>, %v: tensor<?xf64>) -> (tensor<1xf64>, tensor<?xf64>) {
  %z = symc.dot %m, %v : tensor<?x?xf64>, tensor<?xf64>
  %h = symc.tanh %z : tensor<?xf64>
  %h2 = symc.sin %z : tensor<?xf64>
  %k = symc.add %h, %h2 : tensor<?xf64>
  %r = symc.reduce_sum %k axes = [0] keepdims : tensor<?xf64>
  %g1 = symc.mul %h, %z : tensor<?xf64>
  %g2 = symc.mul %g1, %h2 : tensor<?xf64>
  return %r, %g2 : tensor<1xf64>, tensor<?xf64>
}

// -----

// Tests that a clone may read a value of a group over other sizes that is
// a result of its group anyway (the broadcast row %u2): it becomes an
// input, it is not recomputed.
// CHECK-LABEL: func.func @other_sizes
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[C:.*]]: tensor<1xf64>)
// CHECK:         %[[U:.*]] = symc.fused_elementwise(%[[C]]) : (tensor<1xf64>) -> tensor<1xf64>
// CHECK:         symc.fused_elementwise(%[[X]], %[[U]]) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
// CHECK:         symc.fused_elementwise(%[[X]], %[[U]]) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>, %[[B:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[T0:.*]] = symc.tanh %[[A]]
// CHECK-NEXT:      %[[Y1:.*]] = symc.mul %[[T0]], %[[B]]
// CHECK-NEXT:      symc.cos %[[Y1]]
// CHECK-NOT:       symc.exp
// CHECK:           symc.yield
func.func @other_sizes(%x: tensor<?xf64>, %c: tensor<1xf64>) -> (tensor<1xf64>, tensor<?xf64>) {
  %u = symc.exp %c : tensor<1xf64>
  %u2 = symc.neg %u : tensor<1xf64>
  %t0 = symc.tanh %x : tensor<?xf64>
  %y1 = symc.mul %t0, %u2 : tensor<?xf64>, tensor<1xf64>
  %y2 = symc.sin %y1 : tensor<?xf64>
  %r = symc.reduce_sum %y2 axes = [0] keepdims : tensor<?xf64>
  %g1 = symc.cos %y1 : tensor<?xf64>
  %g2 = symc.mul %g1, %t0 : tensor<?xf64>
  return %r, %g2 : tensor<1xf64>, tensor<?xf64>
}
