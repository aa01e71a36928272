// RUN: symc-opt %s --symc-stabilize=cse-first=false | FileCheck %s
// RUN: symc-opt %s --mlir-disable-threading --symc-stabilize=cse-first=false --log-actions-to=- -o /dev/null | FileCheck %s --check-prefix=ITER

// symc-stabilize runs the greedy driver's first iteration over every op and
// the later ones over the ops the iteration before changed and their
// neighbourhood only (applyPatternsIncrementally): a gradient whose seed is
// the one thing rewritten does not pay a second scan of all its ops. The
// deep case (a rewrite three levels below the op that then matches) is
// @indexed_crossentropy_gradient in stabilize.mlir.

// The gradient of a two-step chain tanh(y) * 1.01 + sin(y), after
// canonicalize and cse: the seed (ones broadcast to the output's shape)
// cancels out of the product, and the driver's full iteration runs once.
// CHECK-LABEL: func.func @seed
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK-NOT:     symc.broadcast_to
// CHECK-NOT:     symc.shape
// CHECK:         %[[C:.*]] = symc.cos
// CHECK:         %[[D:.*]] = symc.add %[[C]], %{{.*}} : tensor<?xf64>
// CHECK:         %[[G:.*]] = symc.add
// CHECK:         return %[[G]]
// ITER:          GreedyPatternRewriteIteration(1) (Region #0 for op func.func @seed
// ITER-NOT:      GreedyPatternRewriteIteration(2)
// ITER:          GreedyPatternRewriteIteration(1) (Region #0 for op func.func @unchanged
// ITER-NOT:      GreedyPatternRewriteIteration(2)
func.func @seed(%arg0: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.constant dense<1.000000e+00> : tensor<1xf64>
  %1 = symc.constant dense<1.010000e+00> : tensor<1xf64>
  %2 = symc.tanh %arg0 : tensor<?xf64>
  %3 = symc.mul %2, %1 : tensor<?xf64>, tensor<1xf64>
  %4 = symc.sin %arg0 : tensor<?xf64>
  %5 = symc.add %3, %4 : tensor<?xf64>
  %6 = symc.tanh %5 : tensor<?xf64>
  %7 = symc.mul %6, %1 : tensor<?xf64>, tensor<1xf64>
  %8 = symc.sin %5 : tensor<?xf64>
  %9 = symc.add %7, %8 : tensor<?xf64>
  %10 = symc.shape %9 : tensor<?xf64>
  %11 = symc.broadcast_to %0, %10 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %12 = symc.cos %5 : tensor<?xf64>
  %13 = symc.mul %11, %1 : tensor<?xf64>, tensor<1xf64>
  %14 = symc.sqr %6 : tensor<?xf64>
  %15 = symc.sub %0, %14 : tensor<1xf64>, tensor<?xf64>
  %16 = symc.mul %13, %15 : tensor<?xf64>
  %17 = symc.add %12, %16 : tensor<?xf64>
  %18 = symc.cos %arg0 : tensor<?xf64>
  %19 = symc.mul %17, %18 : tensor<?xf64>
  %20 = symc.mul %17, %1 : tensor<?xf64>, tensor<1xf64>
  %21 = symc.sqr %2 : tensor<?xf64>
  %22 = symc.sub %0, %21 : tensor<1xf64>, tensor<?xf64>
  %23 = symc.mul %20, %22 : tensor<?xf64>
  %24 = symc.add %19, %23 : tensor<?xf64>
  return %24 : tensor<?xf64>
}

// Negative case: the forward chain, where nothing is rewritten, is left as
// it is after one iteration.
// CHECK-LABEL: func.func @unchanged
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[K:.*]] = symc.constant dense<1.010000e+00>
// CHECK:         %[[T:.*]] = symc.tanh %[[X]]
// CHECK:         %[[M:.*]] = symc.mul %[[T]], %[[K]]
// CHECK:         %[[S:.*]] = symc.sin %[[X]]
// CHECK:         %[[A:.*]] = symc.add %[[M]], %[[S]]
// CHECK:         return %[[A]]
func.func @unchanged(%arg0: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.constant dense<1.010000e+00> : tensor<1xf64>
  %1 = symc.tanh %arg0 : tensor<?xf64>
  %2 = symc.mul %1, %0 : tensor<?xf64>, tensor<1xf64>
  %3 = symc.sin %arg0 : tensor<?xf64>
  %4 = symc.add %2, %3 : tensor<?xf64>
  return %4 : tensor<?xf64>
}

// The driver merging equal constants is no change of the round, as with
// applyPatternsGreedily: no CSE round follows, and the adds the merge made
// equal stay apart (this input breaks the cse-first=false contract).
// CHECK-LABEL: func.func @merged_constants_only
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[C:.*]] = symc.constant dense<1.500000e+00>
// CHECK-NOT:     symc.constant
// CHECK:         %[[A:.*]] = symc.add %[[X]], %[[C]]
// CHECK:         %[[B:.*]] = symc.add %[[X]], %[[C]]
// CHECK:         return %[[A]], %[[B]]
func.func @merged_constants_only(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c1 = symc.constant dense<1.5> : tensor<1xf64>
  %a = symc.add %x, %c1 : tensor<?xf64>, tensor<1xf64>
  %c2 = symc.constant dense<1.5> : tensor<1xf64>
  %b = symc.add %x, %c2 : tensor<?xf64>, tensor<1xf64>
  return %a, %b : tensor<?xf64>, tensor<?xf64>
}
