// RUN: symc-opt %s --split-input-file --symc-scan-pushout | FileCheck %s

// symc-scan-pushout moves per-step products out of scans: products of a
// sequence row with an invariant become one product before the loop, sums
// of per-step products carried by the loop one product after it.

// Tests that x_t . U with x_t a matrix row of the sequence becomes a
// product of the flattened sequence, reshaped back and read row by row.
// CHECK-LABEL: func.func @sequence_matrix_row
// CHECK-SAME:    (%[[H0:.*]]: tensor<4x8xf64>, %[[XS:.*]]: tensor<?x4x3xf64>, %[[U:.*]]: tensor<3x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK-DAG:     %[[S2:.*]] = symc.constant dense<[-1, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[S3:.*]] = symc.constant dense<[-1, 4, 8]> : tensor<3xi64>
// CHECK:         %[[FLAT:.*]] = symc.reshape %[[XS]], %[[S2]] : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
// CHECK:         %[[P:.*]] = symc.dot %[[FLAT]], %[[U]] : tensor<?x3xf64>, tensor<3x8xf64>
// CHECK:         %[[PS:.*]] = symc.reshape %[[P]], %[[S3]] : (tensor<?x8xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
// CHECK:         symc.scan steps %[[N]] carries(%[[H0]] : tensor<4x8xf64>) sequences(%[[XS]], %[[PS]] : tensor<?x4x3xf64>, tensor<?x4x8xf64>) invariants(%[[U]] : tensor<3x8xf64>)
// CHECK-NEXT:    ^bb0(%[[H:.*]]: tensor<4x8xf64>, %{{.*}}: tensor<4x3xf64>, %[[PT:.*]]: tensor<4x8xf64>, %{{.*}}: tensor<3x8xf64>):
// CHECK-NOT:       symc.dot
// CHECK:           %[[SUM:.*]] = symc.add %[[H]], %[[PT]]
// CHECK:           symc.tanh %[[SUM]]
func.func @sequence_matrix_row(%h0: tensor<4x8xf64>, %xs: tensor<?x4x3xf64>, %u: tensor<3x8xf64>, %n: tensor<i64>) -> tensor<4x8xf64> {
  %r = symc.scan steps %n carries(%h0 : tensor<4x8xf64>) sequences(%xs : tensor<?x4x3xf64>) invariants(%u : tensor<3x8xf64>) -> (tensor<4x8xf64>) {
  ^bb0(%h: tensor<4x8xf64>, %x: tensor<4x3xf64>, %u1: tensor<3x8xf64>):
    %p = symc.dot %x, %u1 : tensor<4x3xf64>, tensor<3x8xf64>
    %s = symc.add %h, %p : tensor<4x8xf64>
    %t = symc.tanh %s : tensor<4x8xf64>
    symc.scan.yield %t : tensor<4x8xf64>
  }
  return %r : tensor<4x8xf64>
}

// -----

// Tests a vector row: the sequence is already the matrix of all rows.
// CHECK-LABEL: func.func @sequence_vector_row
// CHECK-SAME:    %[[XS:[^:]*]]: tensor<?x3xf64>, %[[U:[^:]*]]: tensor<3x8xf64>
// CHECK-NOT:     symc.reshape
// CHECK:         %[[P:.*]] = symc.dot %[[XS]], %[[U]] : tensor<?x3xf64>, tensor<3x8xf64>
// CHECK:         symc.scan {{.*}} sequences(%{{.*}}, %[[P]] : tensor<?x3xf64>, tensor<?x8xf64>)
// CHECK-NOT:       symc.dot
// CHECK:           symc.scan.yield
func.func @sequence_vector_row(%h0: tensor<8xf64>, %xs: tensor<?x3xf64>, %u: tensor<3x8xf64>, %n: tensor<i64>) -> tensor<8xf64> {
  %r = symc.scan steps %n carries(%h0 : tensor<8xf64>) sequences(%xs : tensor<?x3xf64>) invariants(%u : tensor<3x8xf64>) -> (tensor<8xf64>) {
  ^bb0(%h: tensor<8xf64>, %x: tensor<3xf64>, %u1: tensor<3x8xf64>):
    %p = symc.dot %x, %u1 : tensor<3xf64>, tensor<3x8xf64>
    %s = symc.add %h, %p : tensor<8xf64>
    symc.scan.yield %s : tensor<8xf64>
  }
  return %r : tensor<8xf64>
}

// -----

