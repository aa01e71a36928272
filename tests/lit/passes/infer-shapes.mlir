// RUN: symc-opt %s --split-input-file --symc-infer-shapes | FileCheck %s

// symc-infer-shapes re-runs type inference on symc ops, in order, and keeps
// the more static type; users that cannot take the refined type (func.return,
// ops with spelled result types) see the old type through a tensor.cast.

// Tests that a less static result is refined and the return sees a cast.
// CHECK-LABEL: func.func @refine_result
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<1xf32>)
// CHECK:         %[[S:.*]] = symc.add %[[X]], %[[Y]] : tensor<4xf32>, tensor<1xf32>{{$}}
// CHECK:         %[[C:.*]] = tensor.cast %[[S]] : tensor<4xf32> to tensor<?xf32>
// CHECK:         return %[[C]] : tensor<?xf32>
func.func @refine_result(%x: tensor<4xf32>, %y: tensor<1xf32>) -> tensor<?xf32> {
  %0 = symc.add %x, %y : tensor<4xf32>, tensor<1xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that a refinement propagates through symc users (a unary op, a
// reduction) without casts between them.
// CHECK-LABEL: func.func @propagate
// CHECK-SAME:    (%[[X:.*]]: tensor<4x5xf32>)
// CHECK:         %[[M:.*]] = symc.mul %[[X]], %[[X]] : tensor<4x5xf32>{{$}}
// CHECK-NEXT:    %[[E:.*]] = symc.exp %[[M]] : tensor<4x5xf32>
// CHECK-NEXT:    %[[R:.*]] = symc.reduce_sum %[[E]] axes = [1] : tensor<4x5xf32>{{$}}
// CHECK-NEXT:    %[[C:.*]] = tensor.cast %[[R]] : tensor<4xf32> to tensor<?xf32>
// CHECK-NEXT:    return %[[C]] : tensor<?xf32>
func.func @propagate(%x: tensor<4x5xf32>) -> tensor<?xf32> {
  %0 = "symc.mul"(%x, %x) : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<?x5xf32>
  %1 = symc.exp %0 : tensor<?x5xf32>
  %2 = symc.reduce_sum %1 axes = [1] : tensor<?x5xf32>
  return %2 : tensor<?xf32>
}

// -----

// Tests that an op whose result type is spelled (cast) keeps its operand
// type: it gets the old type through a tensor.cast, and is not refined.
// CHECK-LABEL: func.func @spelled_result_user
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>)
// CHECK:         %[[A:.*]] = symc.add %[[X]], %[[X]] : tensor<3xf32>{{$}}
// CHECK:         %[[C:.*]] = tensor.cast %[[A]] : tensor<3xf32> to tensor<?xf32>
// CHECK:         %[[I:.*]] = symc.cast %[[C]] : tensor<?xf32> to tensor<?xi32>
// CHECK:         return %[[I]]
func.func @spelled_result_user(%x: tensor<3xf32>) -> tensor<?xi32> {
  %0 = symc.add %x, %x : tensor<3xf32> -> tensor<?xf32>
  %1 = symc.cast %0 : tensor<?xf32> to tensor<?xi32>
  return %1 : tensor<?xi32>
}

// -----

// Tests that a refinement through several users creates one cast.
// CHECK-LABEL: func.func @one_cast
// CHECK:         %[[D:.*]] = symc.dot
// CHECK-COUNT-1: tensor.cast
// CHECK-NOT:     tensor.cast
// CHECK:         return
func.func @one_cast(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = symc.dot %a, %b : tensor<2x3xf64>, tensor<3xf64> -> tensor<?xf64>
  return %0, %0 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that exactly inferred IR is left unchanged (no casts).
// CHECK-LABEL: func.func @already_exact
// CHECK-NOT:     tensor.cast
// CHECK:         symc.add
// CHECK-NOT:     tensor.cast
// CHECK:         return
func.func @already_exact(%x: tensor<?x4xf32>, %y: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %0 = symc.add %x, %y : tensor<?x4xf32>, tensor<1x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that ops whose result types are spelled (reshape, broadcast_to) are
// not refined, even from a constant shape: inference covers only ops whose
// result type follows from operand types.
// CHECK-LABEL: func.func @spelled_not_refined
// CHECK:         symc.broadcast_to %{{.*}}, %{{.*}} : (tensor<1xf32>, tensor<1xi64>) -> tensor<?xf32>
// CHECK-NOT:     tensor.cast
func.func @spelled_not_refined(%x: tensor<1xf32>) -> tensor<?xf32> {
  %s = symc.constant dense<4> : tensor<1xi64>
  %0 = symc.broadcast_to %x, %s : (tensor<1xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that refinement also works inside nested regions.
// CHECK-LABEL: func.func @nested
// CHECK:         scf.execute_region
// CHECK:           %[[S:.*]] = symc.sqrt %{{.*}} : tensor<2xf32>
// CHECK:           %[[P:.*]] = symc.pow %[[S]], %[[S]] : tensor<2xf32>{{$}}
// CHECK:           %[[C:.*]] = tensor.cast %[[P]] : tensor<2xf32> to tensor<?xf32>
// CHECK:           scf.yield %[[C]]
func.func @nested(%x: tensor<2xf32>) -> tensor<?xf32> {
  %0 = scf.execute_region -> tensor<?xf32> {
    %1 = symc.sqrt %x : tensor<2xf32>
    %2 = symc.pow %1, %1 : tensor<2xf32> -> tensor<?xf32>
    scf.yield %2 : tensor<?xf32>
  }
  return %0 : tensor<?xf32>
}
