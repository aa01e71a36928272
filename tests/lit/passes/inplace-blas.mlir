// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg --canonicalize --symc-inplace | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg --canonicalize \
// RUN:   --symc-inplace --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace lets gemm/gemv/ger accumulate into their C/y/A operand when
// it dies there and is a buffer of the function, instead of copying it into
// a fresh buffer first.

// Tests that gemm accumulates into a dead temporary C: no allocation and no
// copy for the accumulator; BLAS gets C's own buffer.
// CHECK-LABEL: func.func @gemm_dead_c
// CHECK:         %[[C:.*]] = linalg.generic
// CHECK-NOT:     memref.copy
// CHECK:         %[[CBUF:.*]] = bufferization.to_buffer %[[C]] : tensor<?x?xf64> to memref<?x?xf64>
// CHECK-NOT:     memref.alloc
// CHECK:         call @symc_rt_gemm_f64
// CHECK:         bufferization.to_tensor %[[CBUF]] restrict writable
// BUF-LABEL: func.func @gemm_dead_c
// BUF-COUNT-1:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF-NOT:      memref.copy
// BUF:          return
func.func @gemm_dead_c(%alpha: tensor<f64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %beta: tensor<f64>, %x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c = symc.exp %x : tensor<?x?xf64>
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that a live C (also returned) is copied: the caller sees it unchanged.
// CHECK-LABEL: func.func @gemm_live_c
// CHECK:         memref.alloc
// CHECK:         bufferization.to_buffer %{{.*}} read_only
// CHECK:         memref.copy
func.func @gemm_live_c(%alpha: tensor<f64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %beta: tensor<f64>, %x: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %c = symc.exp %x : tensor<?x?xf64>
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %0, %c : tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that C given by the caller (an input buffer) is never written.
// CHECK-LABEL: func.func @gemm_input_c
// CHECK-SAME:    %[[C:[^:]*]]: tensor<?x?xf32> {bufferization.writable = false})
// CHECK:         bufferization.to_buffer %[[C]] read_only
// CHECK:         memref.copy
func.func @gemm_input_c(%alpha: tensor<f32>, %a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %beta: tensor<f32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that ger accumulates into a dead BLAS result (A = dot(u, v^T) + ...):
// the product's fresh buffer is reused.
// CHECK-LABEL: func.func @ger_into_product
// CHECK:         call @symc_rt_gemm_f64
// CHECK-NOT:     memref.copy
// CHECK:         call @symc_rt_ger_f64
func.func @ger_into_product(%alpha: tensor<f64>, %p: tensor<?x?xf64>, %q: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?x?xf64> {
  %a = symc.dot %p, %q : tensor<?x?xf64>, tensor<?x?xf64>
  %0 = symc.ger %alpha, %x, %y, %a : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests a weight update W <- gemm(alpha, h^T, d, 1, W) with W updated in
// place: the product's size checks (on argument sizes) move above it, no
// check follows it, so BLAS accumulates into W's own buffer; the store at
// the end copies W onto itself and disappears after bufferization.
// CHECK-LABEL: func.func @update_by_gemm
// CHECK-SAME:    %[[W:[^:]*]]: tensor<?x?xf64> {bufferization.writable = true})
// CHECK-COUNT-3: symc.check
// CHECK-NOT:     memref.copy
// CHECK:         %[[WBUF:.*]] = bufferization.to_buffer %[[W]] : tensor<?x?xf64> to memref<?x?xf64>
// CHECK-NOT:     memref.alloc
// CHECK:         call @symc_rt_gemm_f64
// CHECK:         %[[NEW:.*]] = bufferization.to_tensor %[[WBUF]] restrict writable
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %[[W]]
// CHECK-NEXT:    return{{$}}
// BUF-LABEL: func.func @update_by_gemm
// BUF-NOT:      memref.alloc
// BUF-NOT:      memref.copy
// BUF:          return
func.func @update_by_gemm(%alpha: tensor<f64>, %h: tensor<?x?xf64>, %d: tensor<?x?xf64>, %beta: tensor<f64>,
                          %w: tensor<?x?xf64> {symc.inplace_update = 0 : i64}) -> tensor<?x?xf64> {
  %0 = symc.gemm %alpha, %h, %d, %beta, %w {transpose_a} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that a check that cannot move above the product (it reads data)
// keeps W out of BLAS: the product goes to a fresh buffer, copied into W
// after the check.
// CHECK-LABEL: func.func @update_by_gemm_check_after
// CHECK:         memref.alloc
// CHECK:         bufferization.to_buffer %{{.*}} read_only
// CHECK:         memref.copy
// CHECK:         call @symc_rt_gemm_f64
// CHECK:         symc.check %{{.*}}, "data"
// CHECK:         bufferization.materialize_in_destination
func.func @update_by_gemm_check_after(%alpha: tensor<f64>, %h: tensor<?x?xf64>, %d: tensor<?x?xf64>, %beta: tensor<f64>,
                                      %w: tensor<?x?xf64> {symc.inplace_update = 0 : i64}, %flag: tensor<i1>) -> tensor<?x?xf64> {
  %0 = symc.gemm %alpha, %h, %d, %beta, %w {transpose_a} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  %ok = tensor.extract %flag[] : tensor<i1>
  symc.check %ok, "data"
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that W read after the product (its old value is an output) keeps
// BLAS out of W's buffer.
// CHECK-LABEL: func.func @update_by_gemm_old_value_read
// CHECK:         memref.copy
// CHECK:         call @symc_rt_gemm_f64
func.func @update_by_gemm_old_value_read(%alpha: tensor<f64>, %h: tensor<?x?xf64>, %d: tensor<?x?xf64>, %beta: tensor<f64>,
                                         %w: tensor<?x?xf64> {symc.inplace_update = 0 : i64}) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %0 = symc.gemm %alpha, %h, %d, %beta, %w {transpose_a} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  %1 = symc.exp %w : tensor<?x?xf64>
  return %0, %1 : tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests that a check on the size of a computed tensor (b's update reads the
// column sums of %d) is resolved to argument sizes and moves above the
// product: W's update still accumulates into W's buffer.
// CHECK-LABEL: func.func @update_by_gemm_then_reduction_check
// CHECK-SAME:    %[[W:[^:]*]]: tensor<?x?xf64> {bufferization.writable = true}
// CHECK-NOT:     memref.copy
// CHECK:         %[[WBUF:.*]] = bufferization.to_buffer %[[W]] : tensor<?x?xf64> to memref<?x?xf64>
// CHECK:         call @symc_rt_gemm_f64
// CHECK-NOT:     symc.check
// CHECK:         return
// BUF-LABEL: func.func @update_by_gemm_then_reduction_check
// BUF-NOT:      memref.copy
// BUF:          return
func.func @update_by_gemm_then_reduction_check(%alpha: tensor<f64>, %h: tensor<?x?xf64>, %d: tensor<?x?xf64>, %beta: tensor<f64>,
                                               %w: tensor<?x?xf64> {symc.inplace_update = 0 : i64},
                                               %b: tensor<?xf64> {symc.inplace_update = 1 : i64}) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %0 = symc.gemm %alpha, %h, %d, %beta, %w {transpose_a} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  %s = symc.reduce_sum %d axes = [0] : tensor<?x?xf64>
  %1 = symc.sub %b, %s : tensor<?xf64>
  return %0, %1 : tensor<?x?xf64>, tensor<?xf64>
}

// -----

// Tests that a view of W taken before the product but read after it (the
// transpose feeds exp) keeps BLAS out of W's buffer: the view would show
// the new value.
// CHECK-LABEL: func.func @update_by_gemm_view_read_after
// CHECK:         tensor.extract_slice %arg4
// CHECK:         memref.alloc
// CHECK:         bufferization.to_buffer %arg4 read_only
// CHECK:         memref.copy
// CHECK:         call @symc_rt_gemm_f64
// BUF-LABEL: func.func @update_by_gemm_view_read_after
// BUF:          memref.copy
func.func @update_by_gemm_view_read_after(%alpha: tensor<f64>, %h: tensor<?x?xf64>, %d: tensor<?x?xf64>, %beta: tensor<f64>,
                                          %w: tensor<?x?xf64> {symc.inplace_update = 0 : i64}) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %row = symc.subtensor %w[0] : tensor<?x?xf64>
  %0 = symc.gemm %alpha, %h, %d, %beta, %w {transpose_a} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  %1 = symc.exp %row : tensor<?xf64>
  return %0, %1 : tensor<?x?xf64>, tensor<?xf64>
}