// Tests the gradient of a weight summed over the steps of a backward scan:
// a_t and b_t become step outputs, the carry passes through, and the sum is
// one product of the stacked rows added to the initial value.
// CHECK-LABEL: func.func @accumulated_product
// CHECK-SAME:    (%[[G0:.*]]: tensor<8x8xf64>, %[[D0:.*]]: tensor<4x8xf64>, %[[HS:.*]]: tensor<?x4x8xf64>, %[[W:.*]]: tensor<8x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK:         %[[R:.*]]:4 = symc.scan steps %[[N]] carries(%[[G0]], %[[D0]] : tensor<8x8xf64>, tensor<4x8xf64>) sequences(%[[HS]] : tensor<?x4x8xf64>) invariants(%[[W]] : tensor<8x8xf64>) reverse -> (tensor<8x8xf64>, tensor<4x8xf64>, tensor<?x4x8xf64>, tensor<?x4x8xf64>)
// CHECK-NEXT:    ^bb0(%[[G:.*]]: tensor<8x8xf64>, %[[D:.*]]: tensor<4x8xf64>, %[[H:.*]]: tensor<4x8xf64>, %{{.*}}: tensor<8x8xf64>):
// CHECK:           %[[DZ:.*]] = symc.mul %[[D]], %[[H]]
// CHECK:           %[[DH:.*]] = symc.dot %[[DZ]]
// CHECK-NOT:       symc.dot
// CHECK:           symc.scan.yield %[[G]], %[[DH]], %[[H]], %[[DZ]] : tensor<8x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>
// CHECK:         %[[A:.*]] = symc.reshape %[[R]]#2, %{{.*}} : (tensor<?x4x8xf64>, tensor<2xi64>) -> tensor<?x8xf64>
// CHECK:         %[[B:.*]] = symc.reshape %[[R]]#3, %{{.*}} : (tensor<?x4x8xf64>, tensor<2xi64>) -> tensor<?x8xf64>
// CHECK:         %[[AT:.*]] = symc.dimshuffle %[[A]] [1, 0] : tensor<?x8xf64>
// CHECK:         %[[P:.*]] = symc.dot %[[AT]], %[[B]] : tensor<8x?xf64>, tensor<?x8xf64>
// CHECK:         %[[TOTAL:.*]] = symc.add %[[G0]], %[[P]] : tensor<8x8xf64>
// CHECK:         return %[[TOTAL]], %[[R]]#1
func.func @accumulated_product(%g0: tensor<8x8xf64>, %d0: tensor<4x8xf64>, %hs: tensor<?x4x8xf64>, %w: tensor<8x8xf64>, %n: tensor<i64>) -> (tensor<8x8xf64>, tensor<4x8xf64>) {
  %r:2 = symc.scan steps %n carries(%g0, %d0 : tensor<8x8xf64>, tensor<4x8xf64>) sequences(%hs : tensor<?x4x8xf64>) invariants(%w : tensor<8x8xf64>) reverse -> (tensor<8x8xf64>, tensor<4x8xf64>) {
  ^bb0(%g: tensor<8x8xf64>, %d: tensor<4x8xf64>, %h: tensor<4x8xf64>, %w1: tensor<8x8xf64>):
    %dz = symc.mul %d, %h : tensor<4x8xf64>
    %dh = symc.dot %dz, %w1 : tensor<4x8xf64>, tensor<8x8xf64>
    %ht = symc.dimshuffle %h [1, 0] : tensor<4x8xf64>
    %gw = symc.dot %ht, %dz : tensor<8x4xf64>, tensor<4x8xf64>
    %g1 = symc.add %g, %gw : tensor<8x8xf64>
    symc.scan.yield %g1, %dh : tensor<8x8xf64>, tensor<4x8xf64>
  }
  return %r#0, %r#1 : tensor<8x8xf64>, tensor<4x8xf64>
}

// -----

// Tests that a scan with `until` keeps its products: it may stop before
// the rows a product outside the loop would compute.
// CHECK-LABEL: func.func @until_untouched
// CHECK:         symc.scan
// CHECK:           symc.dot
// CHECK:           symc.scan.yield
func.func @until_untouched(%h0: tensor<8xf64>, %xs: tensor<?x3xf64>, %u: tensor<3x8xf64>, %n: tensor<i64>) -> tensor<8xf64> {
  %r = symc.scan steps %n carries(%h0 : tensor<8xf64>) sequences(%xs : tensor<?x3xf64>) invariants(%u : tensor<3x8xf64>) until -> (tensor<8xf64>) {
  ^bb0(%h: tensor<8xf64>, %x: tensor<3xf64>, %u1: tensor<3x8xf64>):
    %p = symc.dot %x, %u1 : tensor<3xf64>, tensor<3x8xf64>
    %s = symc.add %h, %p : tensor<8xf64>
    %m = symc.reduce_max %s axes = [0] : tensor<8xf64>
    %z = symc.constant dense<1.0> : tensor<f64>
    %stop = symc.gt %m, %z : tensor<f64>, tensor<f64>
    symc.scan.yield %stop, %s : tensor<i1>, tensor<8xf64>
  }
  return %r : tensor<8xf64>
}

// -----

