// RUN: symc-opt %s --split-input-file --resolve-ranked-shaped-type-result-dims --canonicalize --cse | FileCheck %s

// reifyResultShapes of the symc ops, seen through upstream
// --resolve-ranked-shaped-type-result-dims: tensor.dim of a result becomes
// the run-time computation of that size from the operands (the lowering
// allocates results with the same sizes).

// Tests that a broadcast dimension takes its size from the operand where it
// is dynamic (the other operand's static 1 broadcasts).
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    (%[[A:.*]]: tensor<?x1xf32>, %[[B:.*]]: tensor<1x?xf32>)
// CHECK-DAG:     %[[D0:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1xf32>
// CHECK-DAG:     %[[D1:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<1x?xf32>
// CHECK-NOT:     symc.add
// CHECK:         return %[[D0]], %[[D1]]
func.func @elementwise(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = symc.add %a, %b : tensor<?x1xf32>, tensor<1x?xf32>
  %d0 = tensor.dim %0, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %0, %c1 : tensor<?x?xf32>
  return %d0, %d1 : index, index
}

// -----

// Tests that reductions and products reify from their operands' sizes.
// CHECK-LABEL: func.func @reduce_and_dot
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[V:.*]]: tensor<?xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[R:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK-DAG:     %[[M:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         return %[[R]], %[[M]]
func.func @reduce_and_dot(%x: tensor<?x?xf32>, %v: tensor<?xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %0 = symc.reduce_max %x axes = [0] : tensor<?x?xf32>
  %1 = symc.dot %x, %v : tensor<?x?xf32>, tensor<?xf32>
  %d0 = tensor.dim %0, %c0 : tensor<?xf32>
  %d1 = tensor.dim %1, %c0 : tensor<?xf32>
  return %d0, %d1 : index, index
}

// -----

// Tests that a slice with a run-time start and a negative step reifies to
// Python's length: start clamped, then (start + 1 - 1) // 2 + 1, or 0.
// CHECK-LABEL: func.func @slice
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[I:.*]]: tensor<i64>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]]
// CHECK:         %[[E:.*]] = tensor.extract %[[I]][]
// CHECK:         %[[S:.*]] = arith.index_cast %[[E]]
// CHECK:         %[[Q:.*]] = arith.divui %{{.*}}, %{{.*}} : index
// CHECK:         %[[L:.*]] = arith.addi %[[Q]], %{{.*}} : index
// CHECK:         %[[R:.*]] = arith.select %{{.*}}, %{{.*}}, %[[L]] : index
// CHECK:         return %[[R]]
func.func @slice(%x: tensor<?xf32>, %i: tensor<i64>) -> index {
  %c0 = arith.constant 0 : index
  %0 = symc.subtensor %x[%i::-2] : tensor<?xf32>
  %d0 = tensor.dim %0, %c0 : tensor<?xf32>
  return %d0 : index
}

// -----

// Tests that a reshape's -1 entry reifies to numel / product(other entries).
// CHECK-LABEL: func.func @reshape
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]]
// CHECK:         %[[NUMEL:.*]] = arith.muli %[[N]], %{{.*}} : index
// CHECK:         %[[Q:.*]] = arith.divsi %[[NUMEL]], %{{.*}} : index
// CHECK:         %[[R:.*]] = arith.select %{{.*}}, %[[Q]], %{{.*}} : index
// CHECK:         return %[[R]]
func.func @reshape(%x: tensor<?x4xf32>, %s: tensor<2xi64>) -> index {
  %c1 = arith.constant 1 : index
  %0 = symc.reshape %x, %s : (tensor<?x4xf32>, tensor<2xi64>) -> tensor<2x?xf32>
  %d = tensor.dim %0, %c1 : tensor<2x?xf32>
  return %d : index
}

// -----

// Tests that concatenation sums the sizes along its axis.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[A:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[A]]
// CHECK:         %[[R:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK:         return %[[R]]
func.func @concatenate(%a: tensor<?xf32>, %b: tensor<3xf32>) -> index {
  %c0 = arith.constant 0 : index
  %0 = symc.concatenate %a, %b axis = 0 : tensor<?xf32>, tensor<3xf32>
  %d = tensor.dim %0, %c0 : tensor<?xf32>
  return %d : index
}

// -----

// Tests that pooling without ignore_border reifies Theano's output size:
// (rows - 1 - window + stride) // stride + 1, at least 1 for a non-empty input.
// CHECK-LABEL: func.func @pool
// CHECK-SAME:    (%[[X:.*]]: tensor<1x1x?x8xf32>)
// CHECK-DAG:     %[[CM2:.*]] = arith.constant -2 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK:         %[[LAST:.*]] = arith.addi %[[N]], %[[CM2]] : index
// CHECK:         arith.divsi %{{.*}}, %[[C2]] : index
// CHECK:         return
func.func @pool(%x: tensor<1x1x?x8xf32>) -> index {
  %c2 = arith.constant 2 : index
  %0 = symc.pool2d %x mode = max window = [3, 3] strides = [2, 2] padding = [0, 0] : tensor<1x1x?x8xf32>
  %d = tensor.dim %0, %c2 : tensor<1x1x?x4xf32>
  return %d : index
}

// -----

// Tests that eye and integer arange reify from their scalar operands.
// CHECK-LABEL: func.func @eye_arange
// CHECK-SAME:    (%[[N:.*]]: tensor<i64>, %[[M:.*]]: tensor<i64>)
// CHECK-DAG:     %[[EN:.*]] = tensor.extract %[[N]][]
// CHECK-DAG:     %[[EM:.*]] = tensor.extract %[[M]][]
// CHECK-DAG:     %[[ROWS:.*]] = arith.index_cast %[[EN]]
// CHECK-DAG:     %[[COLS:.*]] = arith.index_cast %[[EM]]
// CHECK:         %[[LEN:.*]] = arith.ceildivsi
// CHECK:         %[[CLAMPED:.*]] = arith.maxsi %[[LEN]]
// CHECK:         return %[[ROWS]], %[[COLS]], %[[CLAMPED]]
func.func @eye_arange(%n: tensor<i64>, %m: tensor<i64>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = symc.eye %n, %m, %n : tensor<?x?xf32>
  %1 = symc.arange %n, %m, %n : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
  %d0 = tensor.dim %0, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %0, %c1 : tensor<?x?xf32>
  %d2 = tensor.dim %1, %c0 : tensor<?xi64>
  return %d0, %d1, %d2 : index, index, index
}
