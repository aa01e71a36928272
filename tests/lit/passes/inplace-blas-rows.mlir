// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg --canonicalize --symc-inplace | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-prepare-calling-convention --convert-symc-to-linalg --canonicalize \
// RUN:   --symc-inplace --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops" \
// RUN:   --canonicalize --cse --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace and BLAS accumulators that are rows of a tensor a loop reads
// row by row (a scan's sequence: an RNN's input projection x.U computed
// for all steps before the loop, each step accumulating h.W onto its row).

// Tests that the product of each iteration is computed in its row of the
// dead sequence: the loop carries the sequence, the row's buffer is
// written (no read-only to_buffer, no copy) at the row's offset, and the
// product is inserted back where it was read; bufferized, the loop
// neither allocates nor copies.
// CHECK-LABEL: func.func @gemm_into_sequence_row
// CHECK:         %[[XU:.*]] = bufferization.to_tensor
// CHECK:         %[[SEQ:.*]] = tensor.expand_shape %[[XU]]
// CHECK:         scf.for %[[I:[^ ]+]] = {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[CARRIED:.*]] = %[[SEQ]])
// CHECK-NOT:       memref.copy
// CHECK:           %[[ROW:.*]] = tensor.extract_slice %[[CARRIED]][%[[I]], 0, 0] [1, 2, 8] [1, 1, 1]
// CHECK:           %[[ROWBUF:.*]] = bufferization.to_buffer %[[ROW]] : tensor<2x8xf64> to memref<2x8xf64, strided<[8, 1], offset: ?>>
// CHECK:           %{{[^,]+}}, %[[OFFSET:[^,]+]], %{{.*}} = memref.extract_strided_metadata %[[ROWBUF]]
// CHECK:           %[[BYTES:.*]] = arith.muli %[[OFFSET]], %{{.*}} : index
// CHECK:           %[[ALIGNED:.*]] = memref.extract_aligned_pointer_as_index %[[ROWBUF]]
// CHECK:           %[[PTR:.*]] = arith.addi %[[ALIGNED]], %[[BYTES]] : index
// CHECK:           %[[PTR64:.*]] = arith.index_cast %[[PTR]]
// CHECK:           %[[C:.*]] = llvm.inttoptr %[[PTR64]]
// CHECK:           call @symc_rt_gemm_f64({{.*}}, %[[C]], %{{.*}}, %{{.*}})
// CHECK:           %[[P:.*]] = bufferization.to_tensor %[[ROWBUF]] restrict writable
// CHECK:           %[[BACK:.*]] = tensor.insert_slice %[[P]] into %[[CARRIED]][%[[I]], 0, 0] [1, 2, 8] [1, 1, 1]
// CHECK:           scf.yield %[[P]], %[[BACK]]
// BUF-LABEL: func.func @gemm_into_sequence_row
// BUF:         %[[XU:.*]] = memref.alloc() {{.*}} : memref<6x8xf64>
// BUF:         %[[SEQ:.*]] = memref.expand_shape %[[XU]]
// BUF:         scf.for %[[I:[^ ]+]] =
// BUF-NOT:       memref.alloc
// BUF-NOT:       memref.copy
// BUF:           %[[ROW:.*]] = memref.subview %[[SEQ]][%[[I]], 0, 0] [1, 2, 8] [1, 1, 1]
// BUF-NOT:       memref.alloc
// BUF-NOT:       memref.copy
// BUF:           call @symc_rt_gemm_f64
// BUF-NOT:       memref.alloc
// BUF-NOT:       memref.copy
// BUF:           scf.yield
func.func @gemm_into_sequence_row(%x: tensor<6x4xf64>, %u: tensor<4x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index) -> tensor<2x8xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %e = tensor.empty() : tensor<6x8xf64>
  %xu = symc.gemm %one, %x, %u, %zero, %e : tensor<6x4xf64>, tensor<4x8xf64>, tensor<6x8xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf64> into tensor<3x2x8xf64>
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<2x8xf64>) {
    %row = tensor.extract_slice %seq[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
    scf.yield %p : tensor<2x8xf64>
  }
  return %r : tensor<2x8xf64>
}

// -----

