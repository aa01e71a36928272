// RUN: symc-opt %s --split-input-file --symc-scan-pushout | FileCheck %s

// symc-scan-pushout moves per-step products out of scans: products of a
// sequence row with an invariant become one product before the loop, sums
// of per-step products carried by the loop one product after it.

// Tests that x_t . U with x_t a matrix row of the sequence becomes a
// product of the flattened sequence, reshaped back and read row by row;
// the sequence and the invariant the body no longer reads leave the scan.
// CHECK-LABEL: func.func @sequence_matrix_row
// CHECK-SAME:    (%[[H0:.*]]: tensor<4x8xf64>, %[[XS:.*]]: tensor<?x4x3xf64>, %[[U:.*]]: tensor<3x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK-DAG:     %[[S2:.*]] = symc.constant dense<[-1, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[S3:.*]] = symc.constant dense<[-1, 4, 8]> : tensor<3xi64>
// CHECK:         %[[FLAT:.*]] = symc.reshape %[[XS]], %[[S2]] : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
// CHECK:         %[[P:.*]] = symc.dot %[[FLAT]], %[[U]] : tensor<?x3xf64>, tensor<3x8xf64>
// CHECK:         %[[PS:.*]] = symc.reshape %[[P]], %[[S3]] : (tensor<?x8xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
// CHECK:         symc.scan steps %[[N]] carries(%[[H0]] : tensor<4x8xf64>) sequences(%[[PS]] : tensor<?x4x8xf64>) -> (tensor<4x8xf64>)
// CHECK-NEXT:    ^bb0(%[[H:.*]]: tensor<4x8xf64>, %[[PT:.*]]: tensor<4x8xf64>):
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
// CHECK:         symc.scan {{.*}} sequences(%[[P]] : tensor<?x8xf64>) ->
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
// one product of the stacked rows added to the initial value. a_t is a
// sequence's row, so its stack is the sequence's first n rows, flattened as
// the first 4n rows of the flattened sequence (a view, not a copy).
// CHECK-LABEL: func.func @accumulated_product
// CHECK-SAME:    (%[[G0:.*]]: tensor<8x8xf64>, %[[D0:.*]]: tensor<4x8xf64>, %[[HS:.*]]: tensor<?x4x8xf64>, %[[W:.*]]: tensor<8x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK:         %[[R:.*]]:3 = symc.scan steps %[[N]] carries(%[[G0]], %[[D0]] : tensor<8x8xf64>, tensor<4x8xf64>) sequences(%[[HS]] : tensor<?x4x8xf64>) invariants(%[[W]] : tensor<8x8xf64>) reverse -> (tensor<8x8xf64>, tensor<4x8xf64>, tensor<?x4x8xf64>)
// CHECK-NEXT:    ^bb0(%[[G:.*]]: tensor<8x8xf64>, %[[D:.*]]: tensor<4x8xf64>, %[[H:.*]]: tensor<4x8xf64>, %{{.*}}: tensor<8x8xf64>):
// CHECK:           %[[DZ:.*]] = symc.mul %[[D]], %[[H]]
// CHECK:           %[[DH:.*]] = symc.dot %[[DZ]]
// CHECK-NOT:       symc.dot
// CHECK:           symc.scan.yield %[[G]], %[[DH]], %[[DZ]] : tensor<8x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>
// CHECK:         %[[HF:.*]] = symc.reshape %[[HS]], %{{.*}} : (tensor<?x4x8xf64>, tensor<2xi64>) -> tensor<?x8xf64>
// CHECK:         %[[NR:.*]] = symc.mul %[[N]], %{{.*}} : tensor<i64>
// CHECK:         %[[A:.*]] = symc.subtensor %[[HF]][:%[[NR]]] : tensor<?x8xf64>
// CHECK:         %[[B:.*]] = symc.reshape %[[R]]#2, %{{.*}} : (tensor<?x4x8xf64>, tensor<2xi64>) -> tensor<?x8xf64>
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
// weights): the delta is stacked once and both products read it; the
// sequences' rows they also need are read from the sequences.
// CHECK-LABEL: func.func @shared_delta
// CHECK-SAME:    %[[HS:[^:]*]]: tensor<?x4x8xf64>, %[[XS:[^:]*]]: tensor<?x4x3xf64>, %[[N:[^:]*]]: tensor<i64>
// CHECK:         %[[R:.*]]:3 = symc.scan {{.*}} -> (tensor<8x8xf64>, tensor<3x8xf64>, tensor<?x4x8xf64>)
// CHECK:           %[[DZ:.*]] = symc.tanh
// CHECK:           symc.scan.yield %{{.*}}, %{{.*}}, %[[DZ]] : tensor<8x8xf64>, tensor<3x8xf64>, tensor<4x8xf64>
// CHECK:         %[[XF:.*]] = symc.reshape %[[XS]]
// CHECK:         symc.subtensor %[[XF]][:%{{.*}}]
// CHECK:         symc.reshape %[[R]]#2
// CHECK:         %[[HF:.*]] = symc.reshape %[[HS]]
// CHECK:         symc.subtensor %[[HF]][:%{{.*}}]
// CHECK:         symc.reshape %[[R]]#2
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

