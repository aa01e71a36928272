// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise))' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise{max-ops=3}))' | FileCheck %s --check-prefix=CAP

// symc-group-elementwise: elementwise symc ops over the same sizes become
// symc.fused_elementwise ops holding them on rank-0 tensors.

// Tests B4's step: a chain and a sibling over the same input (sin(x) joins
// the group of tanh(x) although it takes nothing from it); the broadcast
// constant is an input; only the last value is a result.
// CHECK-LABEL: func.func @b4_step
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[C:.*]] = symc.constant
// CHECK:         %[[R:.*]] = symc.fused_elementwise(%[[X]], %[[C]]) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
// CHECK:         ^bb0(%[[A:.*]]: tensor<f64>, %[[B:.*]]: tensor<f64>):
// CHECK:           %[[T:.*]] = symc.tanh %[[A]] : tensor<f64>
// CHECK:           %[[M:.*]] = symc.mul %[[T]], %[[B]] : tensor<f64>
// CHECK:           %[[S:.*]] = symc.sin %[[A]] : tensor<f64>
// CHECK:           %[[Y:.*]] = symc.add %[[M]], %[[S]] : tensor<f64>
// CHECK:           %[[T2:.*]] = symc.tanh %[[Y]] : tensor<f64>
// CHECK:           symc.yield %[[T2]] : tensor<f64>
// CHECK:         }
// CHECK-NEXT:    return %[[R]]
// CAP-LABEL:   func.func @b4_step
// CAP:           symc.fused_elementwise
// CAP-COUNT-3:     symc.{{tanh|mul|sin}}
// CAP:             symc.yield
// CAP-NOT:         symc.add
// CAP:           }
// CAP-NEXT:      %[[ADD:.*]] = symc.fused_elementwise
// CAP:             symc.add
// CAP:             symc.tanh
// CAP:             symc.yield
func.func @b4_step(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %m = symc.mul %t, %c : tensor<?xf64>, tensor<1xf64>
  %s = symc.sin %x : tensor<?xf64>
  %y = symc.add %m, %s : tensor<?xf64>
  %t2 = symc.tanh %y : tensor<?xf64>
  return %t2 : tensor<?xf64>
}

// -----

// Tests that values used outside the group become results (a producer with
// several uses stays inside when all of them are), and that the fused op
// takes the place of the last member, before the first outside use.
// CHECK-LABEL: func.func @multi_use
// CHECK-SAME:    (%[[X:.*]]: tensor<4x?xf32>)
// CHECK:         %[[R:.*]]:2 = symc.fused_elementwise(%[[X]]) : (tensor<4x?xf32>) -> (tensor<4x?xf32>, tensor<4x?xi1>) {
// CHECK:           %[[E:.*]] = symc.exp
// CHECK:           %[[Q:.*]] = symc.mul %[[E]], %[[E]]
// CHECK:           %[[L:.*]] = symc.lt %[[E]], %[[Q]]
// CHECK:           symc.yield %[[E]], %[[L]] : tensor<f32>, tensor<i1>
// CHECK:         %[[S:.*]] = symc.reduce_sum %[[R]]#0
// CHECK:         return %[[S]], %[[R]]#1
func.func @multi_use(%x: tensor<4x?xf32>) -> (tensor<4xf32>, tensor<4x?xi1>) {
  %e = symc.exp %x : tensor<4x?xf32>
  %q = symc.mul %e, %e : tensor<4x?xf32>
  %l = symc.lt %e, %q : tensor<4x?xf32>
  %s = symc.reduce_sum %e axes = [1] : tensor<4x?xf32>
  return %s, %l : tensor<4xf32>, tensor<4x?xi1>
}

// -----

// Tests that a reduction in between closes the group: the ops after it
// form a group of their own (the reduction needs the first group's value
// before they run), and the single op left alone is not wrapped.
// CHECK-LABEL: func.func @reduction_between
// CHECK:         %[[G:.*]] = symc.fused_elementwise
// CHECK:           symc.exp
// CHECK:           symc.log
// CHECK:         %[[S:.*]] = symc.reduce_sum %[[G]]
// CHECK:         symc.fused_elementwise(%[[G]], %[[S]]
// CHECK:           symc.sub
// CHECK:           symc.sqr
// CHECK:         %[[N:.*]] = symc.neg %[[S]] : tensor<1xf64>
// CHECK:         return
func.func @reduction_between(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<1xf64>) {
  %e = symc.exp %x : tensor<?xf64>
  %l = symc.log %e : tensor<?xf64>
  %s = symc.reduce_sum %l axes = [0] keepdims : tensor<?xf64>
  %d = symc.sub %l, %s : tensor<?xf64>, tensor<1xf64>
  %q = symc.sqr %d : tensor<?xf64>
  %n = symc.neg %s : tensor<1xf64>
  return %q, %n : tensor<?xf64>, tensor<1xf64>
}

