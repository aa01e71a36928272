// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg lowers softmax & co with a max shift, checks
// crossentropy labels before they index, and lowers conv2d and pooling to
// loop nests over padded (conv) or guarded (pooling) reads.

// Tests softmax along axis 1: a max reduction, a sum of exp(x - max), then
// exp(x - max) / sum, the row statistics read through the reduced map.
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x?xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MAX]] : tensor<?x?xf32>, tensor<?xf32>)
// CHECK:           arith.subf
// CHECK:           math.exp
// CHECK:           arith.addf {{.*}} fastmath<reassoc>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[ROW]], #[[ROW]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] :
// CHECK:           %[[SH:.*]] = arith.subf
// CHECK:           %[[E:.*]] = math.exp %[[SH]]
// CHECK:           arith.divf %[[E]]
func.func @softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.softmax %x axis = 1 : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests log_softmax along axis 1: (x - max) - log(sum(exp(x - max))), the
// log taken once per row and never added to the max first (that rounds at
// the magnitude of the max).
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x?xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MAX]] :
// CHECK:         %[[LS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<?xf32>)
// CHECK:           math.log
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[ROW]], #[[ROW]], #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[LS]] :
// CHECK:         ^bb0(%[[XI:.*]]: f32, %[[M:.*]]: f32, %[[L:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SH:.*]] = arith.subf %[[XI]], %[[M]] : f32
// CHECK-NEXT:      %[[R:.*]] = arith.subf %[[SH]], %[[L]] : f32
// CHECK-NEXT:      linalg.yield %[[R]]
func.func @log_softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.log_softmax %x axis = 1 : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests crossentropy of softmax with labels: the label count is checked
// against the rows and every label against the class count (one min/max
// reduction) before a label indexes the logits.
// CHECK-LABEL: func.func @crossentropy_labels
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[Y:.*]]: tensor<?xi64>)
// CHECK:         symc.check %{{.*}}, "symc.crossentropy_softmax at {{.*}}: target has {0} rows but the input has {1}"
// CHECK:         linalg.generic {{.*}} ins(%[[Y]] : tensor<?xi64>)
// CHECK:           arith.minsi
// CHECK:           arith.maxsi
// CHECK:         symc.check %{{.*}}, "symc.crossentropy_softmax at {{.*}}: label {0} is out of range for {1} classes"
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x?xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MAX]] :
// CHECK:         %[[LS:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
// CHECK:           math.log
// CHECK:         linalg.generic {{.*}} ins(%[[Y]], %[[MAX]], %[[LS]] : tensor<?xi64>, tensor<?xf32>, tensor<?xf32>)
// CHECK:         ^bb0(%{{.*}}: i64, %[[M:.*]]: f32, %[[L:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[J:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[V:.*]] = tensor.extract %[[X]][%{{.*}}, %[[J]]] : tensor<?x?xf32>
// CHECK:           %[[SH:.*]] = arith.subf %[[V]], %[[M]] : f32
// CHECK:           arith.subf %[[L]], %[[SH]] : f32
func.func @crossentropy_labels(%x: tensor<?x?xf32>, %y: tensor<?xi64>) -> tensor<?xf32> {
  %0 = symc.crossentropy_softmax %x, %y : tensor<?x?xf32>, tensor<?xi64>
  return %0 : tensor<?xf32>
}

// -----

// Tests conv2d with half padding, strides, dilation and flip: the input is
// zero-padded, the filters turned by 180 degrees, and one generic sums over
// (c, kh, kw) with the output columns innermost.
// CHECK-DAG:   #[[XMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d5 * 2 + d3, d6 + d4 * 2)>
// CHECK-DAG:   #[[WMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d3, d4)>
// CHECK-DAG:   #[[YMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d5, d6)>
// CHECK-LABEL: func.func @conv2d_half_strided_dilated
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x?x?xf32>, %[[W:.*]]: tensor<8x3x5x5xf32>)
// CHECK:         %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, %{{.*}}, %{{.*}}] high[0, 0, %{{.*}}, %{{.*}}]
// CHECK:         %[[WF:.*]] = linalg.generic
// CHECK:           arith.subi
// CHECK:           tensor.extract %[[W]]
// CHECK:         linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[YMAP]]], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[XP]], %[[WF]] :
// CHECK:           arith.mulf
// CHECK:           arith.addf {{.*}} fastmath<reassoc>
func.func @conv2d_half_strided_dilated(%x: tensor<?x3x?x?xf32>, %w: tensor<8x3x5x5xf32>) -> tensor<?x8x?x?xf32> {
  %0 = symc.conv2d %x, %w border_mode = half padding = [0, 0] strides = [2, 1] dilation = [1, 2] flip : tensor<?x3x?x?xf32>, tensor<8x3x5x5xf32>
  return %0 : tensor<?x8x?x?xf32>
}

// -----

// Tests that a valid cross-correlation with matching static channels needs
// neither padding nor flipping nor a check.
// CHECK-LABEL: func.func @conv2d_valid_no_flip
// CHECK-NOT:     tensor.pad
// CHECK-NOT:     symc.check
// CHECK:         linalg.generic
// CHECK-NOT:     tensor.extract
// CHECK:         return
func.func @conv2d_valid_no_flip(%x: tensor<2x3x9x9xf64>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x7x7xf64> {
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] : tensor<2x3x9x9xf64>, tensor<4x3x3x3xf64>
  return %0 : tensor<2x4x7x7xf64>
}

// -----

// Tests max pooling: the window loops take their bounds from a tensor of
// the window's shape; reads outside the input are clamped and ignored.
// CHECK-DAG:   #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x?x?xf64>)
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         linalg.fill ins(%[[NEGINF]] : f64)
// CHECK:         %[[WSHAPE:.*]] = tensor.empty() : tensor<2x2xf64>
// CHECK:         linalg.generic {indexing_maps = [#[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[WSHAPE]] : tensor<2x2xf64>)
// CHECK:           arith.andi
// CHECK:           arith.andi
// CHECK:           %[[INSIDE:.*]] = arith.andi
// CHECK:           %[[V:.*]] = tensor.extract %[[X]]
// CHECK:           %[[M:.*]] = arith.maximumf %{{.*}}, %[[V]] : f64
// CHECK:           arith.select %[[INSIDE]], %[[M]], %{{.*}} : f64
func.func @max_pool(%x: tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64> {
  %0 = symc.pool2d %x mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<?x?x?x?xf64>
  return %0 : tensor<?x?x?x?xf64>
}

// -----

// Tests the max-pooling gradient: loops over the output gradient find the
// first maximal input of each window and add the gradient there.
// CHECK-LABEL: func.func @max_pool_grad
// CHECK:         symc.check %{{.*}}, "symc.pool2d_grad at {{.*}}: grad_output has size {0} along dimension 0 but pooling the input gives {1}"
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[BEST:.*]]:3 = scf.for
// CHECK:               scf.for
// CHECK:                 arith.cmpf ogt
// CHECK:           tensor.extract %{{.*}}[%[[BEST]]#1, %[[BEST]]#2]
// CHECK:           arith.addf
// CHECK:           tensor.insert
func.func @max_pool_grad(%x: tensor<?x?xf32>, %dy: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.pool2d_grad %x, %dy mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