// -----

// Tests the last row of zeros incremented at their last row, through a tail
// slice (the gradient of hs[1:][-1] for a history hs): it is the increment;
// the index is spelled shape(hs)[0] - 1, as the gradient of a scan does.
// CHECK-LABEL: func.func @last_row_of_incremented_zeros
// CHECK-SAME:    (%{{.*}}: tensor<?x4x8xf64>, %[[G:.*]]: tensor<4x8xf64>)
// CHECK-NOT:     symc.inc_subtensor
// CHECK-NOT:     symc.broadcast_to
// CHECK:         return %[[G]] : tensor<4x8xf64>
func.func @last_row_of_incremented_zeros(%hs: tensor<?x4x8xf64>, %g: tensor<4x8xf64>) -> tensor<4x8xf64> {
  %z = symc.constant dense<0.0> : tensor<1x1x1xf64>
  %s = symc.shape %hs : tensor<?x4x8xf64>
  %zs = symc.broadcast_to %z, %s : (tensor<1x1x1xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
  %tail = symc.subtensor %hs[1:] : tensor<?x4x8xf64>
  %st = symc.shape %tail : tensor<?x4x8xf64>
  %zt = symc.broadcast_to %z, %st : (tensor<1x1x1xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
  %inner = symc.inc_subtensor %zt[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %outer = symc.inc_subtensor %zs[1:], %inner : tensor<?x4x8xf64>, tensor<?x4x8xf64>
  %n = symc.subtensor %s[0] : tensor<3xi64>
  %m1 = symc.constant dense<-1> : tensor<i64>
  %last = symc.add %n, %m1 : tensor<i64>
  %r = symc.subtensor %outer[%last] : tensor<?x4x8xf64>
  return %r : tensor<4x8xf64>
}

// -----

// Tests that rows other than the last, and the last row of an array that is
// not zeros underneath, stay as they are.
// CHECK-LABEL: func.func @other_rows_stay
// CHECK-SAME:    (%[[HS:.*]]: tensor<?x4x8xf64>, %[[G:.*]]: tensor<4x8xf64>)
// CHECK:         %[[A:.*]] = symc.inc_subtensor %{{.*}}[0], %[[G]]
// CHECK:         %[[R0:.*]] = symc.subtensor %[[A]][-1]
// CHECK:         %[[B:.*]] = symc.inc_subtensor %[[HS]][-1], %[[G]]
// CHECK:         %[[R1:.*]] = symc.subtensor %[[B]][-1]
// CHECK:         %[[C:.*]] = symc.inc_subtensor %{{.*}}[-1], %[[G]]
// CHECK:         %[[R2:.*]] = symc.subtensor %[[C]][0]
// CHECK:         return %[[R0]], %[[R1]], %[[R2]]
func.func @other_rows_stay(%hs: tensor<?x4x8xf64>, %g: tensor<4x8xf64>) -> (tensor<4x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>) {
  %z = symc.constant dense<0.0> : tensor<1x1x1xf64>
  %s = symc.shape %hs : tensor<?x4x8xf64>
  %zs = symc.broadcast_to %z, %s : (tensor<1x1x1xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
  %a = symc.inc_subtensor %zs[0], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %r0 = symc.subtensor %a[-1] : tensor<?x4x8xf64>
  %b = symc.inc_subtensor %hs[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %r1 = symc.subtensor %b[-1] : tensor<?x4x8xf64>
  %c = symc.inc_subtensor %zs[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %r2 = symc.subtensor %c[0] : tensor<?x4x8xf64>
  return %r0, %r1, %r2 : tensor<4x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>
}

// -----

// Tests a backward scan over the gradient of a history used only at its last
// row: the rows it reads (all but the last) are zeros, so the body adds
// nothing and the array of zeros is not a sequence any more.
// CHECK-LABEL: func.func @zero_sequence_rows
// CHECK-SAME:    (%[[HS:.*]]: tensor<?x4x8xf64>, %[[G:.*]]: tensor<4x8xf64>, %[[W:.*]]: tensor<8x8xf64>)
// CHECK:         symc.scan steps %{{.*}} carries(%[[G]] : tensor<4x8xf64>) sequences(%{{.*}} : tensor<?x4x8xf64>) invariants(%[[W]] : tensor<8x8xf64>) reverse
// CHECK-NEXT:    ^bb0(%[[C:.*]]: tensor<4x8xf64>, %[[H:.*]]: tensor<4x8xf64>, %[[W1:.*]]: tensor<8x8xf64>):
// CHECK:           %[[M:.*]] = symc.mul %[[C]], %[[H]]
// CHECK:           %[[D:.*]] = symc.dot %[[M]], %[[W1]]
// CHECK-NEXT:      symc.scan.yield %[[D]]
func.func @zero_sequence_rows(%hs: tensor<?x4x8xf64>, %g: tensor<4x8xf64>, %w: tensor<8x8xf64>) -> tensor<4x8xf64> {
  %z = symc.constant dense<0.0> : tensor<1x1x1xf64>
  %s = symc.shape %hs : tensor<?x4x8xf64>
  %zs = symc.broadcast_to %z, %s : (tensor<1x1x1xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
  %dh = symc.inc_subtensor %zs[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %n = symc.subtensor %s[0] : tensor<3xi64>
  %m1 = symc.constant dense<-1> : tensor<i64>
  %steps = symc.add %n, %m1 : tensor<i64>
  %init = symc.subtensor %dh[%steps] : tensor<?x4x8xf64>
  %rows = symc.subtensor %dh[:%steps] : tensor<?x4x8xf64>
  %hrows = symc.subtensor %hs[1:] : tensor<?x4x8xf64>
  %r = symc.scan steps %steps carries(%init : tensor<4x8xf64>) sequences(%hrows, %rows : tensor<?x4x8xf64>, tensor<?x4x8xf64>) invariants(%w : tensor<8x8xf64>) reverse -> (tensor<4x8xf64>) {
  ^bb0(%c: tensor<4x8xf64>, %h: tensor<4x8xf64>, %dht: tensor<4x8xf64>, %w1: tensor<8x8xf64>):
    %m = symc.mul %c, %h : tensor<4x8xf64>
    %d = symc.dot %m, %w1 : tensor<4x8xf64>, tensor<8x8xf64>
    %next = symc.add %d, %dht : tensor<4x8xf64>
    symc.scan.yield %next : tensor<4x8xf64>
  }
  return %r : tensor<4x8xf64>
}

// -----

// Tests that a sequence whose rows include the incremented last row stays
// (a slice up to the end), as does one over an array that is not zeros.
// CHECK-LABEL: func.func @nonzero_sequence_rows_stay
// CHECK:         symc.scan steps %{{.*}} sequences(%{{.*}}, %{{.*}} : tensor<?x4x8xf64>, tensor<?x4x8xf64>)
// CHECK-NEXT:    ^bb0(%{{.*}}: tensor<4x8xf64>, %[[A:.*]]: tensor<4x8xf64>, %[[B:.*]]: tensor<4x8xf64>):
// CHECK:           symc.add %{{.*}}, %[[A]]
// CHECK:           symc.add %{{.*}}, %[[B]]
func.func @nonzero_sequence_rows_stay(%hs: tensor<?x4x8xf64>, %g: tensor<4x8xf64>, %n: tensor<i64>) -> tensor<4x8xf64> {
  %z = symc.constant dense<0.0> : tensor<1x1x1xf64>
  %s = symc.shape %hs : tensor<?x4x8xf64>
  %zs = symc.broadcast_to %z, %s : (tensor<1x1x1xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
  %dh = symc.inc_subtensor %zs[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %rows = symc.subtensor %dh[1:] : tensor<?x4x8xf64>
  %hm = symc.inc_subtensor %hs[-1], %g : tensor<?x4x8xf64>, tensor<4x8xf64>
  %hrows = symc.subtensor %hm[:-1] : tensor<?x4x8xf64>
  %r = symc.scan steps %n carries(%g : tensor<4x8xf64>) sequences(%rows, %hrows : tensor<?x4x8xf64>, tensor<?x4x8xf64>) -> (tensor<4x8xf64>) {
  ^bb0(%c: tensor<4x8xf64>, %a: tensor<4x8xf64>, %b: tensor<4x8xf64>):
    %x = symc.add %c, %a : tensor<4x8xf64>
    %y = symc.add %x, %b : tensor<4x8xf64>
    symc.scan.yield %y : tensor<4x8xf64>
  }
  return %r : tensor<4x8xf64>
}

// -----

// Tests a step output that is the row the step read: the result is the
// sequence's first n rows, and the output leaves the scan. With `until` the
// loop may stop early, so the output stays.
// CHECK-LABEL: func.func @sequence_row_outputs
// CHECK-SAME:    (%[[H0:.*]]: tensor<8xf64>, %[[XS:.*]]: tensor<?x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK:         %[[ROWS:.*]] = symc.subtensor %[[XS]][:%[[N]]] : tensor<?x8xf64>
// CHECK:         %[[R:.*]] = symc.scan steps %[[N]] {{.*}} -> (tensor<8xf64>)
// CHECK:         %[[U:.*]]:2 = symc.scan steps %[[N]] {{.*}} until -> (tensor<8xf64>, tensor<?x8xf64>)
// CHECK:         return %[[R]], %[[ROWS]], %[[U]]#1
func.func @sequence_row_outputs(%h0: tensor<8xf64>, %xs: tensor<?x8xf64>, %n: tensor<i64>) -> (tensor<8xf64>, tensor<?x8xf64>, tensor<?x8xf64>) {
  %r:2 = symc.scan steps %n carries(%h0 : tensor<8xf64>) sequences(%xs : tensor<?x8xf64>) reverse -> (tensor<8xf64>, tensor<?x8xf64>) {
  ^bb0(%h: tensor<8xf64>, %x: tensor<8xf64>):
    %s = symc.add %h, %x : tensor<8xf64>
    symc.scan.yield %s, %x : tensor<8xf64>, tensor<8xf64>
  }
  %u:2 = symc.scan steps %n carries(%h0 : tensor<8xf64>) sequences(%xs : tensor<?x8xf64>) until -> (tensor<8xf64>, tensor<?x8xf64>) {
  ^bb0(%h: tensor<8xf64>, %x: tensor<8xf64>):
    %s = symc.add %h, %x : tensor<8xf64>
    %m = symc.reduce_max %s axes = [0] : tensor<8xf64>
    %z = symc.constant dense<1.0> : tensor<f64>
    %stop = symc.gt %m, %z : tensor<f64>, tensor<f64>
    symc.scan.yield %stop, %s, %x : tensor<i1>, tensor<8xf64>, tensor<8xf64>
  }
  return %r#0, %r#1, %u#1 : tensor<8xf64>, tensor<?x8xf64>, tensor<?x8xf64>
}

// -----

// Tests the gradient of a bias summed over the steps (a sum over the batch
// rows, its kept dimension dropped): the delta becomes a step output and the
// sum is one reduction over the steps and the rows after the loop.
// CHECK-LABEL: func.func @accumulated_sum
// CHECK-SAME:    (%[[B0:.*]]: tensor<8xf64>, %[[D0:.*]]: tensor<4x8xf64>, %[[HS:.*]]: tensor<?x4x8xf64>, %[[N:.*]]: tensor<i64>)
// CHECK:         %[[R:.*]]:3 = symc.scan steps %[[N]] carries(%[[B0]], %[[D0]] : tensor<8xf64>, tensor<4x8xf64>) sequences(%[[HS]] : tensor<?x4x8xf64>) reverse -> (tensor<8xf64>, tensor<4x8xf64>, tensor<?x4x8xf64>)
// CHECK-NEXT:    ^bb0(%[[B:.*]]: tensor<8xf64>, %[[D:.*]]: tensor<4x8xf64>, %[[H:.*]]: tensor<4x8xf64>):
// CHECK-NEXT:      %[[DZ:.*]] = symc.mul %[[D]], %[[H]]
// CHECK-NEXT:      symc.scan.yield %[[B]], %[[DZ]], %[[DZ]]
// CHECK:         %[[S:.*]] = symc.reduce_sum %[[R]]#2 axes = [0, 1] keepdims : tensor<?x4x8xf64>
// CHECK:         %[[S1:.*]] = symc.dimshuffle %[[S]] [2] : tensor<1x1x8xf64>
// CHECK:         %[[TOTAL:.*]] = symc.add %[[B0]], %[[S1]] : tensor<8xf64>
// CHECK:         return %[[TOTAL]], %[[R]]#1
func.func @accumulated_sum(%b0: tensor<8xf64>, %d0: tensor<4x8xf64>, %hs: tensor<?x4x8xf64>, %n: tensor<i64>) -> (tensor<8xf64>, tensor<4x8xf64>) {
  %r:2 = symc.scan steps %n carries(%b0, %d0 : tensor<8xf64>, tensor<4x8xf64>) sequences(%hs : tensor<?x4x8xf64>) reverse -> (tensor<8xf64>, tensor<4x8xf64>) {
  ^bb0(%b: tensor<8xf64>, %d: tensor<4x8xf64>, %h: tensor<4x8xf64>):
    %dz = symc.mul %d, %h : tensor<4x8xf64>
    %s = symc.reduce_sum %dz axes = [0] keepdims : tensor<4x8xf64>
    %s1 = symc.dimshuffle %s [1] : tensor<1x8xf64>
    %b1 = symc.add %b, %s1 : tensor<8xf64>
    symc.scan.yield %b1, %dz : tensor<8xf64>, tensor<4x8xf64>
  }
  return %r#0, %r#1 : tensor<8xf64>, tensor<4x8xf64>
}

// -----

// Tests that a sum the step also reads (the carry has another use) and a
// sum whose kept dimension a dimshuffle moves rather than drops stay in the
// loop.
// CHECK-LABEL: func.func @accumulated_sums_stay
// CHECK:         symc.scan
// CHECK-COUNT-2:   symc.reduce_sum
// CHECK:           symc.scan.yield
// CHECK-NOT:     symc.reduce_sum
func.func @accumulated_sums_stay(%b0: tensor<8xf64>, %c0: tensor<8x1xf64>, %hs: tensor<?x4x8xf64>, %n: tensor<i64>) -> (tensor<8xf64>, tensor<8x1xf64>) {
  %r:2 = symc.scan steps %n carries(%b0, %c0 : tensor<8xf64>, tensor<8x1xf64>) sequences(%hs : tensor<?x4x8xf64>) -> (tensor<8xf64>, tensor<8x1xf64>) {
  ^bb0(%b: tensor<8xf64>, %c: tensor<8x1xf64>, %h: tensor<4x8xf64>):
    %bb = symc.dimshuffle %b [x, 0] : tensor<8xf64>
    %bh = symc.mul %h, %bb : tensor<4x8xf64>, tensor<1x8xf64>
    %s = symc.reduce_sum %bh axes = [0] : tensor<4x8xf64>
    %b1 = symc.add %b, %s : tensor<8xf64>
    %k = symc.reduce_sum %h axes = [0] keepdims : tensor<4x8xf64>
    %kt = symc.dimshuffle %k [1, 0] : tensor<1x8xf64>
    %c1 = symc.add %c, %kt : tensor<8x1xf64>
    symc.scan.yield %b1, %c1 : tensor<8xf64>, tensor<8x1xf64>
  }
  return %r#0, %r#1 : tensor<8xf64>, tensor<8x1xf64>
}

// -----

// Tests that flattening the rows of a slice becomes a slice of the flattened
// rows, its bounds scaled by the rows each row flattens into (static and
// dynamic bounds).
// CHECK-LABEL: func.func @reshape_of_row_slice
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4x3xf64>, %[[N:.*]]: tensor<i64>)
// CHECK-DAG:     %[[S:.*]] = symc.constant dense<[-1, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[FOUR:.*]] = symc.constant dense<4> : tensor<i64>
// CHECK:         %[[FLAT:.*]] = symc.reshape %[[X]], %[[S]] : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
// CHECK:         %[[STOP:.*]] = symc.mul %[[N]], %[[FOUR]] : tensor<i64>
// CHECK:         %[[R:.*]] = symc.subtensor %[[FLAT]][-8:%[[STOP]]] : tensor<?x3xf64>
// CHECK:         return %[[R]]
func.func @reshape_of_row_slice(%x: tensor<?x4x3xf64>, %n: tensor<i64>) -> tensor<?x3xf64> {
  %rows = symc.subtensor %x[-2:%n] : tensor<?x4x3xf64>
  %s = symc.constant dense<[-1, 3]> : tensor<2xi64>
  %r = symc.reshape %rows, %s : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
  return %r : tensor<?x3xf64>
}

// -----

// Tests that slices with a step, and reshapes that do not merge the first two
// dimensions, stay.
// CHECK-LABEL: func.func @other_reshapes_stay
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4x3xf64>)
// CHECK:         %[[A:.*]] = symc.subtensor %[[X]][::2]
// CHECK:         symc.reshape %[[A]]
// CHECK:         %[[B:.*]] = symc.subtensor %[[X]][1:]
// CHECK:         symc.reshape %[[B]]
func.func @other_reshapes_stay(%x: tensor<?x4x3xf64>) -> (tensor<?x3xf64>, tensor<?x12xf64>) {
  %a = symc.subtensor %x[::2] : tensor<?x4x3xf64>
  %s = symc.constant dense<[-1, 3]> : tensor<2xi64>
  %ra = symc.reshape %a, %s : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
  %b = symc.subtensor %x[1:] : tensor<?x4x3xf64>
  %t = symc.constant dense<[-1, 12]> : tensor<2xi64>
  %rb = symc.reshape %b, %t : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x12xf64>
  return %ra, %rb : tensor<?x3xf64>, tensor<?x12xf64>
}