// Tests that a reverse loop (row n - 1 - i, n - 1 computed in the body as
// the lowering of a reverse scan does) also writes its rows in place.
// CHECK-LABEL: func.func @gemm_into_sequence_row_reverse
// CHECK:         scf.for %[[I:[^ ]+]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[CARRIED:.*]] = %{{.*}})
// CHECK:           %[[LAST:.*]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK:           %[[R:.*]] = arith.subi %[[LAST]], %[[I]] : index
// CHECK:           %[[ROW:.*]] = tensor.extract_slice %[[CARRIED]][%[[R]], 0, 0]
// CHECK:           bufferization.to_buffer %[[ROW]] : tensor<2x8xf64> to memref<2x8xf64, strided<[8, 1], offset: ?>>
// CHECK:           tensor.insert_slice %{{.*}} into %[[CARRIED]][%[[R]], 0, 0]
// BUF-LABEL: func.func @gemm_into_sequence_row_reverse
// BUF:         scf.for
// BUF-NOT:       memref.alloc
// BUF-NOT:       memref.copy
// BUF:           call @symc_rt_gemm_f64
// BUF-NOT:       memref.copy
// BUF:           scf.yield
func.func @gemm_into_sequence_row_reverse(%x: tensor<6x4xf64>, %u: tensor<4x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index) -> tensor<2x8xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %e = tensor.empty() : tensor<6x8xf64>
  %xu = symc.gemm %one, %x, %u, %zero, %e : tensor<6x4xf64>, tensor<4x8xf64>, tensor<6x8xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf64> into tensor<3x2x8xf64>
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<2x8xf64>) {
    %last = arith.subi %n, %step : index
    %t = arith.subi %last, %i : index
    %row = tensor.extract_slice %seq[%t, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
    scf.yield %p : tensor<2x8xf64>
  }
  return %r : tensor<2x8xf64>
}

// -----

// Tests that a sequence also read after the loop keeps its rows: each
// product accumulates into a copy of its row.
// CHECK-LABEL: func.func @sequence_read_after_the_loop
// CHECK:         scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<2x8xf64>)
// CHECK:           bufferization.to_buffer %{{.*}} read_only
// CHECK:           memref.copy
// CHECK:           call @symc_rt_gemm_f64
func.func @sequence_read_after_the_loop(%x: tensor<6x4xf64>, %u: tensor<4x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index) -> (tensor<2x8xf64>, tensor<3x2x8xf64>) {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %e = tensor.empty() : tensor<6x8xf64>
  %xu = symc.gemm %one, %x, %u, %zero, %e : tensor<6x4xf64>, tensor<4x8xf64>, tensor<6x8xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf64> into tensor<3x2x8xf64>
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<2x8xf64>) {
    %row = tensor.extract_slice %seq[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
    scf.yield %p : tensor<2x8xf64>
  }
  return %r, %seq : tensor<2x8xf64>, tensor<3x2x8xf64>
}

// -----

// Tests that a row read by every iteration (the same offset each time)
// keeps its copy: the first iteration's product would change what the
// next one reads.
// CHECK-LABEL: func.func @same_row_every_iteration
// CHECK:         scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<2x8xf64>)
// CHECK:           bufferization.to_buffer %{{.*}} read_only
// CHECK:           memref.copy
// CHECK:           call @symc_rt_gemm_f64
func.func @same_row_every_iteration(%x: tensor<6x4xf64>, %u: tensor<4x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index, %k: index) -> tensor<2x8xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %e = tensor.empty() : tensor<6x8xf64>
  %xu = symc.gemm %one, %x, %u, %zero, %e : tensor<6x4xf64>, tensor<4x8xf64>, tensor<6x8xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf64> into tensor<3x2x8xf64>
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<2x8xf64>) {
    %row = tensor.extract_slice %seq[%k, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
    scf.yield %p : tensor<2x8xf64>
  }
  return %r : tensor<2x8xf64>
}

// -----

// Tests that a sequence the function does not own (a user input) keeps its
// rows.
// CHECK-LABEL: func.func @sequence_is_an_input
// CHECK:         scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<2x8xf64>)
// CHECK:           bufferization.to_buffer %{{.*}} read_only
// CHECK:           memref.copy
// CHECK:           call @symc_rt_gemm_f64
func.func @sequence_is_an_input(%seq: tensor<3x2x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index) -> tensor<2x8xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<2x8xf64>) {
    %row = tensor.extract_slice %seq[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
    scf.yield %p : tensor<2x8xf64>
  }
  return %r : tensor<2x8xf64>
}

