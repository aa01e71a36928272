// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the neural-network ops: softmax family, crossentropies with
// label and one-hot targets, the fused crossentropy of softmax and its
// gradient, conv2d in every border mode with its gradients, and pooling.

// Tests that softmax and log_softmax round-trip with their axis.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x10xf32>)
// CHECK:         %[[S:.*]] = symc.softmax %[[X]] axis = 1 : tensor<?x10xf32>
// CHECK:         %[[L:.*]] = symc.log_softmax %[[S]] axis = 0 : tensor<?x10xf32>
// CHECK:         return %[[L]]
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = symc.softmax %x axis = 1 : tensor<?x10xf32>
  %1 = symc.log_softmax %0 axis = 0 : tensor<?x10xf32>
  return %1 : tensor<?x10xf32>
}

// -----

// Tests that the crossentropies take an i64 label vector or a one-hot matrix,
// and the gradient of the fused op.
// CHECK-LABEL: func.func @crossentropy
// CHECK-SAME:    (%[[P:.*]]: tensor<?x10xf64>, %[[Y:.*]]: tensor<?xi64>, %[[T:.*]]: tensor<?x10xf64>, %[[G:.*]]: tensor<?xf64>)
// CHECK:         %[[C0:.*]] = symc.categorical_crossentropy %[[P]], %[[Y]] : tensor<?x10xf64>, tensor<?xi64>
// CHECK:         %[[C1:.*]] = symc.categorical_crossentropy %[[P]], %[[T]] : tensor<?x10xf64>, tensor<?x10xf64>
// CHECK:         %[[F:.*]] = symc.crossentropy_softmax %[[P]], %[[Y]] : tensor<?x10xf64>, tensor<?xi64>
// CHECK:         %[[D:.*]] = symc.crossentropy_softmax_grad %[[G]], %[[P]], %[[T]] : tensor<?xf64>, tensor<?x10xf64>, tensor<?x10xf64>
// CHECK:         return %[[C0]], %[[C1]], %[[F]], %[[D]] : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?x10xf64>
func.func @crossentropy(%p: tensor<?x10xf64>, %y: tensor<?xi64>, %t: tensor<?x10xf64>, %g: tensor<?xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?x10xf64>) {
  %0 = symc.categorical_crossentropy %p, %y : tensor<?x10xf64>, tensor<?xi64>
  %1 = symc.categorical_crossentropy %p, %t : tensor<?x10xf64>, tensor<?x10xf64>
  %2 = symc.crossentropy_softmax %p, %y : tensor<?x10xf64>, tensor<?xi64>
  %3 = symc.crossentropy_softmax_grad %g, %p, %t : tensor<?xf64>, tensor<?x10xf64>, tensor<?x10xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?x10xf64>
}

// -----

// Tests that conv2d infers its output sizes in each border mode, with strides,
// dilation and flip.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x32x32xf32>, %[[W:.*]]: tensor<8x3x5x5xf32>)
// CHECK:         %[[V:.*]] = symc.conv2d %[[X]], %[[W]] border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] flip : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
// CHECK:         %[[F:.*]] = symc.conv2d %[[X]], %[[W]] border_mode = full padding = [0, 0] strides = [1, 1] dilation = [1, 1] : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
// CHECK:         %[[H:.*]] = symc.conv2d %[[X]], %[[W]] border_mode = half padding = [0, 0] strides = [2, 2] dilation = [1, 1] : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
// CHECK:         %[[E:.*]] = symc.conv2d %[[X]], %[[W]] border_mode = explicit padding = [1, 2] strides = [1, 3] dilation = [2, 1] flip : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
// CHECK:         return %[[V]], %[[F]], %[[H]], %[[E]] : tensor<?x8x28x28xf32>, tensor<?x8x36x36xf32>, tensor<?x8x16x16xf32>, tensor<?x8x26x11xf32>
func.func @conv2d(%x: tensor<?x3x32x32xf32>, %w: tensor<8x3x5x5xf32>)
    -> (tensor<?x8x28x28xf32>, tensor<?x8x36x36xf32>, tensor<?x8x16x16xf32>, tensor<?x8x26x11xf32>) {
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] flip
      : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
  %1 = symc.conv2d %x, %w border_mode = full padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
  %2 = symc.conv2d %x, %w border_mode = half padding = [0, 0] strides = [2, 2] dilation = [1, 1]
      : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
  %3 = symc.conv2d %x, %w border_mode = explicit padding = [1, 2] strides = [1, 3] dilation = [2, 1] flip
      : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>
  return %0, %1, %2, %3 : tensor<?x8x28x28xf32>, tensor<?x8x36x36xf32>, tensor<?x8x16x16xf32>, tensor<?x8x26x11xf32>
}

// -----

