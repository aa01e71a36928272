// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{max-ops=7}))' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{max-ops=7 periodic=false}))' | FileCheck %s --check-prefix=OFF

// symc-group-elementwise's periodic cuts: a stretch of ops that repeats
// with a period p (here exp, neg, sin: p = 3) over at least two cut lengths
// is cut every p * 2^k positions, the most that max-ops allows (7: 6 = two
// steps), so that every group holds the same steps and equal groups make
// equal kernels. max-ops alone cuts every 7 ops, across steps.

// Tests a periodic chain of 5 steps: groups of two whole steps, equal
// bodies, and the last step alone. The first exp reads the function's
// argument (not the previous step): the run begins after it, and the group
// open there sets the phase.
// CHECK-LABEL: func.func @periodic_chain
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G0:.*]] = symc.fused_elementwise(%[[X]]) : (tensor<?xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A0:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[E0:.*]] = symc.exp %[[A0]] : tensor<f64>
// CHECK-NEXT:      %[[N0:.*]] = symc.neg %[[E0]] : tensor<f64>
// CHECK-NEXT:      %[[S0:.*]] = symc.sin %[[N0]] : tensor<f64>
// CHECK-NEXT:      %[[E1:.*]] = symc.exp %[[S0]] : tensor<f64>
// CHECK-NEXT:      %[[N1:.*]] = symc.neg %[[E1]] : tensor<f64>
// CHECK-NEXT:      %[[S1:.*]] = symc.sin %[[N1]] : tensor<f64>
// CHECK-NEXT:      symc.yield %[[S1]] : tensor<f64>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[G1:.*]] = symc.fused_elementwise(%[[G0]]) : (tensor<?xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A1:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[E2:.*]] = symc.exp %[[A1]] : tensor<f64>
// CHECK-NEXT:      %[[N2:.*]] = symc.neg %[[E2]] : tensor<f64>
// CHECK-NEXT:      %[[S2:.*]] = symc.sin %[[N2]] : tensor<f64>
// CHECK-NEXT:      %[[E3:.*]] = symc.exp %[[S2]] : tensor<f64>
// CHECK-NEXT:      %[[N3:.*]] = symc.neg %[[E3]] : tensor<f64>
// CHECK-NEXT:      %[[S3:.*]] = symc.sin %[[N3]] : tensor<f64>
// CHECK-NEXT:      symc.yield %[[S3]] : tensor<f64>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[G2:.*]] = symc.fused_elementwise(%[[G1]]) : (tensor<?xf64>) -> tensor<?xf64> {
// CHECK-NEXT:    ^bb0(%[[A2:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[E4:.*]] = symc.exp %[[A2]] : tensor<f64>
// CHECK-NEXT:      %[[N4:.*]] = symc.neg %[[E4]] : tensor<f64>
// CHECK-NEXT:      %[[S4:.*]] = symc.sin %[[N4]] : tensor<f64>
// CHECK-NEXT:      symc.yield %[[S4]] : tensor<f64>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[G2]]
// Tests that periodic=false keeps max-ops' cuts: 7 ops, then 7 across
// the steps, and the last sin alone (not wrapped).
// OFF-LABEL:   func.func @periodic_chain
// OFF:           %[[G0:.*]] = symc.fused_elementwise
// OFF-COUNT-7:     symc.{{exp|neg|sin}}
// OFF-NEXT:        symc.yield
// OFF:           %[[G1:.*]] = symc.fused_elementwise(%[[G0]])
// OFF-NEXT:      ^bb0(%[[A:.*]]: tensor<f64>):
// OFF-NEXT:        symc.neg %[[A]]
// OFF-COUNT-6:     symc.{{exp|neg|sin}}
// OFF-NEXT:        symc.yield
// OFF:           %[[S:.*]] = symc.sin %[[G1]] : tensor<?xf64>
// OFF-NEXT:      return %[[S]]
func.func @periodic_chain(%x: tensor<?xf64>) -> tensor<?xf64> {
  %a1 = symc.exp %x : tensor<?xf64>
  %b1 = symc.neg %a1 : tensor<?xf64>
  %c1 = symc.sin %b1 : tensor<?xf64>
  %a2 = symc.exp %c1 : tensor<?xf64>
  %b2 = symc.neg %a2 : tensor<?xf64>
  %c2 = symc.sin %b2 : tensor<?xf64>
  %a3 = symc.exp %c2 : tensor<?xf64>
  %b3 = symc.neg %a3 : tensor<?xf64>
  %c3 = symc.sin %b3 : tensor<?xf64>
  %a4 = symc.exp %c3 : tensor<?xf64>
  %b4 = symc.neg %a4 : tensor<?xf64>
  %c4 = symc.sin %b4 : tensor<?xf64>
  %a5 = symc.exp %c4 : tensor<?xf64>
  %b5 = symc.neg %a5 : tensor<?xf64>
  %c5 = symc.sin %b5 : tensor<?xf64>
  return %c5 : tensor<?xf64>
}

