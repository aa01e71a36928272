// RUN: symc-opt %s | symc-opt | FileCheck %s

// symc.scan round-trips in its custom form: every operand group, history,
// until and reverse.

// Tests that a recurrent scan with a sequence, an invariant and history
// prints back unchanged.
// CHECK-LABEL: func.func @rnn(
// CHECK-SAME:    %[[N:.*]]: tensor<i64>, %[[H0:.*]]: tensor<?x8xf64>, %[[XS:.*]]: tensor<?x?x4xf64>, %[[W:.*]]: tensor<4x8xf64>
// CHECK:         %[[HS:.*]] = symc.scan steps %[[N]] carries(%[[H0]] : tensor<?x8xf64>) sequences(%[[XS]] : tensor<?x?x4xf64>) invariants(%[[W]] : tensor<4x8xf64>) history [0] -> (tensor<?x?x8xf64>) {
// CHECK-NEXT:    ^bb0(%[[H:.*]]: tensor<?x8xf64>, %[[X:.*]]: tensor<?x4xf64>, %[[WI:.*]]: tensor<4x8xf64>):
// CHECK-NEXT:      %[[A:.*]] = symc.dot %[[X]], %[[WI]]
// CHECK-NEXT:      %[[S:.*]] = symc.add %[[A]], %[[H]]
// CHECK-NEXT:      %[[T:.*]] = symc.tanh %[[S]]
// CHECK-NEXT:      symc.scan.yield %[[T]] : tensor<?x8xf64>
// CHECK-NEXT:    }
// CHECK:         return %[[HS]]
func.func @rnn(%n: tensor<i64>, %h0: tensor<?x8xf64>, %xs: tensor<?x?x4xf64>, %w: tensor<4x8xf64>) -> tensor<?x?x8xf64> {
  %hs = symc.scan steps %n carries(%h0 : tensor<?x8xf64>) sequences(%xs : tensor<?x?x4xf64>)
      invariants(%w : tensor<4x8xf64>) history [0] -> (tensor<?x?x8xf64>) {
  ^bb0(%h: tensor<?x8xf64>, %x: tensor<?x4xf64>, %wi: tensor<4x8xf64>):
    %a = symc.dot %x, %wi : tensor<?x4xf64>, tensor<4x8xf64>
    %s = symc.add %a, %h : tensor<?x8xf64>
    %t = symc.tanh %s : tensor<?x8xf64>
    symc.scan.yield %t : tensor<?x8xf64>
  }
  return %hs : tensor<?x?x8xf64>
}

// Tests that a while-loop (until) with a final-value carry and a step output
// round-trips, the stop condition first in the yield.
// CHECK-LABEL: func.func @until_loop(
// CHECK:         %{{.*}}:2 = symc.scan steps %{{.*}} carries(%{{.*}} : tensor<f64>) until -> (tensor<f64>, tensor<?xf64>) {
// CHECK:           symc.scan.yield %{{.*}}, %{{.*}}, %{{.*}} : tensor<i1>, tensor<f64>, tensor<f64>
func.func @until_loop(%n: tensor<i64>, %x0: tensor<f64>) -> (tensor<f64>, tensor<?xf64>) {
  %r:2 = symc.scan steps %n carries(%x0 : tensor<f64>) until -> (tensor<f64>, tensor<?xf64>) {
  ^bb0(%x: tensor<f64>):
    %c = symc.constant dense<2.0> : tensor<f64>
    %y = symc.mul %x, %c : tensor<f64>
    %lim = symc.constant dense<100.0> : tensor<f64>
    %stop = symc.gt %y, %lim : tensor<f64>
    symc.scan.yield %stop, %y, %y : tensor<i1>, tensor<f64>, tensor<f64>
  }
  return %r#0, %r#1 : tensor<f64>, tensor<?xf64>
}

// Tests that a map-style reverse scan without carries round-trips.
// CHECK-LABEL: func.func @reverse_map(
// CHECK:         symc.scan steps %{{.*}} sequences(%{{.*}} : tensor<?x3xf32>) reverse -> (tensor<?x3xf32>)
func.func @reverse_map(%n: tensor<i64>, %xs: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %r = symc.scan steps %n sequences(%xs : tensor<?x3xf32>) reverse -> (tensor<?x3xf32>) {
  ^bb0(%x: tensor<3xf32>):
    %e = symc.exp %x : tensor<3xf32>
    symc.scan.yield %e : tensor<3xf32>
  }
  return %r : tensor<?x3xf32>
}
