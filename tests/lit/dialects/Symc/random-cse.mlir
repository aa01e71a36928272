// RUN: symc-opt %s --split-input-file --cse | FileCheck %s

// Random draws are pure functions of their state operand: CSE merges two
// draws from the same state (they give the same numbers) and never two
// draws from different states.

// Tests that draws from two states stay two draws.
// CHECK-LABEL: func.func @different_states
// CHECK-SAME:    (%[[S0:.*]]: tensor<3xi64>, %[[S1:.*]]: tensor<3xi64>, %[[SH:.*]]: tensor<1xi64>)
// CHECK:         %{{.*}}, %[[A:.*]] = symc.random_uniform %[[S0]], %[[SH]]
// CHECK:         %{{.*}}, %[[B:.*]] = symc.random_uniform %[[S1]], %[[SH]]
// CHECK:         symc.add %[[A]], %[[B]]
func.func @different_states(%s0: tensor<3xi64>, %s1: tensor<3xi64>, %shape: tensor<1xi64>) -> tensor<?xf32> {
  %a:2 = symc.random_uniform %s0, %shape : tensor<1xi64> -> tensor<?xf32>
  %b:2 = symc.random_uniform %s1, %shape : tensor<1xi64> -> tensor<?xf32>
  %r = symc.add %a#1, %b#1 : tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// Tests that a chained draw (from the state the first returned) is a new
// draw.
// CHECK-LABEL: func.func @chained
// CHECK:         %[[SA:.*]], %[[A:.*]] = symc.random_normal %{{.*}}, %{{.*}}
// CHECK:         %{{.*}}, %[[B:.*]] = symc.random_normal %[[SA]], %{{.*}}
// CHECK:         symc.sub %[[A]], %[[B]]
func.func @chained(%s: tensor<3xi64>, %shape: tensor<1xi64>) -> tensor<?xf64> {
  %a:2 = symc.random_normal %s, %shape : tensor<1xi64> -> tensor<?xf64>
  %b:2 = symc.random_normal %a#0, %shape : tensor<1xi64> -> tensor<?xf64>
  %r = symc.sub %a#1, %b#1 : tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// Tests that two draws from the same state merge (the same numbers).
// CHECK-LABEL: func.func @same_state
// CHECK:         %{{.*}}, %[[A:.*]] = symc.random_uniform
// CHECK-NOT:     symc.random_uniform
// CHECK:         symc.add %[[A]], %[[A]]
func.func @same_state(%s: tensor<3xi64>, %shape: tensor<1xi64>) -> tensor<?xf32> {
  %a:2 = symc.random_uniform %s, %shape : tensor<1xi64> -> tensor<?xf32>
  %b:2 = symc.random_uniform %s, %shape : tensor<1xi64> -> tensor<?xf32>
  %r = symc.add %a#1, %b#1 : tensor<?xf32>
  return %r : tensor<?xf32>
}