// -----

// Tests that a repeat shorter than two cut lengths (after the first exp,
// 8 ops < 12) is not cut: max-ops' 7 ops, then the last 2.
// CHECK-LABEL: func.func @short_periodic_chain
// CHECK:         %[[G0:.*]] = symc.fused_elementwise
// CHECK-COUNT-7:   symc.{{exp|neg|sin}}
// CHECK-NEXT:      symc.yield
// CHECK:         %[[G1:.*]] = symc.fused_elementwise(%[[G0]])
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<f64>):
// CHECK-NEXT:      %[[N:.*]] = symc.neg %[[A]]
// CHECK-NEXT:      %[[S:.*]] = symc.sin %[[N]]
// CHECK-NEXT:      symc.yield %[[S]]
// OFF-LABEL:   func.func @short_periodic_chain
// OFF-COUNT-2:   symc.fused_elementwise
func.func @short_periodic_chain(%x: tensor<?xf64>) -> tensor<?xf64> {
  %a1 = symc.exp %x : tensor<?xf64>
  %b1 = symc.neg %a1 : tensor<?xf64>
  %c1 = symc.sin %b1 : tensor<?xf64>
  %a2 = symc.exp %c1 : tensor<?xf64>
  %b2 = symc.neg %a2 : tensor<?xf64>
  %c2 = symc.sin %b2 : tensor<?xf64>
  %a3 = symc.exp %c2 : tensor<?xf64>
  %b3 = symc.neg %a3 : tensor<?xf64>
  %c3 = symc.sin %b3 : tensor<?xf64>
  return %c3 : tensor<?xf64>
}

// -----

// Tests that a chain without repeats keeps max-ops' cuts: 7 and 7.
// CHECK-LABEL: func.func @aperiodic_chain
// CHECK:         %[[G0:.*]] = symc.fused_elementwise
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      symc.exp
// CHECK-NEXT:      symc.neg
// CHECK-NEXT:      symc.sin
// CHECK-NEXT:      symc.cos
// CHECK-NEXT:      symc.exp
// CHECK-NEXT:      symc.sin
// CHECK-NEXT:      symc.neg
// CHECK-NEXT:      symc.yield
// CHECK:         %[[G1:.*]] = symc.fused_elementwise(%[[G0]])
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      symc.tanh
// CHECK-COUNT-6:   symc.{{exp|neg|sin|cos|tanh}}
// CHECK-NEXT:      symc.yield
// CHECK:         return %[[G1]]
// OFF-LABEL:   func.func @aperiodic_chain
// OFF-COUNT-2:   symc.fused_elementwise
func.func @aperiodic_chain(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = symc.exp %x : tensor<?xf64>
  %1 = symc.neg %0 : tensor<?xf64>
  %2 = symc.sin %1 : tensor<?xf64>
  %3 = symc.cos %2 : tensor<?xf64>
  %4 = symc.exp %3 : tensor<?xf64>
  %5 = symc.sin %4 : tensor<?xf64>
  %6 = symc.neg %5 : tensor<?xf64>
  %7 = symc.tanh %6 : tensor<?xf64>
  %8 = symc.cos %7 : tensor<?xf64>
  %9 = symc.cos %8 : tensor<?xf64>
  %10 = symc.exp %9 : tensor<?xf64>
  %11 = symc.tanh %10 : tensor<?xf64>
  %12 = symc.neg %11 : tensor<?xf64>
  %13 = symc.sin %12 : tensor<?xf64>
  return %13 : tensor<?xf64>
}
