// RUN: symc-opt %s --split-input-file --symc-stabilize=cse-first=false | FileCheck %s

// symc-stabilize with cse-first=false takes input free of common
// subexpressions (the pipelines' cse step ran just before). After a round
// that rewrote something it runs CSE only when an op the round inserted or
// modified has a duplicate among the users of its operands.

// A rewrite makes log(1 + x) equal to the log1p(x) next to it: CSE merges
// them.
// CHECK-LABEL: func.func @rewrite_makes_a_duplicate
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[L:.*]] = symc.log1p %[[X]]
// CHECK-NOT:     symc.log1p
// CHECK:         return %[[L]], %[[L]]
func.func @rewrite_makes_a_duplicate(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %s = symc.add %one, %x : tensor<1xf64>, tensor<?xf64>
  %a = symc.log %s : tensor<?xf64>
  %b = symc.log1p %x : tensor<?xf64>
  return %a, %b : tensor<?xf64>, tensor<?xf64>
}

// -----

// Negative case: the rewritten op has no duplicate, so the round's CSE is
// skipped, and the equal tanh ops this input (which breaks the cse-first=false
// contract) carries are left as they are. With the check broken, CSE would
// merge them.
// CHECK-LABEL: func.func @no_new_duplicate
// CHECK:         symc.log1p
// CHECK:         %[[A:.*]] = symc.tanh
// CHECK:         %[[B:.*]] = symc.tanh
// CHECK:         return %{{.*}}, %[[A]], %[[B]]
func.func @no_new_duplicate(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %s = symc.add %one, %x : tensor<1xf64>, tensor<?xf64>
  %a = symc.log %s : tensor<?xf64>
  %t1 = symc.tanh %y : tensor<?xf64>
  %t2 = symc.tanh %y : tensor<?xf64>
  return %a, %t1, %t2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