// -----

// Tests that a sequence made above an enclosing loop keeps its rows: the
// inner loop runs again over rows an earlier run overwrote.
// CHECK-LABEL: func.func @sequence_above_an_enclosing_loop
// CHECK:         scf.for
// CHECK:           scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<2x8xf64>)
// CHECK:             bufferization.to_buffer %{{.*}} read_only
// CHECK:             memref.copy
// CHECK:             call @symc_rt_gemm_f64
func.func @sequence_above_an_enclosing_loop(%x: tensor<6x4xf64>, %u: tensor<4x8xf64>, %w: tensor<8x8xf64>, %h0: tensor<2x8xf64>, %n: index) -> tensor<2x8xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %e = tensor.empty() : tensor<6x8xf64>
  %xu = symc.gemm %one, %x, %u, %zero, %e : tensor<6x4xf64>, tensor<4x8xf64>, tensor<6x8xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [3, 2, 8] : tensor<6x8xf64> into tensor<3x2x8xf64>
  %outer = scf.for %j = %lo to %n step %step iter_args(%g = %h0) -> (tensor<2x8xf64>) {
    %r = scf.for %i = %lo to %n step %step iter_args(%h = %g) -> (tensor<2x8xf64>) {
      %row = tensor.extract_slice %seq[%i, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf64> to tensor<2x8xf64>
      %p = symc.gemm %one, %h, %w, %one, %row : tensor<2x8xf64>, tensor<8x8xf64>, tensor<2x8xf64>
      scf.yield %p : tensor<2x8xf64>
    }
    scf.yield %r : tensor<2x8xf64>
  }
  return %outer : tensor<2x8xf64>
}

// -----

// Tests rows whose sizes are known only at run time: the row's stride is
// dynamic and reaches the call through the row's own metadata (the
// contiguous inner stride stays in the type).
// CHECK-LABEL: func.func @gemm_into_dynamic_rows
// CHECK:         scf.for %[[I:[^ ]+]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[CARRIED:.*]] = %{{.*}})
// CHECK:           %[[ROW:.*]] = tensor.extract_slice %[[CARRIED]][%[[I]], 0, 0]
// CHECK:           %[[ROWBUF:.*]] = bufferization.to_buffer %[[ROW]] : tensor<?x?xf64> to memref<?x?xf64, strided<[?, 1], offset: ?>>
// CHECK:           %{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, %[[STRIDES:[^:]+]]:2 = memref.extract_strided_metadata %[[ROWBUF]]
// CHECK:           %[[LDC:.*]] = arith.index_cast %[[STRIDES]]#0 : index to i64
// CHECK:           call @symc_rt_gemm_f64({{.*}}, %[[LDC]], %{{.*}})
// CHECK:           tensor.insert_slice %{{.*}} into %[[CARRIED]][%[[I]], 0, 0]
// BUF-LABEL: func.func @gemm_into_dynamic_rows
// BUF:         scf.for
// BUF-NOT:       memref.alloc
// BUF-NOT:       memref.copy
// BUF:           call @symc_rt_gemm_f64
// BUF-NOT:       memref.copy
// BUF:           scf.yield
func.func @gemm_into_dynamic_rows(%x: tensor<?x?xf64>, %u: tensor<?x?xf64>, %w: tensor<?x?xf64>, %h0: tensor<?x?xf64>, %n: index, %m: index) -> tensor<?x?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %lo = arith.constant 0 : index
  %step = arith.constant 1 : index
  %xu = symc.dot %x, %u : tensor<?x?xf64>, tensor<?x?xf64>
  %cols = tensor.dim %xu, %step : tensor<?x?xf64>
  %seq = tensor.expand_shape %xu [[0, 1], [2]] output_shape [%n, %m, %cols] : tensor<?x?xf64> into tensor<?x?x?xf64>
  %r = scf.for %i = %lo to %n step %step iter_args(%h = %h0) -> (tensor<?x?xf64>) {
    %row = tensor.extract_slice %seq[%i, 0, 0] [1, %m, %cols] [1, 1, 1] : tensor<?x?x?xf64> to tensor<?x?xf64>
    %p = symc.gemm %one, %h, %w, %one, %row : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
    scf.yield %p : tensor<?x?xf64>
  }
  return %r : tensor<?x?xf64>
}
