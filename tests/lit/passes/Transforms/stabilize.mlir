// RUN: symc-opt %s --split-input-file --symc-stabilize | FileCheck %s

// symc-stabilize: one case per rewrite, and cases where a rewrite must not
// fire. The pass also runs the symc canonicalization patterns and CSE, so
// equal subexpressions appear once in the output.

// Tests that log(x + 1) and log(1 + x) become log1p(x), the 1 on either side.
// CHECK-LABEL: func.func @log1p
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[R:.*]] = symc.log1p %[[X]] : tensor<?xf64>
// CHECK-NOT:     symc.log %
// CHECK:         return %[[R]], %[[R]]
func.func @log1p(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %0 = symc.add %x, %one : tensor<?xf64>, tensor<1xf64>
  %1 = symc.log %0 : tensor<?xf64>
  %2 = symc.add %one, %x : tensor<1xf64>, tensor<?xf64>
  %3 = symc.log %2 : tensor<?xf64>
  return %1, %3 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that log(x + c) stays when c is not exactly 1, and log(y + 1) stays
// when the 1 broadcasts y to a larger shape (log1p(y) would change the
// result type).
// CHECK-LABEL: func.func @log1p_not_one
// CHECK-NOT:     symc.log1p
// CHECK:         symc.log %
// CHECK:         symc.log %
// CHECK-NOT:     symc.log1p
func.func @log1p_not_one(%x: tensor<?xf64>, %y: tensor<1xf64>) -> (tensor<?xf64>, tensor<4xf64>) {
  %c = symc.constant dense<1.0000001> : tensor<1xf64>
  %0 = symc.add %x, %c : tensor<?xf64>, tensor<1xf64>
  %1 = symc.log %0 : tensor<?xf64>
  %one = symc.constant dense<1.0> : tensor<4xf64>
  %2 = symc.add %y, %one : tensor<1xf64>, tensor<4xf64>
  %3 = symc.log %2 : tensor<4xf64>
  return %1, %3 : tensor<?xf64>, tensor<4xf64>
}

// -----

// Tests that log(1 - x) becomes log1p(-x).
// CHECK-LABEL: func.func @log1p_of_one_minus
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[N:.*]] = symc.neg %[[X]]
// CHECK:         %[[R:.*]] = symc.log1p %[[N]]
// CHECK:         return %[[R]]
func.func @log1p_of_one_minus(%x: tensor<?xf32>) -> tensor<?xf32> {
  %one = symc.constant dense<1.0> : tensor<1xf32>
  %0 = symc.sub %one, %x : tensor<1xf32>, tensor<?xf32>
  %1 = symc.log %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that log(1 + exp(x)) becomes softplus(x), with a 1 of another
// broadcastable shape than x's.
// CHECK-LABEL: func.func @softplus
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[R:.*]] = symc.softplus %[[X]] : tensor<?x?xf64>
// CHECK-NOT:     symc.exp
// CHECK:         return %[[R]]
func.func @softplus(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = symc.constant dense<1.0> : tensor<1x1xf64>
  %0 = symc.exp %x : tensor<?x?xf64>
  %1 = symc.add %one, %0 : tensor<1x1xf64>, tensor<?x?xf64>
  %2 = symc.log %1 : tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}

// -----

