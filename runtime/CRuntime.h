/*===- CRuntime.h - functions generated code calls -----------------*- C -*-===*
 *
 * The ABI between code produced by symc-lower-to-llvm-pipeline and the symc
 * runtime. The runtime library defines every function below; the JIT
 * resolves them by name. Changing a signature here changes both sides.
 *
 * Calling convention of a compiled function `@f` (set by the pipeline):
 *   - `@f` carries `llvm.emit_c_interface`; the runtime calls
 *     `_mlir_ciface_f(results*, arg0_desc*, arg1_desc*, ...)`. The results
 *     pointer is absent for zero results, points at one descriptor for one
 *     result and at a struct of descriptors (in order) for several.
 *   - A memref descriptor of rank r is 3 + 2r int64-sized words:
 *     {allocated, aligned, offset, sizes[r], strides[r]} (sizes and strides
 *     in elements). Arguments have the identity (contiguous row-major)
 *     layout; results may have any strided layout.
 *   - Every result buffer was allocated during the call by
 *     _mlir_memref_to_llvm_alloc/_aligned_alloc (never an argument's buffer)
 *     and is owned by the caller, who frees it with _mlir_memref_to_llvm_free.
 *     Several results may share one allocation (views of one buffer).
 *   - i1 elements are stored one per byte (NumPy's bool); ui8 as i8.
 *   - Arguments are read only, except (see symc-inplace in passes/Passes.td)
 *     an argument the input IR marks `symc.inplace_update = N`, which
 *     receives the func.func's result N (then no result of `@f`) in its own
 *     buffer, written only after every run-time check passed (a call that
 *     fails a check leaves it unchanged), unless symc-inplace could not
 *     prove that result N has the argument's shape (the lowered module's
 *     `symc.kept_updates` lists such arguments: they stay read only and
 *     result N stays a result), and one marked `symc.mutable`,
 *     whose contents the call may overwrite. The caller passes writable
 *     memory shared with no other argument for both.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SYMC_RUNTIME_CRUNTIME_H
#define SYMC_RUNTIME_CRUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Errors ------------------------------------------------------------------ */

/* Reports a failed symc.check. `message` is a NUL-terminated constant of the
 * generated module; "{0}".."{3}" in it stand for v0..v3 and "{{" for "{".
 * The generated function returns right after the call; its results are then
 * undefined and the runtime frees every buffer allocated during the call and
 * raises ValueError(message) in Python, MemoryError(message) when the message
 * starts with SYMC_RT_OUT_OF_MEMORY (symc-check-allocations, the runtime's
 * own allocations), or AssertionError(message) when it starts with
 * SYMC_RT_ASSERTION_FAILED (symc.assert). Thread-safe: the error is per
 * thread. */
#define SYMC_RT_OUT_OF_MEMORY "out of memory"
#define SYMC_RT_ASSERTION_FAILED "assertion failed"
void symc_rt_fail(const char *message, int64_t v0, int64_t v1, int64_t v2,
                  int64_t v3);

/* Memory ------------------------------------------------------------------ */

/* MLIR's generic allocation functions (finalize-memref-to-llvm with
 * use-generic-functions=true). Buffers are at least 64-byte aligned and come
 * from a pool reused across calls (no page faults in steady state). */
void *_mlir_memref_to_llvm_alloc(size_t size);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *ptr);

/* BLAS ------------------------------------------------------------------- */
/* Matrices are a base pointer (aligned + offset, already applied) and a row
 * stride and column stride in elements; the runtime maps them onto CBLAS
 * (row- or column-major) or copies when neither stride is 1. `trans_*` are 0
 * or 1. Sizes are those of op(A) etc. as in BLAS. With beta == 0 the prior
 * contents of the output are ignored (they may be uninitialized or NaN). */

/* C = alpha * op(A) (m x k) * op(B) (k x n) + beta * C (m x n) */
void symc_rt_gemm_f32(int64_t trans_a, int64_t trans_b, int64_t m, int64_t n,
                      int64_t k, float alpha, const float *a, int64_t a_rs,
                      int64_t a_cs, const float *b, int64_t b_rs, int64_t b_cs,
                      float beta, float *c, int64_t c_rs, int64_t c_cs);
void symc_rt_gemm_f64(int64_t trans_a, int64_t trans_b, int64_t m, int64_t n,
                      int64_t k, double alpha, const double *a, int64_t a_rs,
                      int64_t a_cs, const double *b, int64_t b_rs,
                      int64_t b_cs, double beta, double *c, int64_t c_rs,
                      int64_t c_cs);

/* A product repeated with the same right operand (a loop-invariant B inside
 * a loop, see symc-pack-loop-gemms in passes/Passes.td): op(B) (k x n, any
 * strides) is copied once into a runtime buffer in the layout of the
 * runtime's f64 kernel; the handle is null after a failure (sizes, memory),
 * reported through symc_rt_fail. The packed product computes
 * C = alpha * op(A) (m x k) * B + beta * C like symc_rt_gemm_f64 (beta == 0:
 * C is not read); with a null handle it does nothing, with a handle packed
 * for other sizes it fails. The handle is freed with
 * symc_rt_free_packed_gemm_b (null is ignored); one the generated code
 * leaks is freed with the call's other buffers. */
void *symc_rt_pack_gemm_b_f64(int64_t trans_b, int64_t k, int64_t n,
                              const double *b, int64_t b_rs, int64_t b_cs);
void symc_rt_gemm_packed_f64(int64_t trans_a, int64_t m, int64_t n, int64_t k,
                             double alpha, const double *a, int64_t a_rs,
                             int64_t a_cs, const void *packed_b, double beta,
                             double *c, int64_t c_rs, int64_t c_cs);
void symc_rt_free_packed_gemm_b(void *packed_b);

/* y = alpha * op(A) x + beta * y, with A stored as m x n (before op). */
void symc_rt_gemv_f32(int64_t trans_a, int64_t m, int64_t n, float alpha,
                      const float *a, int64_t a_rs, int64_t a_cs,
                      const float *x, int64_t incx, float beta, float *y,
                      int64_t incy);
void symc_rt_gemv_f64(int64_t trans_a, int64_t m, int64_t n, double alpha,
                      const double *a, int64_t a_rs, int64_t a_cs,
                      const double *x, int64_t incx, double beta, double *y,
                      int64_t incy);

/* A (m x n) += alpha * x y^T */
void symc_rt_ger_f32(int64_t m, int64_t n, float alpha, const float *x,
                     int64_t incx, const float *y, int64_t incy, float *a,
                     int64_t a_rs, int64_t a_cs);
void symc_rt_ger_f64(int64_t m, int64_t n, double alpha, const double *x,
                     int64_t incx, const double *y, int64_t incy, double *a,
                     int64_t a_rs, int64_t a_cs);

/* sum_i x[i] * y[i] */
float symc_rt_dot_f32(int64_t n, const float *x, int64_t incx, const float *y,
                      int64_t incy);
double symc_rt_dot_f64(int64_t n, const double *x, int64_t incx,
                       const double *y, int64_t incy);

#ifdef __cplusplus
}
#endif

#endif /* SYMC_RUNTIME_CRUNTIME_H */
