// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s
// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg --cse | FileCheck %s --check-prefix=CSE

// convert-symc-to-linalg lowers float products to the BLAS glue of
// runtime/CRuntime.h, called with the base pointers and strides of the
// operands' buffers, and integer products to linalg.generic loops.

// Tests a float matrix product: contracted sizes are checked, each operand
// becomes a read-only buffer whose aligned pointer + offset and strides are
// passed, the call is skipped for an empty dimension (zero fill instead), and
// the result is a fresh buffer turned back into a tensor.
// CHECK:       func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
// CHECK-LABEL: func.func @dot_matrix_f64
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK:         symc.check %{{.*}}, "symc.dot at {{.*}}: contracted sizes differ: lhs has {0} columns but rhs has {1} rows"
// CHECK:         %[[MA:.*]] = bufferization.to_buffer %[[A]] read_only {symc.blas_operand = {{[0-9]+}} : i64} : tensor<?x?xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
// CHECK:         %{{.*}}, %[[OFF:.*]], %{{.*}}:2, %[[STR:.*]]:2 = memref.extract_strided_metadata %[[MA]]
// CHECK:         %[[INT:.*]] = memref.extract_aligned_pointer_as_index %[[MA]]
// CHECK:         %[[I64:.*]] = arith.index_cast %[[INT]] : index to i64
// CHECK:         %[[BASE:.*]] = llvm.inttoptr %[[I64]] : i64 to !llvm.ptr
// CHECK:         %[[OFF64:.*]] = arith.index_cast %[[OFF]] : index to i64
// CHECK:         %[[PA:.*]] = llvm.getelementptr %[[BASE]][%[[OFF64]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK:         bufferization.to_buffer %[[B]] read_only
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?xf64>
// CHECK:         scf.if %{{.*}} {
// CHECK-NEXT:      func.call @symc_rt_gemm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[PA]], %{{.*}})
// CHECK-NEXT:    } else {
// CHECK:           linalg.fill ins(%{{.*}} : f64) outs(%[[OUT]] : memref<?x?xf64>)
// CHECK-NEXT:    }
// CHECK:         %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<?x?xf64> to tensor<?x?xf64>
// CHECK:         return %[[R]]
func.func @dot_matrix_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = symc.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that matrix-vector and vector-matrix products use gemv (the latter
// transposed) and a vector dot product symc_rt_dot (0 when empty), in
// float32.
// CHECK-LABEL: func.func @dot_vector_forms_f32
// CHECK:         func.call @symc_rt_gemv_f32(%[[NOTRANS:.*]], %{{.*}})
// CHECK:         func.call @symc_rt_gemv_f32(%[[TRANS:.*]], %{{.*}})
// CHECK:         %[[DOT:.*]] = scf.if %{{.*}} -> (f32) {
// CHECK-NEXT:      %[[S:.*]] = func.call @symc_rt_dot_f32(%{{.*}}) : (i64, !llvm.ptr, i64, !llvm.ptr, i64) -> f32
// CHECK-NEXT:      scf.yield %[[S]] : f32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %{{.*}} : f32
// CHECK-NEXT:    }
// CHECK:         tensor.from_elements %[[DOT]] : tensor<f32>
func.func @dot_vector_forms_f32(%m: tensor<?x?xf32>, %v: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<f32>) {
  %0 = symc.dot %m, %v : tensor<?x?xf32>, tensor<?xf32>
  %1 = symc.dot %v, %m : tensor<?xf32>, tensor<?x?xf32>
  %2 = symc.dot %v, %v : tensor<?xf32>, tensor<?xf32>
  return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<f32>
}

// -----

// Tests that an integer product is a linalg loop nest (no BLAS call) with
// the contiguous output dimension innermost, and that static sizes that
// agree need no check.
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @dot_integer_loops
// CHECK-NOT:     symc.check
// CHECK-NOT:     call
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @dot_integer_loops(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  %0 = symc.dot %a, %b : tensor<3x4xi32>, tensor<4x5xi32>
  return %0 : tensor<3x5xi32>
}

// -----

// Tests gemm: c is copied into a fresh buffer that BLAS updates in place,
// with the transpose flags and alpha/beta passed through.
// CHECK-LABEL: func.func @gemm_transposed
// CHECK-SAME:    (%[[AL:.*]]: tensor<f32>, %[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x?xf32>, %[[BE:.*]]: tensor<f32>, %[[C:.*]]: tensor<?x?xf32>)
// CHECK-COUNT-3: symc.check
// CHECK:         %[[OUT:.*]] = memref.alloc
// CHECK:         %[[CBUF:.*]] = bufferization.to_buffer %[[C]] read_only
// CHECK:         memref.copy %[[CBUF]], %[[OUT]]
// CHECK:         %[[ALPHA:.*]] = tensor.extract %[[AL]][] : tensor<f32>
// CHECK:         %[[BETA:.*]] = tensor.extract %[[BE]][] : tensor<f32>
// CHECK:         call @symc_rt_gemm_f32(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[ALPHA]], %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[BETA]],
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable
func.func @gemm_transposed(%alpha: tensor<f32>, %a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %beta: tensor<f32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = symc.gemm %alpha, %a, %b, %beta, %c {transpose_a, transpose_b} : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests gemm into an empty C (a plain product the specializer made a gemm
// with beta = 0): C has no contents, so the fresh buffer is not filled with
// a copy of it.
// CHECK-LABEL: func.func @gemm_empty_c
// CHECK:         %[[OUT:.*]] = memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         call @symc_rt_gemm_f64
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable
func.func @gemm_empty_c(%a: tensor<4x3xf64>, %b: tensor<3x5xf64>) -> tensor<4x5xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %c = tensor.empty() : tensor<4x5xf64>
  %0 = symc.gemm %one, %a, %b, %zero, %c : tensor<4x3xf64>, tensor<3x5xf64>, tensor<4x5xf64>
  return %0 : tensor<4x5xf64>
}

// -----

// Tests batched_dot with a broadcast batch: one gemm per batch in a loop,
// the broadcast operand's pointer is not advanced.
// CHECK-LABEL: func.func @batched_dot_broadcast
// CHECK:         scf.for %[[BATCH:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:           %[[B64:.*]] = arith.index_cast %[[BATCH]] : index to i64
// CHECK:           %[[OFF:.*]] = arith.muli %[[B64]], %{{.*}} : i64
// CHECK:           %[[PB:.*]] = llvm.getelementptr %{{.*}}[%[[OFF]]]
// CHECK:           func.call @symc_rt_gemm_f64
// CHECK:         }
func.func @batched_dot_broadcast(%a: tensor<1x?x?xf64>, %b: tensor<?x?x?xf64>) -> tensor<?x?x?xf64> {
  %0 = symc.batched_dot %a, %b : tensor<1x?x?xf64>, tensor<?x?x?xf64>
  return %0 : tensor<?x?x?xf64>
}

// -----

// Tests that outer is a plain elementwise generic (fusible), for any type.
// CHECK-DAG:   #[[I:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[J:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @outer_is_elementwise
// CHECK-NOT:     call
// CHECK:         linalg.generic {indexing_maps = [#[[I]], #[[J]], #{{.*}}]
// CHECK:           arith.mulf
func.func @outer_is_elementwise(%u: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?x?xf64> {
  %0 = symc.outer %u, %v : tensor<?xf64>, tensor<?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests that two products of the same operand keep one read-only buffer each,
// even after common subexpression elimination (one-shot bufferization takes a
// `to_buffer` for the read of its tensor, so the second call must not read
// through the first one's: an op between the two calls may by then have
// reused that buffer in place).
// CSE-LABEL: func.func @same_operand_twice
// CSE-SAME:    (%[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CSE:         bufferization.to_buffer %[[B]] read_only {symc.blas_operand = [[FIRST:[0-9]+]] : i64}
// CSE:         func.call @symc_rt_gemm_f64
// CSE:         linalg.generic
// CSE:         bufferization.to_buffer %[[B]] read_only {symc.blas_operand = [[SECOND:[0-9]+]] : i64}
// CSE:         func.call @symc_rt_gemm_f64
func.func @same_operand_twice(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %0 = symc.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64>
  %1 = symc.neg %0 : tensor<?x?xf64>
  %2 = symc.dot %1, %b : tensor<?x?xf64>, tensor<?x?xf64>
  return %1, %2 : tensor<?x?xf64>, tensor<?x?xf64>
}
