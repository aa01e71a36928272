// RUN: symc-opt %s --symc-stabilize | FileCheck %s
// RUN: symc-opt %s --symc-stabilize=cse-first=false | FileCheck %s --check-prefix=NOCSE

// symc-stabilize merges equal subexpressions before its first round unless
// cse-first=false (the pipelines' own cse step ran just before it); with
// nothing to rewrite, no later round merges them either.

// CHECK-LABEL: func.func @twice
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[T:.*]] = symc.tanh %[[X]]
// CHECK-NOT:     symc.tanh
// CHECK:         return %[[T]], %[[T]]
// NOCSE-LABEL: func.func @twice
// NOCSE:         %[[A:.*]] = symc.tanh
// NOCSE:         %[[B:.*]] = symc.tanh
// NOCSE:         return %[[A]], %[[B]]
func.func @twice(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %a = symc.tanh %x : tensor<?xf64>
  %b = symc.tanh %x : tensor<?xf64>
  return %a, %b : tensor<?xf64>, tensor<?xf64>
}
