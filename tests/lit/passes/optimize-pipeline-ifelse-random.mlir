// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-optimize-pipeline)' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-fast-compile-pipeline)' | FileCheck %s

// symc-optimize-pipeline and symc-fast-compile-pipeline keep the lazy
// conditional and the random draws: the regions of symc.ifelse stay regions
// (each branch's work inside its branch), and CSE never merges two draws
// from different generator states.

// Tests that both regions survive with their work inside them.
// CHECK-LABEL: func.func @ifelse_survives
// CHECK:         symc.ifelse %{{.*}} -> (tensor<?xf64>) {
// CHECK:           symc.exp
// CHECK:           symc.yield
// CHECK:         } else {
// CHECK-NOT:       symc.exp
// CHECK:           symc.subtensor
// CHECK:           symc.yield
// CHECK:         }
func.func @ifelse_survives(%c: tensor<i1>, %x: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.ifelse %c -> (tensor<?xf64>) {
    %e = symc.exp %x : tensor<?xf64>
    symc.yield %e : tensor<?xf64>
  } else {
    %s = symc.subtensor %x[10:] : tensor<?xf64>
    symc.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that two draws from two states stay two draws, and that both next
// states are still returned.
// CHECK-LABEL: func.func @two_draws
// CHECK-SAME:    (%[[S0:.*]]: tensor<3xi64>, %[[S1:.*]]: tensor<3xi64>)
// CHECK-DAG:     %[[N0:.*]], %[[A:.*]] = symc.random_uniform %[[S0]]
// CHECK-DAG:     %[[N1:.*]], %[[B:.*]] = symc.random_uniform %[[S1]]
// CHECK:         symc.sub %[[A]], %[[B]]
// CHECK:         return %{{.*}}, %[[N0]], %[[N1]]
func.func @two_draws(%s0: tensor<3xi64>, %s1: tensor<3xi64>) -> (tensor<4xf64>, tensor<3xi64>, tensor<3xi64>) {
  %shape = symc.constant dense<4> : tensor<1xi64>
  %a:2 = symc.random_uniform %s0, %shape : tensor<1xi64> -> tensor<4xf64>
  %b:2 = symc.random_uniform %s1, %shape : tensor<1xi64> -> tensor<4xf64>
  %d = symc.sub %a#1, %b#1 : tensor<4xf64>
  return %d, %a#0, %b#0 : tensor<4xf64>, tensor<3xi64>, tensor<3xi64>
}
