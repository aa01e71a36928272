// RUN: symc-opt %s --canonicalize --split-input-file | FileCheck %s

// Canonicalization of symc.scan: loop-invariant code leaves the body as new
// invariants; unused step outputs are dropped with the code only they need.

// Tests that a computation on invariants only (the transpose of W and its
// scaling by a constant) is hoisted before the loop and passed as a new
// invariant, while the step's own work stays in the body.
// CHECK-LABEL: func.func @hoist(
// CHECK-SAME:    %[[N:.*]]: tensor<i64>, %[[H0:.*]]: tensor<?xf64>, %[[W:.*]]: tensor<?x?xf64>
// CHECK:         %[[C:.*]] = symc.constant dense<2.0{{.*}}> : tensor<1x1xf64>
// CHECK:         %[[WT:.*]] = symc.dimshuffle %[[W]] [1, 0]
// CHECK:         %[[W2:.*]] = symc.mul %[[WT]], %[[C]]
// CHECK:         symc.scan steps %[[N]] carries(%[[H0]] : tensor<?xf64>) invariants(%[[W]], %[[W2]] : tensor<?x?xf64>, tensor<?x?xf64>) history [0]
// CHECK-NEXT:    ^bb0(%[[H:.*]]: tensor<?xf64>, %{{.*}}: tensor<?x?xf64>, %[[W2I:.*]]: tensor<?x?xf64>):
// CHECK-NEXT:      %[[D:.*]] = symc.dot %[[W2I]], %[[H]]
// CHECK-NEXT:      %[[T:.*]] = symc.tanh %[[D]]
// CHECK-NEXT:      symc.scan.yield %[[T]]
func.func @hoist(%n: tensor<i64>, %h0: tensor<?xf64>, %w: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %hs = symc.scan steps %n carries(%h0 : tensor<?xf64>) invariants(%w : tensor<?x?xf64>) history [0] -> (tensor<?x?xf64>) {
  ^bb0(%h: tensor<?xf64>, %wi: tensor<?x?xf64>):
    %c = symc.constant dense<2.0> : tensor<1x1xf64>
    %wt = symc.dimshuffle %wi [1, 0] : tensor<?x?xf64>
    %w2 = symc.mul %wt, %c : tensor<?x?xf64>, tensor<1x1xf64>
    %d = symc.dot %w2, %h : tensor<?x?xf64>, tensor<?xf64>
    %t = symc.tanh %d : tensor<?xf64>
    symc.scan.yield %t : tensor<?xf64>
  }
  return %hs : tensor<?x?xf64>
}

// -----

// Tests that nothing is hoisted when every op depends on the step (the
// negative case): the scan is unchanged.
// CHECK-LABEL: func.func @no_hoist(
// CHECK:         symc.scan steps %{{.*}} carries(%{{.*}} : tensor<?xf64>) invariants(%{{.*}} : tensor<?xf64>) -> (tensor<?xf64>) {
// CHECK-NEXT:    ^bb0(%[[H:.*]]: tensor<?xf64>, %[[V:.*]]: tensor<?xf64>):
// CHECK-NEXT:      %[[S:.*]] = symc.add %[[H]], %[[V]]
// CHECK-NEXT:      symc.scan.yield %[[S]]
func.func @no_hoist(%n: tensor<i64>, %h0: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.scan steps %n carries(%h0 : tensor<?xf64>) invariants(%v : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%h: tensor<?xf64>, %vi: tensor<?xf64>):
    %s = symc.add %h, %vi : tensor<?xf64>
    symc.scan.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that an unused step output is removed along with the body code only
// it used, while the used one stays.
// CHECK-LABEL: func.func @unused_output(
// CHECK:         %[[R:.*]]:2 = symc.scan steps %{{.*}} carries(%{{.*}} : tensor<f64>) sequences(%{{.*}} : tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
// CHECK-NOT:       symc.exp
// CHECK:           symc.scan.yield %{{.*}}, %{{.*}} : tensor<f64>, tensor<f64>
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @unused_output(%n: tensor<i64>, %a0: tensor<f64>, %xs: tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
  %r:3 = symc.scan steps %n carries(%a0 : tensor<f64>) sequences(%xs : tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %x: tensor<f64>):
    %s = symc.add %a, %x : tensor<f64>
    %e = symc.exp %x : tensor<f64>
    symc.scan.yield %s, %e, %s : tensor<f64>, tensor<f64>, tensor<f64>
  }
  return %r#0, %r#2 : tensor<f64>, tensor<?xf64>
}

// -----

// Tests that an invariant computation with a non-tensor result (a size, an
// index) stays in the body: invariants are tensors, so hoisting it would make
// the scan invalid.
// CHECK-LABEL: func.func @index_not_hoisted(
// CHECK:         symc.scan steps %{{.*}} carries(%{{.*}} : tensor<?xf64>) invariants(%{{.*}} : tensor<?xf64>) -> (tensor<?xf64>) {
// CHECK:           tensor.dim
// CHECK:           symc.scan.yield
func.func @index_not_hoisted(%n: tensor<i64>, %h0: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.scan steps %n carries(%h0 : tensor<?xf64>) invariants(%v : tensor<?xf64>) -> (tensor<?xf64>) {
  ^bb0(%h: tensor<?xf64>, %vi: tensor<?xf64>):
    %c0 = arith.constant 0 : index
    %d = tensor.dim %vi, %c0 : tensor<?xf64>
    %e = tensor.empty(%d) : tensor<?xf64>
    %s = symc.add %h, %e : tensor<?xf64>, tensor<?xf64>
    symc.scan.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
