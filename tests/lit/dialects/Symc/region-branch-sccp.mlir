// RUN: symc-opt %s --split-input-file --sccp | FileCheck %s

// symc.scan and symc.ifelse implement RegionBranchOpInterface, so upstream
// dataflow analyses follow values through them: sparse conditional constant
// propagation (sccp) sees a carry that every step passes on unchanged as the
// constant it starts from, inside the body and in the result; a carry that
// changes, or one whose history is the result, stays unknown.

// CHECK-LABEL: func.func @scan_carry_passed_on
// CHECK-SAME:    (%{{.*}}: tensor<i64>, %[[XS:.*]]: tensor<?xf64>)
// CHECK:         %[[K:.*]] = symc.constant dense<2.000000e+00> : tensor<f64>
// CHECK:         %[[R:.*]]:2 = symc.scan
// CHECK:         ^bb0(%{{.*}}: tensor<f64>, %[[X:.*]]: tensor<f64>):
// CHECK:           %[[KB:.*]] = symc.constant dense<2.000000e+00> : tensor<f64>
// CHECK:           %[[Y:.*]] = symc.mul %[[KB]], %[[X]]
// CHECK:           symc.scan.yield %[[KB]], %[[Y]]
// CHECK:         return %[[K]], %[[R]]#1
func.func @scan_carry_passed_on(%n: tensor<i64>, %xs: tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
  %k = symc.constant dense<2.0> : tensor<f64>
  %r:2 = symc.scan steps %n carries(%k : tensor<f64>) sequences(%xs : tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
  ^bb0(%c: tensor<f64>, %x: tensor<f64>):
    %y = symc.mul %c, %x : tensor<f64>
    symc.scan.yield %c, %y : tensor<f64>, tensor<f64>
  }
  return %r#0, %r#1 : tensor<f64>, tensor<?xf64>
}

// -----

// A carry that changes at every step is not a constant.
// CHECK-LABEL: func.func @scan_carry_that_changes
// CHECK:         %[[R:.*]] = symc.scan
// CHECK:         ^bb0(%[[C:.*]]: tensor<f64>):
// CHECK:           %[[N:.*]] = symc.add %[[C]], %{{.*}}
// CHECK:           symc.scan.yield %[[N]]
// CHECK:         return %[[R]]
func.func @scan_carry_that_changes(%n: tensor<i64>) -> tensor<f64> {
  %k = symc.constant dense<2.0> : tensor<f64>
  %r = symc.scan steps %n carries(%k : tensor<f64>) -> (tensor<f64>) {
  ^bb0(%c: tensor<f64>):
    %one = symc.constant dense<1.0> : tensor<f64>
    %next = symc.add %c, %one : tensor<f64>
    symc.scan.yield %next : tensor<f64>
  }
  return %r : tensor<f64>
}

// -----

// With history the result is the stacked values, not the carry: only the
// body's argument is known.
// CHECK-LABEL: func.func @scan_history_is_not_forwarded
// CHECK:         %[[R:.*]] = symc.scan
// CHECK:           %[[KB:.*]] = symc.constant dense<2.000000e+00> : tensor<f64>
// CHECK:           symc.scan.yield %[[KB]]
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @scan_history_is_not_forwarded(%n: tensor<i64>) -> tensor<?xf64> {
  %k = symc.constant dense<2.0> : tensor<f64>
  %r = symc.scan steps %n carries(%k : tensor<f64>) history [0] -> (tensor<?xf64>) {
  ^bb0(%c: tensor<f64>):
    symc.scan.yield %c : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// CHECK-LABEL: func.func @ifelse_same_constant_in_both_branches
// CHECK-NEXT:    %[[K:.*]] = symc.constant dense<3.000000e+00> : tensor<f64>
// CHECK-NEXT:    return %[[K]]
func.func @ifelse_same_constant_in_both_branches(%p: tensor<i1>) -> tensor<f64> {
  %r = symc.ifelse %p -> (tensor<f64>) {
    %a = symc.constant dense<3.0> : tensor<f64>
    symc.yield %a : tensor<f64>
  } else {
    %b = symc.constant dense<3.0> : tensor<f64>
    symc.yield %b : tensor<f64>
  }
  return %r : tensor<f64>
}
