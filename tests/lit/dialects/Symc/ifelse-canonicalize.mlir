// RUN: symc-opt %s --split-input-file --canonicalize | FileCheck %s

// Canonicalization of symc.ifelse: a constant condition inlines the taken
// region; an unknown condition keeps both regions.

// Tests that a true condition inlines the then region (the else region's
// failing index is gone with it).
// CHECK-LABEL: func.func @constant_true
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK-NOT:     symc.ifelse
// CHECK-NOT:     symc.subtensor
// CHECK:         %[[E:.*]] = symc.exp %[[X]] : tensor<?xf32>
// CHECK:         return %[[E]]
func.func @constant_true(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c = symc.constant dense<true> : tensor<i1>
  %r = symc.ifelse %c -> (tensor<?xf32>) {
    %e = symc.exp %x : tensor<?xf32>
    symc.yield %e : tensor<?xf32>
  } else {
    %s = symc.subtensor %x[10:] : tensor<?xf32>
    symc.yield %s : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// Tests that a false condition inlines the else region, casting a yielded
// value that is more static than the result.
// CHECK-LABEL: func.func @constant_false
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<3xf32>)
// CHECK-NOT:     symc.ifelse
// CHECK:         %[[C:.*]] = tensor.cast %[[Y]] : tensor<3xf32> to tensor<?xf32>
// CHECK:         return %[[C]]
func.func @constant_false(%x: tensor<?xf32>, %y: tensor<3xf32>) -> tensor<?xf32> {
  %c = symc.constant dense<false> : tensor<i1>
  %r = symc.ifelse %c -> (tensor<?xf32>) {
    symc.yield %x : tensor<?xf32>
  } else {
    symc.yield %y : tensor<3xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// Tests that an unknown condition keeps the op and both regions.
// CHECK-LABEL: func.func @unknown_condition
// CHECK:         symc.ifelse
// CHECK:           symc.exp
// CHECK:         } else {
// CHECK:           symc.log
func.func @unknown_condition(%c: tensor<i1>, %x: tensor<?xf32>) -> tensor<?xf32> {
  %r = symc.ifelse %c -> (tensor<?xf32>) {
    %e = symc.exp %x : tensor<?xf32>
    symc.yield %e : tensor<?xf32>
  } else {
    %l = symc.log %x : tensor<?xf32>
    symc.yield %l : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}
