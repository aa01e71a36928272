// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' | FileCheck %s
// RUN: symc-opt %s --mlir-disable-threading --pass-pipeline='builtin.module(symc-optimize-pipeline)' --log-actions-to=- -o /dev/null | FileCheck %s --check-prefix=ITER
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline{exclude=symc-stabilize})' | FileCheck %s --check-prefix=DUP

// symc-optimize-pipeline's last canonicalize and cse look only at what
// symc-stabilize, symc-scan-pushout and symc-specialize changed since the
// first ones (the CleanupLog of passes/Transforms/Cleanup.cpp): the last
// canonicalize runs no full iteration of the greedy driver, the last cse
// runs when a changed op may have a duplicate. The first cse, after a
// canonicalize that converged, runs only when some op may have a duplicate
// among the users of its operands.

// symc-specialize turns x ** 2 and x * x into two sqr(x), and so the two
// exp of them into duplicates: the last cse, told of the change, merges
// both pairs.
// CHECK-LABEL: func.func @specialized_duplicates
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[S:.*]] = symc.sqr %[[X]]
// CHECK-NOT:     symc.sqr
// CHECK:         %[[E:.*]] = symc.exp %[[S]]
// CHECK-NOT:     symc.exp
// CHECK:         return %[[E]], %[[E]]
// ITER:          running `SpecializePass` {{.*}} @specialized_duplicates
// ITER:          running `SymcCanonicalizer` {{.*}} @specialized_duplicates
// ITER-NOT:      GreedyPatternRewriteIteration
// ITER:          running `SymcCSE` {{.*}} @specialized_duplicates
func.func @specialized_duplicates(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c2 = symc.constant dense<2.0> : tensor<1xf64>
  %a = symc.pow %x, %c2 : tensor<?xf64>, tensor<1xf64>
  %b = symc.mul %x, %x : tensor<?xf64>
  %e = symc.exp %a : tensor<?xf64>
  %f = symc.exp %b : tensor<?xf64>
  return %e, %f : tensor<?xf64>, tensor<?xf64>
}

// Negative case: nothing to rewrite, nothing changed; the last
// canonicalize runs no iteration either.
// CHECK-LABEL: func.func @unchanged
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[C:.*]] = symc.constant dense<1.010000e+00>
// CHECK:         %[[T:.*]] = symc.tanh %[[X]]
// CHECK:         %[[M:.*]] = symc.mul %[[T]], %[[C]]
// CHECK:         return %[[M]]
// ITER:          running `SpecializePass` {{.*}} @unchanged
// ITER:          running `SymcCanonicalizer` {{.*}} @unchanged
// ITER-NOT:      GreedyPatternRewriteIteration
// ITER:          running `SymcCSE` {{.*}} @unchanged
func.func @unchanged(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %m = symc.mul %t, %c : tensor<?xf64>, tensor<1xf64>
  return %m : tensor<?xf64>
}

// The first cse is not skipped where the frontend left duplicates (here
// without symc-stabilize, whose own CSE would merge them too): the equal
// tanh, and the products with swapped operands, are merged.
// DUP-LABEL: func.func @frontend_duplicates
// DUP-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// DUP:         %[[T:.*]] = symc.tanh %[[X]]
// DUP-NOT:     symc.tanh
// DUP:         %[[M:.*]] = symc.mul
// DUP-NOT:     symc.mul
// DUP:         return %[[T]], %[[T]], %[[M]], %[[M]]
func.func @frontend_duplicates(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %t1 = symc.tanh %x : tensor<?xf64>
  %t2 = symc.tanh %x : tensor<?xf64>
  %m1 = symc.mul %x, %y : tensor<?xf64>
  %m2 = symc.mul %y, %x : tensor<?xf64>
  return %t1, %t2, %m1, %m2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