// Tests products that depend on the carries stay in the loop: h . W (a
// carry times an invariant) and an accumulator also read by the step.
// CHECK-LABEL: func.func @carried_products_stay
// CHECK:         symc.scan
// CHECK-COUNT-2:   symc.dot
// CHECK:           symc.scan.yield
// CHECK-NOT:     symc.dot
func.func @carried_products_stay(%g0: tensor<8x8xf64>, %h0: tensor<4x8xf64>, %w: tensor<8x8xf64>, %n: tensor<i64>) -> tensor<8x8xf64> {
  %r:2 = symc.scan steps %n carries(%g0, %h0 : tensor<8x8xf64>, tensor<4x8xf64>) invariants(%w : tensor<8x8xf64>) -> (tensor<8x8xf64>, tensor<4x8xf64>) {
  ^bb0(%g: tensor<8x8xf64>, %h: tensor<4x8xf64>, %w1: tensor<8x8xf64>):
    %p = symc.dot %h, %w1 : tensor<4x8xf64>, tensor<8x8xf64>
    %ht = symc.dimshuffle %h [1, 0] : tensor<4x8xf64>
    %gw = symc.dot %ht, %p : tensor<8x4xf64>, tensor<4x8xf64>
    %g1 = symc.add %g, %gw : tensor<8x8xf64>
    %g2 = symc.tanh %g : tensor<8x8xf64>
    %g3 = symc.add %g1, %g2 : tensor<8x8xf64>
    symc.scan.yield %g3, %p : tensor<8x8xf64>, tensor<4x8xf64>
  }
  return %r#0 : tensor<8x8xf64>
}

// -----

// Tests that an accumulator whose whole history is a result stays.
// CHECK-LABEL: func.func @history_accumulator_stays
// CHECK:         symc.scan
// CHECK:           symc.dot
// CHECK:           symc.scan.yield
func.func @history_accumulator_stays(%g0: tensor<8x8xf64>, %hs: tensor<?x4x8xf64>, %n: tensor<i64>) -> tensor<?x8x8xf64> {
  %r = symc.scan steps %n carries(%g0 : tensor<8x8xf64>) sequences(%hs : tensor<?x4x8xf64>) history [0] -> (tensor<?x8x8xf64>) {
  ^bb0(%g: tensor<8x8xf64>, %h: tensor<4x8xf64>):
    %ht = symc.dimshuffle %h [1, 0] : tensor<4x8xf64>
    %gw = symc.dot %ht, %h : tensor<8x4xf64>, tensor<4x8xf64>
    %g1 = symc.add %g, %gw : tensor<8x8xf64>
    symc.scan.yield %g1 : tensor<8x8xf64>
  }
  return %r : tensor<?x8x8xf64>
}

// -----

// Tests two accumulators sharing the step's delta (the gradients of two
// weights): the delta is stacked once and both products read it.
// CHECK-LABEL: func.func @shared_delta
// CHECK:         %[[R:.*]]:5 = symc.scan {{.*}} -> (tensor<8x8xf64>, tensor<3x8xf64>, tensor<?x4x8xf64>, tensor<?x4x8xf64>, tensor<?x4x3xf64>)
// CHECK:           %[[DZ:.*]] = symc.tanh
// CHECK:           symc.scan.yield %{{.*}}, %{{.*}}, %{{.*}}, %[[DZ]], %{{.*}} : tensor<8x8xf64>, tensor<3x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>, tensor<4x3xf64>
// CHECK-COUNT-2: symc.reshape %[[R]]#3
func.func @shared_delta(%g0: tensor<8x8xf64>, %u0: tensor<3x8xf64>, %hs: tensor<?x4x8xf64>, %xs: tensor<?x4x3xf64>, %n: tensor<i64>) -> (tensor<8x8xf64>, tensor<3x8xf64>) {
  %r:2 = symc.scan steps %n carries(%g0, %u0 : tensor<8x8xf64>, tensor<3x8xf64>) sequences(%hs, %xs : tensor<?x4x8xf64>, tensor<?x4x3xf64>) reverse -> (tensor<8x8xf64>, tensor<3x8xf64>) {
  ^bb0(%g: tensor<8x8xf64>, %u: tensor<3x8xf64>, %h: tensor<4x8xf64>, %x: tensor<4x3xf64>):
    %dz = symc.tanh %h : tensor<4x8xf64>
    %ht = symc.dimshuffle %h [1, 0] : tensor<4x8xf64>
    %gw = symc.dot %ht, %dz : tensor<8x4xf64>, tensor<4x8xf64>
    %g1 = symc.add %g, %gw : tensor<8x8xf64>
    %xt = symc.dimshuffle %x [1, 0] : tensor<4x3xf64>
    %gu = symc.dot %xt, %dz : tensor<3x4xf64>, tensor<4x8xf64>
    %u1 = symc.add %u, %gu : tensor<3x8xf64>
    symc.scan.yield %g1, %u1 : tensor<8x8xf64>, tensor<3x8xf64>
  }
  return %r#0, %r#1 : tensor<8x8xf64>, tensor<3x8xf64>
}