// -----

// Tests that ops of different shapes, or of the same type but sizes read
// from different values, do not group: y may have another length than x.
// CHECK-LABEL: func.func @different_sizes
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?x?xf64>)
// CHECK:         %[[A:.*]] = symc.fused_elementwise(%[[X]])
// CHECK:           symc.exp
// CHECK:           symc.log
// CHECK:         %[[B:.*]] = symc.fused_elementwise(%[[Y]])
// CHECK:           symc.sin
// CHECK:           symc.cos
// CHECK:         %[[C:.*]] = symc.fused_elementwise(%[[Z]])
// CHECK:           symc.tanh
// CHECK:           symc.sqr
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @different_sizes(%x: tensor<?xf64>, %y: tensor<?xf64>, %z: tensor<?x?xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>) {
  %a = symc.exp %x : tensor<?xf64>
  %b = symc.sin %y : tensor<?xf64>
  %c = symc.tanh %z : tensor<?x?xf64>
  %a2 = symc.log %a : tensor<?xf64>
  %b2 = symc.cos %b : tensor<?xf64>
  %c2 = symc.sqr %c : tensor<?x?xf64>
  return %a2, %b2, %c2 : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>
}

// -----

// Tests that an op reading values of two groups with different sizes
// joins neither: it broadcasts a row against a column (its sizes are the
// row's along one dimension and the column's along the other).
// CHECK-LABEL: func.func @outer_broadcast
// CHECK:         %[[R:.*]] = symc.fused_elementwise
// CHECK:           symc.exp
// CHECK:           symc.sqr
// CHECK:         %[[C:.*]] = symc.fused_elementwise
// CHECK:           symc.log
// CHECK:           symc.neg
// CHECK:         %[[O:.*]] = symc.add %[[R]], %[[C]] : tensor<1x?xf64>, tensor<?x1xf64>
// CHECK:         return %[[O]]
func.func @outer_broadcast(%row: tensor<1x?xf64>, %col: tensor<?x1xf64>) -> tensor<?x?xf64> {
  %e = symc.exp %row : tensor<1x?xf64>
  %r = symc.sqr %e : tensor<1x?xf64>
  %l = symc.log %col : tensor<?x1xf64>
  %c = symc.neg %l : tensor<?x1xf64>
  %o = symc.add %r, %c : tensor<1x?xf64>, tensor<?x1xf64>
  return %o : tensor<?x?xf64>
}

// -----

// Tests that an op reading a group of other sizes (a row broadcast over a
// matrix) closes that group and joins the group of its own sizes, and that
// groups form inside loop bodies (blocks of other ops).
// CHECK-LABEL: func.func @broadcast_row_and_nested
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8xf32>, %[[ROW:.*]]: tensor<1x8xf32>
// CHECK:         %[[A:.*]] = symc.fused_elementwise(%[[ROW]]) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// CHECK:           symc.abs
// CHECK:           symc.sqrt
// CHECK:         %[[M:.*]] = symc.fused_elementwise(%[[X]], %[[A]]) : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
// CHECK:           symc.exp
// CHECK:           symc.mul
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[M]])
// CHECK:           symc.fused_elementwise(%[[ACC]], %[[X]])
// CHECK:             symc.mul
// CHECK:             symc.add
// CHECK:           scf.yield
func.func @broadcast_row_and_nested(%x: tensor<4x8xf32>, %row: tensor<1x8xf32>, %n: index) -> tensor<4x8xf32> {
  %e = symc.exp %x : tensor<4x8xf32>
  %a = symc.abs %row : tensor<1x8xf32>
  %s = symc.sqrt %a : tensor<1x8xf32>
  %m = symc.mul %e, %s : tensor<4x8xf32>, tensor<1x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %m) -> tensor<4x8xf32> {
    %p = symc.mul %acc, %acc : tensor<4x8xf32>
    %q = symc.add %p, %x : tensor<4x8xf32>
    scf.yield %q : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}
