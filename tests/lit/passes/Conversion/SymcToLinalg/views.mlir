// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg --canonicalize | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg \
// RUN:   --canonicalize --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// Views: transposes, dimshuffles that add or drop broadcastable axes,
// reshapes of contiguous data and basic slicing cost no copy down to the
// buffers (memref.transpose / collapse_shape / expand_shape / subview).

// Tests that a transposed matrix feeding a BLAS product is read through a
// transposed view of the matrix's buffer: the transposing copy is gone.
// CHECK-LABEL: func.func @dot_of_transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>, %[[Y:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[MX:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK:         %[[T:.*]] = memref.transpose %[[MX]] (d0, d1) -> (d1, d0)
// CHECK:         memref.extract_strided_metadata %[[T]]
// CHECK:         func.call @symc_rt_gemm_f64
// CHECK-NOT:     linalg.generic
// CHECK:         return
// BUF-LABEL: func.func @dot_of_transpose
// BUF-SAME:     (%[[X:.*]]: memref<?x?xf64>, %[[Y:.*]]: memref<?x?xf64>)
// BUF:          memref.transpose %{{.*}} (d0, d1) -> (d1, d0)
// BUF-COUNT-1:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF-NOT:      linalg.generic
// BUF:          return
func.func @dot_of_transpose(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %t = symc.dimshuffle %x [1, 0] : tensor<?x?xf64>
  %0 = symc.dot %t, %y : tensor<?x?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that a transposed matrix used elsewhere too keeps its copy for that
// use, while the product still reads the view.
// CHECK-LABEL: func.func @transpose_also_returned
// CHECK:         %[[COPY:.*]] = linalg.generic
// CHECK:         memref.transpose
// CHECK:         return %{{.*}}, %[[COPY]]
func.func @transpose_also_returned(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %t = symc.dimshuffle %x [1, 0] : tensor<?x?xf64>
  %0 = symc.dot %t, %y : tensor<?x?xf64>, tensor<?x?xf64>
  return %0, %t : tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that a vector-matrix product of a transposed matrix (gemv on the
// view) copies nothing either.
// CHECK-LABEL: func.func @gemv_of_transpose
// CHECK-NOT:     linalg.generic
// CHECK:         memref.transpose
// CHECK:         func.call @symc_rt_gemv_f32
func.func @gemv_of_transpose(%x: tensor<?x?xf32>, %v: tensor<?xf32>) -> tensor<?xf32> {
  %t = symc.dimshuffle %x [1, 0] : tensor<?x?xf32>
  %0 = symc.dot %t, %v : tensor<?x?xf32>, tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that slicing, dimshuffles that only add or drop broadcastable axes
// and a reshape of the result are views: after bufferization the only
// buffer is the copy of the returned view (results never alias inputs).
// BUF-LABEL: func.func @slice_and_reshape
// BUF:          memref.subview
// BUF:          memref.alloc
// BUF-NOT:      memref.alloc
// BUF:          return
func.func @slice_and_reshape(%x: tensor<8x6xf32>) -> tensor<1x4x3xf32> {
  %s = symc.subtensor %x[2:6, ::2] : tensor<8x6xf32>
  %d = symc.dimshuffle %s [x, 0, 1] : tensor<4x3xf32>
  return %d : tensor<1x4x3xf32>
}
