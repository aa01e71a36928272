// RUN: symc-opt %s --split-input-file --symc-pack-loop-gemms | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-pack-loop-gemms=max-rows=2 | FileCheck %s --check-prefix=FEWROWS

// The right operand of Linear.cpp's f64 gemm calls (base + offset and strides
// of a read-only to_buffer) after convert-symc-to-linalg; A and C are plain
// pointers here, the pass does not look at them.

// A scan step's h W (a dynamic trip count): the to_buffer of W and its
// description are cloned before the loop, op(B)'s sizes come from the buffer,
// the product uses the handle, which is freed after the loop.
// CHECK-LABEL: func.func private @symc_rt_pack_gemm_b_f64(i64, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[W:[^:]*]]: tensor<8x8xf64>
// CHECK:         %[[WB:.*]] = bufferization.to_buffer %[[W]] read_only
// CHECK:         %[[ROWS:.*]] = memref.dim %[[WB]], %c0
// CHECK:         %[[K:.*]] = arith.index_cast %[[ROWS]] : index to i64
// CHECK:         %[[COLS:.*]] = memref.dim %[[WB]], %c1
// CHECK:         %[[N:.*]] = arith.index_cast %[[COLS]] : index to i64
// CHECK:         %[[H:.*]] = call @symc_rt_pack_gemm_b_f64(%c0_i64, %[[K]], %[[N]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:         scf.for
// CHECK-NOT:       symc_rt_gemm_f64
// CHECK:           call @symc_rt_gemm_packed_f64(%c0_i64, %c4_i64, %c8_i64, %c8_i64, %{{.*}}, %{{.*}}, %c8_i64, %c1_i64, %[[H]], %{{.*}}, %{{.*}}, %c8_i64, %c1_i64)
// CHECK:         }
// CHECK-NEXT:    call @symc_rt_free_packed_gemm_b(%[[H]])
// FEWROWS-LABEL: func.func @forward
// FEWROWS-NOT:   symc_rt_pack_gemm_b_f64
// FEWROWS:       call @symc_rt_gemm_f64

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @forward(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    scf.for %i = %c0 to %n step %c1 {
      %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    }
    return
}

// -----

// A transposed view of W (the backward step's dz W^T), used by two products
// of the loop, one inside the empty-size guard: one pack for both. With
// trans_b = 1 op(B) is the view transposed: k = columns, n = rows.
// CHECK-LABEL: func.func @transposed_shared
// CHECK-SAME:    (%[[W:[^:]*]]: tensor<8x8xf64>
// CHECK:         %[[WB:.*]] = bufferization.to_buffer %[[W]] read_only
// CHECK:         %[[WT:.*]] = memref.transpose %[[WB]]
// CHECK:         %[[ROWS:.*]] = memref.dim %[[WT]], %c0
// CHECK:         %[[R:.*]] = arith.index_cast %[[ROWS]]
// CHECK:         %[[COLS:.*]] = memref.dim %[[WT]], %c1
// CHECK:         %[[C:.*]] = arith.index_cast %[[COLS]]
// CHECK:         %[[H:.*]] = call @symc_rt_pack_gemm_b_f64(%c1_i64, %[[C]], %[[R]],
// CHECK-NOT:     symc_rt_pack_gemm_b_f64
// CHECK:         scf.for
// CHECK:           call @symc_rt_gemm_packed_f64({{.*}}, %[[H]],
// CHECK:           scf.if
// CHECK-NEXT:        call @symc_rt_gemm_packed_f64({{.*}}, %[[H]],
// CHECK:         call @symc_rt_free_packed_gemm_b(%[[H]])
// CHECK-NOT:     call @symc_rt_free_packed_gemm_b

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @transposed_shared(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index, %nonempty: i1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    scf.for %i = %c0 to %n step %c1 {
      %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
      %wt = memref.transpose %wb (i, j) -> (j, i) : memref<8x8xf64, strided<[?, ?], offset: ?>> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wt : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wt : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c1_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
      scf.if %nonempty {
    func.call @symc_rt_gemm_f64(%c0_i64, %c1_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
      }
    }
    return
}

// -----

// Left alone: B is the loop-carried tensor (it changes every step).
// CHECK-LABEL: func.func @loop_carried
// CHECK-NOT:     symc_rt_pack_gemm_b_f64
// CHECK:         scf.for
// CHECK:           call @symc_rt_gemm_f64

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @loop_carried(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) -> tensor<8x8xf64> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%h = %w) -> (tensor<8x8xf64>) {
      %wb = bufferization.to_buffer %h read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
      %h2 = tensor.insert %one into %h[%i, %c0] : tensor<8x8xf64>
      scf.yield %h2 : tensor<8x8xf64>
    }
    return %r : tensor<8x8xf64>
}

// -----

// Left alone: B is a buffer the loop writes (not a tensor's to_buffer).
// CHECK-LABEL: func.func @written_in_loop
// CHECK-NOT:     symc_rt_pack_gemm_b_f64
// CHECK:         scf.for
// CHECK:           memref.store
// CHECK:           call @symc_rt_gemm_f64

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @written_in_loop(%mb: memref<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    scf.for %i = %c0 to %n step %c1 {
      memref.store %one, %mb[%i, %c0] : memref<8x8xf64>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %mb : memref<8x8xf64> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %mb : memref<8x8xf64> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    }
    return
}

// -----

// Left alone: the pointer moves with the induction variable.
// CHECK-LABEL: func.func @pointer_from_induction_variable
// CHECK-NOT:     symc_rt_pack_gemm_b_f64
// CHECK:         call @symc_rt_gemm_f64

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @pointer_from_induction_variable(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    scf.for %i = %c0 to %n step %c1 {
      %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
      %ii = arith.index_cast %i : index to i64
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%ii] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    }
    return
}

// -----

// Left alone: many rows (BLAS's own packing pays off), one step, no loop.
// CHECK-LABEL: func.func @not_worth_it
// CHECK-NOT:     symc_rt_pack_gemm_b_f64
// CHECK-COUNT-3: call @symc_rt_gemm_f64

func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @not_worth_it(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c4_i64 = arith.constant 4 : i64
    %c8_i64 = arith.constant 8 : i64
    %one = arith.constant 1.0 : f64
    %zero = arith.constant 0.0 : f64
    %c512_i64 = arith.constant 512 : i64
    scf.for %i = %c0 to %n step %c1 {
      %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c512_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    }
    %wb = bufferization.to_buffer %w read_only : tensor<8x8xf64> to memref<8x8xf64, strided<[?, ?], offset: ?>>
    %bbase, %boff, %bsizes:2, %bstrides:2 = memref.extract_strided_metadata %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> memref<f64>, index, index, index, index, index
    %bip = memref.extract_aligned_pointer_as_index %wb : memref<8x8xf64, strided<[?, ?], offset: ?>> -> index
    %bipi = arith.index_cast %bip : index to i64
    %bpp = llvm.inttoptr %bipi : i64 to !llvm.ptr
    %boffi = arith.index_cast %boff : index to i64
    %bptr = llvm.getelementptr %bpp[%boffi] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %brs = arith.index_cast %bstrides#0 : index to i64
    %bcs = arith.index_cast %bstrides#1 : index to i64
    func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c4_i64, %c8_i64, %c8_i64, %one, %a, %c8_i64, %c1_i64, %bptr, %brs, %bcs, %zero, %c, %c8_i64, %c1_i64) : (i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64) -> ()
    return
}
