// RUN: symc-opt %s --split-input-file --verify-diagnostics --symc-pack-loop-gemms

// A call of symc_rt_gemm_f64 that is not the runtime's.
func.func private @symc_rt_gemm_f64(i64, i64, i64)
func.func @short_call(%x: i64) {
  // expected-error @+1 {{symc-pack-loop-gemms: call of symc_rt_gemm_f64 with 3 operands and 0 results; the runtime takes 16 operands and returns nothing}}
  func.call @symc_rt_gemm_f64(%x, %x, %x) : (i64, i64, i64) -> ()
  return
}

// -----

// A runtime function the pass needs, declared with another type.
// expected-error @+1 {{symc-pack-loop-gemms: 'symc_rt_pack_gemm_b_f64' is declared with type '(i64) -> !llvm.ptr', the runtime's is '(i64, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr'}}
func.func private @symc_rt_pack_gemm_b_f64(i64) -> !llvm.ptr
func.func private @symc_rt_gemm_f64(i64, i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, f64, !llvm.ptr, i64, i64)
func.func @bad_declaration(%w: tensor<8x8xf64>, %a: !llvm.ptr, %c: !llvm.ptr, %n: index) {
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