// Tests that exp(x) - 1 and exp(x) + (-1) become expm1(x), and exp(x) - 2
// does not.
// CHECK-LABEL: func.func @expm1
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[R:.*]] = symc.expm1 %[[X]]
// CHECK-DAG:     %[[E:.*]] = symc.exp %[[X]]
// CHECK-DAG:     %[[S:.*]] = symc.add %[[E]], %{{.*}}
// CHECK:         return %[[R]], %[[R]], %[[S]]
func.func @expm1(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %m = symc.constant dense<-1.0> : tensor<1xf64>
  %two = symc.constant dense<2.0> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %0 = symc.sub %e, %one : tensor<?xf64>, tensor<1xf64>
  %1 = symc.add %m, %e : tensor<1xf64>, tensor<?xf64>
  %2 = symc.sub %e, %two : tensor<?xf64>, tensor<1xf64>
  return %0, %1, %2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that 1 - exp(x) becomes -expm1(x).
// CHECK-LABEL: func.func @one_minus_exp
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[M:.*]] = symc.expm1 %[[X]]
// CHECK:         %[[R:.*]] = symc.neg %[[M]]
// CHECK:         return %[[R]]
func.func @one_minus_exp(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %0 = symc.sub %one, %e : tensor<1xf64>, tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// Tests that log(1 - exp(x)) becomes log1mexp(x).
// CHECK-LABEL: func.func @log1mexp
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[R:.*]] = symc.log1mexp %[[X]]
// CHECK-NOT:     symc.log %
// CHECK:         return %[[R]]
func.func @log1mexp(%x: tensor<?xf32>) -> tensor<?xf32> {
  %one = symc.constant dense<1.0> : tensor<1xf32>
  %e = symc.exp %x : tensor<?xf32>
  %0 = symc.sub %one, %e : tensor<1xf32>, tensor<?xf32>
  %1 = symc.log %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that log(sigmoid(x)) becomes -softplus(-x).
// CHECK-LABEL: func.func @log_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[N:.*]] = symc.neg %[[X]]
// CHECK:         %[[S:.*]] = symc.softplus %[[N]]
// CHECK:         %[[R:.*]] = symc.neg %[[S]]
// CHECK:         return %[[R]]
func.func @log_sigmoid(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.sigmoid %x : tensor<?xf64>
  %1 = symc.log %0 : tensor<?xf64>
  return %1 : tensor<?xf64>
}

// -----

// Tests that log(1 - sigmoid(x)) becomes -softplus(x).
// CHECK-LABEL: func.func @log_one_minus_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[S:.*]] = symc.softplus %[[X]]
// CHECK:         %[[R:.*]] = symc.neg %[[S]]
// CHECK:         return %[[R]]
func.func @log_one_minus_sigmoid(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %0 = symc.sigmoid %x : tensor<?xf64>
  %1 = symc.sub %one, %0 : tensor<1xf64>, tensor<?xf64>
  %2 = symc.log %1 : tensor<?xf64>
  return %2 : tensor<?xf64>
}

// -----

// Tests that 1 - sigmoid(x) becomes sigmoid(-x), and y - y * sigmoid(x)
// becomes y * sigmoid(-x).
// CHECK-LABEL: func.func @one_minus_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK:         %[[N:.*]] = symc.neg %[[X]]
// CHECK:         %[[S:.*]] = symc.sigmoid %[[N]]
// CHECK:         %[[P:.*]] = symc.mul %[[Y]], %[[S]]
// CHECK:         return %[[S]], %[[P]]
func.func @one_minus_sigmoid(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %0 = symc.sigmoid %x : tensor<?xf64>
  %1 = symc.sub %one, %0 : tensor<1xf64>, tensor<?xf64>
  %2 = symc.mul %y, %0 : tensor<?xf64>
  %3 = symc.sub %y, %2 : tensor<?xf64>
  return %1, %3 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that the binary crossentropy of a sigmoid becomes
// t * softplus(-x) + (1 - t) * softplus(x).
// CHECK-LABEL: func.func @binary_crossentropy_of_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[T:.*]]: tensor<?xf32>)
// CHECK-DAG:     %[[ONE:.*]] = symc.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK-DAG:     %[[N:.*]] = symc.neg %[[X]]
// CHECK-DAG:     %[[SN:.*]] = symc.softplus %[[N]]
// CHECK-DAG:     %[[A:.*]] = symc.mul %[[T]], %[[SN]]
// CHECK-DAG:     %[[C:.*]] = symc.sub %[[ONE]], %[[T]]
// CHECK-DAG:     %[[SP:.*]] = symc.softplus %[[X]]
// CHECK-DAG:     %[[B:.*]] = symc.mul %[[C]], %[[SP]]
// CHECK:         %[[R:.*]] = symc.add %[[A]], %[[B]]
// CHECK:         return %[[R]]
func.func @binary_crossentropy_of_sigmoid(%x: tensor<?xf32>, %t: tensor<?xf32>) -> tensor<?xf32> {
  %0 = symc.sigmoid %x : tensor<?xf32>
  %1 = symc.binary_crossentropy %0, %t : tensor<?xf32>, tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that log(softmax(x)) becomes log_softmax(x) on the same axis.
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>)
// CHECK:         %[[R:.*]] = symc.log_softmax %[[X]] axis = 0
// CHECK:         return %[[R]]
func.func @log_softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.softmax %x axis = 0 : tensor<?x?xf32>
  %1 = symc.log %0 : tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// -----

// Tests that the log of elements picked from a softmax picks them from
// log_softmax instead (advanced and basic indexing).
// CHECK-LABEL: func.func @log_of_indexed_softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>, %[[I:.*]]: tensor<?xi64>, %[[J:.*]]: tensor<?xi64>)
// CHECK:         %[[L:.*]] = symc.log_softmax %[[X]] axis = 1
// CHECK:         %[[A:.*]] = symc.advanced_subtensor %[[L]][%[[I]], %[[J]]]
// CHECK:         %[[B:.*]] = symc.subtensor %[[L]][0]
// CHECK-NOT:     symc.log %
// CHECK:         return %[[A]], %[[B]]
func.func @log_of_indexed_softmax(%x: tensor<?x?xf64>, %i: tensor<?xi64>, %j: tensor<?xi64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %s = symc.softmax %x axis = 1 : tensor<?x?xf64>
  %0 = symc.advanced_subtensor %s[%i, %j] : tensor<?x?xf64>, tensor<?xi64>, tensor<?xi64>
  %1 = symc.log %0 : tensor<?xf64>
  %2 = symc.subtensor %s[0] : tensor<?x?xf64>
  %3 = symc.log %2 : tensor<?xf64>
  return %1, %3 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that log(sum(exp(x))) becomes logsumexp(x), keepdims included.
// CHECK-LABEL: func.func @logsumexp
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[A:.*]] = symc.logsumexp %[[X]] axes = [1] : tensor<?x?xf64>
// CHECK-DAG:     %[[B:.*]] = symc.logsumexp %[[X]] axes = [0, 1] keepdims : tensor<?x?xf64>
// CHECK:         return %[[A]], %[[B]]
func.func @logsumexp(%x: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<1x1xf64>) {
  %e = symc.exp %x : tensor<?x?xf64>
  %0 = symc.reduce_sum %e axes = [1] : tensor<?x?xf64>
  %1 = symc.log %0 : tensor<?xf64>
  %2 = symc.reduce_sum %e axes = [0, 1] keepdims : tensor<?x?xf64>
  %3 = symc.log %2 : tensor<1x1xf64>
  return %1, %3 : tensor<?xf64>, tensor<1x1xf64>
}

// -----

// Tests that the categorical crossentropy of a softmax over the classes
// becomes crossentropy_softmax, and that of a softmax over the rows does not.
// CHECK-LABEL: func.func @crossentropy_softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[Y:.*]]: tensor<?xi64>)
// CHECK:         %[[R:.*]] = symc.crossentropy_softmax %[[X]], %[[Y]]
// CHECK:         %[[S:.*]] = symc.softmax %[[X]] axis = 0
// CHECK:         %[[C:.*]] = symc.categorical_crossentropy %[[S]], %[[Y]]
// CHECK:         return %[[R]], %[[C]]
func.func @crossentropy_softmax(%x: tensor<?x?xf32>, %y: tensor<?xi64>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = symc.softmax %x axis = 1 : tensor<?x?xf32>
  %1 = symc.categorical_crossentropy %0, %y : tensor<?x?xf32>, tensor<?xi64>
  %2 = symc.softmax %x axis = 0 : tensor<?x?xf32>
  %3 = symc.categorical_crossentropy %2, %y : tensor<?x?xf32>, tensor<?xi64>
  return %1, %3 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that sqrt(sqr(x)), sqrt(x * x) and sqrt(x ** 2) become abs(x), and
// sqrt(x * y) does not.
// CHECK-LABEL: func.func @abs
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[A:.*]] = symc.abs %[[X]]
// CHECK-DAG:     %[[P:.*]] = symc.mul %[[X]], %[[Y]]
// CHECK-DAG:     %[[S:.*]] = symc.sqrt %[[P]]
// CHECK:         return %[[A]], %[[A]], %[[A]], %[[S]]
func.func @abs(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %two = symc.constant dense<2.0> : tensor<1xf64>
  %0 = symc.sqr %x : tensor<?xf64>
  %1 = symc.sqrt %0 : tensor<?xf64>
  %2 = symc.mul %x, %x : tensor<?xf64>
  %3 = symc.sqrt %2 : tensor<?xf64>
  %4 = symc.pow %x, %two : tensor<?xf64>, tensor<1xf64>
  %5 = symc.sqrt %4 : tensor<?xf64>
  %6 = symc.mul %x, %y : tensor<?xf64>
  %7 = symc.sqrt %6 : tensor<?xf64>
  return %1, %3, %5, %7 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that a factor both multiplied and divided cancels: a * b / b => a.
// CHECK-LABEL: func.func @cancel_factors
// CHECK-SAME:    (%[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK-NOT:     symc.div
// CHECK:         %[[R:.*]] = symc.neg %[[A]]
// CHECK:         return %[[R]]
func.func @cancel_factors(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.div %a, %b : tensor<?xf64>
  %1 = symc.neg %0 : tensor<?xf64>
  %2 = symc.mul %1, %b : tensor<?xf64>
  return %2 : tensor<?xf64>
}

// -----

// Tests that a cancellation that would leave a smaller shape broadcasts the
// rest to the shape of the cancelled factor: c * y / y => broadcast(c).
// CHECK-LABEL: func.func @cancel_keeps_shape
// CHECK-SAME:    (%[[Y:.*]]: tensor<?xf64>)
// CHECK:         %[[C:.*]] = symc.constant dense<3.000000e+00> : tensor<1xf64>
// CHECK:         %[[S:.*]] = symc.shape %[[Y]]
// CHECK:         %[[R:.*]] = symc.broadcast_to %[[C]], %[[S]] : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
// CHECK:         return %[[R]]
func.func @cancel_keeps_shape(%y: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.constant dense<3.0> : tensor<1xf64>
  %0 = symc.mul %c, %y : tensor<1xf64>, tensor<?xf64>
  %1 = symc.div %0, %y : tensor<?xf64>
  return %1 : tensor<?xf64>
}

// -----

// Tests that a product without a common factor is left alone.
// CHECK-LABEL: func.func @no_common_factor
// CHECK:         %[[D:.*]] = symc.div
// CHECK:         %[[R:.*]] = symc.mul %[[D]]
// CHECK:         return %[[R]]
func.func @no_common_factor(%a: tensor<?xf64>, %b: tensor<?xf64>, %c: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.div %a, %b : tensor<?xf64>
  %1 = symc.mul %0, %c : tensor<?xf64>
  return %1 : tensor<?xf64>
}

// -----

// Tests that exp(x) / (1 + exp(x)), g / (1 + exp(x)) * exp(x) and
// 1 / (1 + exp(-x)) become sigmoids.
// CHECK-LABEL: func.func @sigmoid_of_exp
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[G:.*]]: tensor<?xf64>)
// CHECK:         %[[S:.*]] = symc.sigmoid %[[X]]
// CHECK:         %[[P:.*]] = symc.mul %[[G]], %[[S]]
// CHECK-NOT:     symc.exp
// CHECK:         return %[[S]], %[[P]], %[[S]]
func.func @sigmoid_of_exp(%x: tensor<?xf64>, %g: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %d = symc.add %one, %e : tensor<1xf64>, tensor<?xf64>
  %0 = symc.div %e, %d : tensor<?xf64>
  %1 = symc.div %g, %d : tensor<?xf64>
  %2 = symc.mul %1, %e : tensor<?xf64>
  %n = symc.neg %x : tensor<?xf64>
  %en = symc.exp %n : tensor<?xf64>
  %dn = symc.add %en, %one : tensor<?xf64>, tensor<1xf64>
  %3 = symc.div %one, %dn : tensor<1xf64>, tensor<?xf64>
  return %0, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that exp(x) * sigmoid(-x) becomes sigmoid(x), and exp(x) *
// sigmoid(x) stays.
// CHECK-LABEL: func.func @exp_times_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK-DAG:     %[[S:.*]] = symc.sigmoid %[[X]]
// CHECK-DAG:     %[[E:.*]] = symc.exp %[[X]]
// CHECK-DAG:     %[[P:.*]] = symc.mul %[[E]], %[[S]]
// CHECK:         return %[[S]], %[[P]]
func.func @exp_times_sigmoid(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = symc.exp %x : tensor<?xf32>
  %n = symc.neg %x : tensor<?xf32>
  %s = symc.sigmoid %n : tensor<?xf32>
  %0 = symc.mul %e, %s : tensor<?xf32>
  %p = symc.sigmoid %x : tensor<?xf32>
  %1 = symc.mul %e, %p : tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that exp(x) / sum(exp(x)) becomes softmax(x) over one axis (the sum
// kept as a column by keepdims or by a dimshuffle) and exp(x -
// logsumexp(x)) over several; a sum of another exponential stays.
// CHECK-LABEL: func.func @softmax_of_exp
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>, %[[Y:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[S:.*]] = symc.softmax %[[X]] axis = 1
// CHECK-DAG:     %[[L:.*]] = symc.logsumexp %[[X]] axes = [0, 1] keepdims
// CHECK-DAG:     %[[D:.*]] = symc.sub %[[X]], %[[L]]
// CHECK-DAG:     %[[A:.*]] = symc.exp %[[D]]
// CHECK-DAG:     %[[Q:.*]] = symc.div %{{.*}}, %{{.*}} : tensor<?x?xf64>, tensor<?x1xf64>
// CHECK:         return %[[S]], %[[S]], %[[A]], %[[Q]]
func.func @softmax_of_exp(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %e = symc.exp %x : tensor<?x?xf64>
  %s1 = symc.reduce_sum %e axes = [1] keepdims : tensor<?x?xf64>
  %0 = symc.div %e, %s1 : tensor<?x?xf64>, tensor<?x1xf64>
  %s2 = symc.reduce_sum %e axes = [1] : tensor<?x?xf64>
  %c = symc.dimshuffle %s2 [0, x] : tensor<?xf64>
  %1 = symc.div %e, %c : tensor<?x?xf64>, tensor<?x1xf64>
  %s3 = symc.reduce_sum %e axes = [0, 1] keepdims : tensor<?x?xf64>
  %2 = symc.div %e, %s3 : tensor<?x?xf64>, tensor<1x1xf64>
  %ey = symc.exp %y : tensor<?x?xf64>
  %s4 = symc.reduce_sum %ey axes = [1] keepdims : tensor<?x?xf64>
  %3 = symc.div %e, %s4 : tensor<?x?xf64>, tensor<?x1xf64>
  return %0, %1, %2, %3 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests the gradient graph that symc.grad builds for sum(log(1 + exp(x))):
// the seed fill(cost, 1) disappears, the forward becomes softplus and the
// derivative 1 / (1 + exp(x)) * exp(x) becomes sigmoid(x).
// CHECK-LABEL: func.func @softplus_gradient
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-DAG:     %[[F:.*]] = symc.softplus %[[X]]
// CHECK-DAG:     %[[G:.*]] = symc.sigmoid %[[X]]
// CHECK-NOT:     symc.broadcast_to
// CHECK:         return %[[F]], %[[G]]
func.func @softplus_gradient(%arg0: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = symc.exp %arg0 : tensor<?xf64>
  %1 = symc.constant dense<1.0> : tensor<1xf64>
  %2 = symc.add %1, %0 : tensor<1xf64>, tensor<?xf64>
  %3 = symc.log %2 : tensor<?xf64>
  %4 = symc.constant dense<1.0> : tensor<f64>
  %5 = symc.dimshuffle %4 [x] : tensor<f64>
  %6 = symc.shape %3 : tensor<?xf64>
  %7 = symc.broadcast_to %5, %6 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %8 = symc.div %7, %2 : tensor<?xf64>
  %9 = symc.mul %8, %0 : tensor<?xf64>
  return %3, %9 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests the gradient graph of sum(log(sum(exp(z), axis=1))): logsumexp
// forward and softmax backward, where exp(z) / sum(exp(z)) overflowed.
// CHECK-LABEL: func.func @logsumexp_gradient
// CHECK-SAME:    (%[[Z:.*]]: tensor<?x?xf64>)
// CHECK-DAG:     %[[F:.*]] = symc.logsumexp %[[Z]] axes = [1]
// CHECK-DAG:     %[[G:.*]] = symc.softmax %[[Z]] axis = 1
// CHECK-NOT:     symc.exp
// CHECK:         return %[[F]], %[[G]]
func.func @logsumexp_gradient(%arg0: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  %0 = symc.exp %arg0 : tensor<?x?xf64>
  %1 = symc.reduce_sum %0 axes = [1] : tensor<?x?xf64>
  %2 = symc.log %1 : tensor<?xf64>
  %3 = symc.constant dense<1.0> : tensor<f64>
  %4 = symc.dimshuffle %3 [x] : tensor<f64>
  %5 = symc.shape %2 : tensor<?xf64>
  %6 = symc.broadcast_to %4, %5 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %7 = symc.div %6, %1 : tensor<?xf64>
  %8 = symc.dimshuffle %7 [0, x] : tensor<?xf64>
  %9 = symc.shape %0 : tensor<?x?xf64>
  %10 = symc.broadcast_to %8, %9 : (tensor<?x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %11 = symc.mul %10, %0 : tensor<?x?xf64>
  return %2, %11 : tensor<?xf64>, tensor<?x?xf64>
}

// -----

// Tests the gradient graph of sum(-log(softmax(z)[arange(n), y])): the
// forward picks from log_softmax, and the softmax gradient of the scatter
// of -1 / picked is distributed so that the division cancels (the result
// is scatter(-1) - softmax * rowsum(scatter(-1)), with no division left).
// CHECK-LABEL: func.func @indexed_crossentropy_gradient
// CHECK-SAME:    (%[[Z:.*]]: tensor<?x?xf64>, %[[Y:.*]]: tensor<?xi64>)
// CHECK:         %[[S:.*]] = symc.softmax %[[Z]] axis = 1
// CHECK:         %[[L:.*]] = symc.log_softmax %[[Z]] axis = 1
// CHECK:         %[[M:.*]] = symc.advanced_inc_subtensor %{{.*}}[%{{.*}}, %[[Y]]], %{{.*}}
// CHECK:         %[[R:.*]] = symc.reduce_sum %[[M]] axes = [1] keepdims
// CHECK:         %[[P:.*]] = symc.mul %[[S]], %[[R]]
// CHECK:         %[[G:.*]] = symc.sub %[[M]], %[[P]]
// CHECK-NOT:     symc.div
// CHECK:         return %{{.*}}, %[[G]]
func.func @indexed_crossentropy_gradient(%arg0: tensor<?x?xf64>, %arg1: tensor<?xi64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  %0 = symc.softmax %arg0 axis = 1 : tensor<?x?xf64>
  %1 = symc.shape %arg1 : tensor<?xi64>
  %2 = symc.subtensor %1[0] : tensor<1xi64>
  %3 = symc.constant dense<0> : tensor<i64>
  %4 = symc.constant dense<1> : tensor<i64>
  %5 = symc.arange %3, %2, %4 : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  %6 = symc.advanced_subtensor %0[%5, %arg1] : tensor<?x?xf64>, tensor<?xi64>, tensor<?xi64>
  %7 = symc.log %6 : tensor<?xf64>
  %8 = symc.neg %7 : tensor<?xf64>
  %9 = symc.constant dense<0.0> : tensor<f64>
  %10 = symc.dimshuffle %9 [x, x] : tensor<f64>
  %11 = symc.shape %0 : tensor<?x?xf64>
  %12 = symc.broadcast_to %10, %11 : (tensor<1x1xf64>, tensor<2xi64>) -> tensor<?x?xf64>
  %13 = symc.constant dense<1.0> : tensor<f64>
  %14 = symc.dimshuffle %13 [x] : tensor<f64>
  %15 = symc.shape %8 : tensor<?xf64>
  %16 = symc.broadcast_to %14, %15 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %17 = symc.neg %16 : tensor<?xf64>
  %18 = symc.div %17, %6 : tensor<?xf64>
  %19 = symc.advanced_inc_subtensor %12[%5, %arg1], %18 : tensor<?x?xf64>, tensor<?xf64>, tensor<?xi64>, tensor<?xi64>
  %20 = symc.mul %19, %0 : tensor<?x?xf64>
  %21 = symc.reduce_sum %20 axes = [1] keepdims : tensor<?x?xf64>
  %22 = symc.sub %19, %21 : tensor<?x?xf64>, tensor<?x1xf64>
  %23 = symc.mul %0, %22 : tensor<?x?xf64>
  return %8, %23 : tensor<?xf64>, tensor<?x?xf64>
}

// -----

// Tests that the softmax gradient of a gradient that does not divide by the
// softmax is left as it is.
// CHECK-LABEL: func.func @softmax_gradient_kept
// CHECK-SAME:    (%[[Z:.*]]: tensor<?x?xf64>, %[[G:.*]]: tensor<?x?xf64>)
// CHECK:         %[[S:.*]] = symc.softmax %[[Z]]
// CHECK:         %[[D:.*]] = symc.sub %[[G]]
// CHECK:         %[[R:.*]] = symc.mul %[[S]], %[[D]]
// CHECK:         return %[[R]]
func.func @softmax_gradient_kept(%z: tensor<?x?xf64>, %g: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = symc.softmax %z axis = 1 : tensor<?x?xf64>
  %1 = symc.mul %g, %0 : tensor<?x?xf64>
  %2 = symc.reduce_sum %1 axes = [1] keepdims : tensor<?x?xf64>
  %3 = symc.sub %g, %2 : tensor<?x?xf64>, tensor<?x1xf64>
  %4 = symc.mul %0, %3 : tensor<?x?xf64>
  return %4 : tensor<?x?xf64>
}