// Tests that the conv2d gradients round-trip with their spelled result types.
// CHECK-LABEL: func.func @conv2d_grads
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x?x?xf32>, %[[W:.*]]: tensor<8x3x5x5xf32>, %[[DY:.*]]: tensor<?x8x?x?xf32>, %[[S:.*]]: tensor<4xi64>)
// CHECK:         %[[DX:.*]] = symc.conv2d_grad_input %[[DY]], %[[W]], %[[S]] border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] flip : (tensor<?x8x?x?xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<?x3x?x?xf32>
// CHECK:         %[[DW:.*]] = symc.conv2d_grad_filters %[[X]], %[[DY]], %[[S]] border_mode = half padding = [0, 0] strides = [2, 2] dilation = [1, 1] : (tensor<?x3x?x?xf32>, tensor<?x8x?x?xf32>, tensor<4xi64>) -> tensor<8x3x5x5xf32>
// CHECK:         return %[[DX]], %[[DW]]
func.func @conv2d_grads(%x: tensor<?x3x?x?xf32>, %w: tensor<8x3x5x5xf32>, %dy: tensor<?x8x?x?xf32>, %s: tensor<4xi64>)
    -> (tensor<?x3x?x?xf32>, tensor<8x3x5x5xf32>) {
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] flip
      : (tensor<?x8x?x?xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<?x3x?x?xf32>
  %1 = symc.conv2d_grad_filters %x, %dy, %s border_mode = half padding = [0, 0] strides = [2, 2] dilation = [1, 1]
      : (tensor<?x3x?x?xf32>, tensor<?x8x?x?xf32>, tensor<4xi64>) -> tensor<8x3x5x5xf32>
  return %0, %1 : tensor<?x3x?x?xf32>, tensor<8x3x5x5xf32>
}

// -----

// Tests that pool2d round-trips in every mode: with ignore_border the partial edge window is
// dropped (31 -> 15), without it it counts (31 -> 16); padding needs
// ignore_border.
// CHECK-LABEL: func.func @pool2d
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x31x32xf32>)
// CHECK:         %[[M:.*]] = symc.pool2d %[[X]] mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<?x?x31x32xf32>
// CHECK:         %[[S:.*]] = symc.pool2d %[[X]] mode = sum window = [2, 2] strides = [2, 2] padding = [0, 0] : tensor<?x?x31x32xf32>
// CHECK:         %[[I:.*]] = symc.pool2d %[[X]] mode = average_inc_pad window = [3, 3] strides = [1, 1] padding = [1, 1] ignore_border : tensor<?x?x31x32xf32>
// CHECK:         %[[E:.*]] = symc.pool2d %[[X]] mode = average_exc_pad window = [3, 2] strides = [3, 1] padding = [0, 0] : tensor<?x?x31x32xf32>
// CHECK:         return %[[M]], %[[S]], %[[I]], %[[E]] : tensor<?x?x15x16xf32>, tensor<?x?x16x16xf32>, tensor<?x?x31x32xf32>, tensor<?x?x11x31xf32>
func.func @pool2d(%x: tensor<?x?x31x32xf32>)
    -> (tensor<?x?x15x16xf32>, tensor<?x?x16x16xf32>, tensor<?x?x31x32xf32>, tensor<?x?x11x31xf32>) {
  %0 = symc.pool2d %x mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<?x?x31x32xf32>
  %1 = symc.pool2d %x mode = sum window = [2, 2] strides = [2, 2] padding = [0, 0] : tensor<?x?x31x32xf32>
  %2 = symc.pool2d %x mode = average_inc_pad window = [3, 3] strides = [1, 1] padding = [1, 1] ignore_border : tensor<?x?x31x32xf32>
  %3 = symc.pool2d %x mode = average_exc_pad window = [3, 2] strides = [3, 1] padding = [0, 0] : tensor<?x?x31x32xf32>
  return %0, %1, %2, %3 : tensor<?x?x15x16xf32>, tensor<?x?x16x16xf32>, tensor<?x?x31x32xf32>, tensor<?x?x11x31xf32>
}

// -----

// Tests that pool2d_grad takes a grad_output of the forward result's shape.
// CHECK-LABEL: func.func @pool2d_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x32x32xf64>, %[[DY:.*]]: tensor<?x3x16x16xf64>)
// CHECK:         %[[DX:.*]] = symc.pool2d_grad %[[X]], %[[DY]] mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<?x3x32x32xf64>, tensor<?x3x16x16xf64>
// CHECK:         return %[[DX]] : tensor<?x3x32x32xf64>
func.func @pool2d_grad(%x: tensor<?x3x32x32xf64>, %dy: tensor<?x3x16x16xf64>) -> tensor<?x3x32x32xf64> {
  %0 = symc.pool2d_grad %x, %dy mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border
      : tensor<?x3x32x32xf64>, tensor<?x3x16x16xf64>
  return %0 : tensor<?x3x32x32xf64>
}
