//===- Blas.cpp - BLAS entry points of CRuntime.h on OpenBLAS -------------===//
//
// Generated code describes every matrix by a base pointer and a row and a
// column stride, as a memref does; CBLAS wants one unit stride and a leading
// dimension. Each operand is mapped onto a row-major matrix, or the
// transpose of one when its row stride is 1; an operand with neither unit
// stride (or a negative or zero stride along a dimension longer than 1) is
// copied to a packed temporary first. The output is handled the same way,
// with the temporary copied back. Sizes beyond CBLAS's 32-bit integers are
// reported through symc_rt_fail.
//
// beta == 0 means "ignore the prior contents of the output" (they may be
// uninitialized or NaN). The BLAS standard says the same ("when BETA is
// zero, C need not be set on input"), and OpenBLAS zero-fills rather than
// scales, so the output is cleared here only where no BLAS call follows:
// clearing it before the call too wrote every output twice (B7: 6.5 MB of
// memset for one product). tests/e2e/test_native_blas.py passes NaN outputs
// with beta == 0 to hold BLAS to that.
//
//===----------------------------------------------------------------------===//

#include "runtime/CRuntime.h"
#include "runtime/Memory.h"

#include <cblas.h>

#include <climits>
#include <cstring>

using namespace symc::runtime;

namespace {

/// A matrix operand as CBLAS sees it: row-major with leading dimension `ld`,
/// possibly transposed relative to how the caller described it.
template <typename T> struct BlasMatrix {
  const T *data;
  blasint ld;
  bool transposed; // the row-major storage holds the caller's matrix transposed
  T *temporary = nullptr;
};

bool fitsBlasInt(int64_t v) { return v >= 0 && v <= INT_MAX; }

/// Frees a temporary on every exit path.
struct TemporaryBuffer {
  void *ptr = nullptr;
  ~TemporaryBuffer() { freeBuffer(ptr); }
};

/// Describes the stored `rows` x `cols` matrix at `data` with strides
/// (rs, cs) for CBLAS, copying it into `tmp` when no view fits.
template <typename T>
bool describe(const T *data, int64_t rows, int64_t cols, int64_t rs,
              int64_t cs, BlasMatrix<T> &out, TemporaryBuffer &tmp) {
  // Strides of unit-length dimensions are meaningless: normalize them.
  if (rows <= 1)
    rs = cols;
  if (cols <= 1)
    cs = 1;
  if (cs == 1 && rs >= cols && rs >= 1 && fitsBlasInt(rs)) {
    out = {data, blasint(rs), false};
    return true;
  }
  if (rs == 1 && cs >= rows && cs >= 1 && fitsBlasInt(cs)) {
    out = {data, blasint(cs), true};
    return true;
  }
  T *packed = static_cast<T *>(allocateBuffer(sizeof(T) * rows * cols));
  if (!packed)
    return false;
  tmp.ptr = packed;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      packed[i * cols + j] = data[i * rs + j * cs];
  out = {packed, blasint(cols > 0 ? cols : 1), false, packed};
  return true;
}

template <typename T> void clearMatrix(T *c, int64_t m, int64_t n, int64_t rs, int64_t cs) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      c[i * rs + j * cs] = T(0);
}

template <typename T> struct Cblas;
template <> struct Cblas<float> {
  static constexpr auto gemm = cblas_sgemm;
  static constexpr auto gemv = cblas_sgemv;
  static constexpr auto ger = cblas_sger;
  static constexpr auto dot = cblas_sdot;
};
template <> struct Cblas<double> {
  static constexpr auto gemm = cblas_dgemm;
  static constexpr auto gemv = cblas_dgemv;
  static constexpr auto ger = cblas_dger;
  static constexpr auto dot = cblas_ddot;
};

void reportFailure(const char *what) {
  symc_rt_fail(what, 0, 0, 0, 0);
}

/// A vector argument for CBLAS: BLAS reads element i of a negative-stride
/// vector at base + (n-1-i)*|inc|, so the base moves to the far end. A zero
/// stride (a broadcast vector) is not allowed by BLAS and gets copied.
template <typename T>
bool describeVector(const T *x, int64_t n, int64_t inc, const T *&base,
                    blasint &binc, TemporaryBuffer &tmp) {
  if (n <= 1)
    inc = 1;
  if (inc == 0) {
    T *packed = static_cast<T *>(allocateBuffer(sizeof(T) * n));
    if (!packed)
      return false;
    tmp.ptr = packed;
    for (int64_t i = 0; i < n; ++i)
      packed[i] = x[0];
    base = packed;
    binc = 1;
    return true;
  }
  if (inc < -int64_t(INT_MAX) || inc > INT_MAX)
    return false;
  base = inc > 0 ? x : x + (n - 1) * inc;
  binc = blasint(inc);
  return true;
}

template <typename T>
void gemm(int64_t transA, int64_t transB, int64_t m, int64_t n, int64_t k,
          T alpha, const T *a, int64_t aRs, int64_t aCs, const T *b,
          int64_t bRs, int64_t bCs, T beta, T *c, int64_t cRs, int64_t cCs) {
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0 || alpha == T(0)) {
    if (beta == T(0))
      clearMatrix(c, m, n, cRs, cCs);
    else if (beta != T(1))
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          c[i * cRs + j * cCs] *= beta;
    return;
  }
  if (!fitsBlasInt(m) || !fitsBlasInt(n) || !fitsBlasInt(k))
    return reportFailure("matrix product too large for BLAS (dimension above 2^31)");

  // Stored shapes: A is m x k (k x m when transposed), B is k x n (n x k).
  BlasMatrix<T> A, B, C;
  TemporaryBuffer tmpA, tmpB, tmpC;
  bool ok = describe(a, transA ? k : m, transA ? m : k, aRs, aCs, A, tmpA) &&
            describe(b, transB ? n : k, transB ? k : n, bRs, bCs, B, tmpB) &&
            describe<T>(c, m, n, cRs, cCs, C, tmpC);
  if (!ok)
    return reportFailure("out of memory in a BLAS call");
  T *cData = const_cast<T *>(C.data);
  if (!C.transposed) {
    // C = op(A) op(B), all row-major.
    Cblas<T>::gemm(CblasRowMajor,
                   (bool(transA) != A.transposed) ? CblasTrans : CblasNoTrans,
                   (bool(transB) != B.transposed) ? CblasTrans : CblasNoTrans,
                   blasint(m), blasint(n), blasint(k), alpha, A.data, A.ld,
                   B.data, B.ld, beta, cData, C.ld);
  } else {
    // C is stored transposed: compute C^T = op(B)^T op(A)^T.
    Cblas<T>::gemm(CblasRowMajor,
                   (bool(transB) == B.transposed) ? CblasTrans : CblasNoTrans,
                   (bool(transA) == A.transposed) ? CblasTrans : CblasNoTrans,
                   blasint(n), blasint(m), blasint(k), alpha, B.data, B.ld,
                   A.data, A.ld, beta, cData, C.ld);
  }
  if (C.temporary)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        c[i * cRs + j * cCs] = C.temporary[i * n + j];
}

template <typename T>
void gemv(int64_t transA, int64_t m, int64_t n, T alpha, const T *a,
          int64_t aRs, int64_t aCs, const T *x, int64_t incx, T beta, T *y,
          int64_t incy) {
  int64_t lenY = transA ? n : m, lenX = transA ? m : n;
  if (lenY <= 0)
    return;
  if (lenX <= 0 || alpha == T(0)) {
    for (int64_t i = 0; i < lenY; ++i)
      if (beta == T(0))
        y[i * incy] = T(0);
      else if (beta != T(1))
        y[i * incy] *= beta;
    return;
  }
  if (!fitsBlasInt(m) || !fitsBlasInt(n))
    return reportFailure("matrix-vector product too large for BLAS (dimension above 2^31)");
  // A zero-stride output would alias itself; generated code never asks for it.
  if (incy == 0 && lenY > 1)
    return reportFailure("matrix-vector product into a vector with a zero stride");
  if (lenY <= 1)
    incy = 1;
  if (incy < -int64_t(INT_MAX) || incy > INT_MAX)
    return reportFailure("vector stride too large for BLAS");
  TemporaryBuffer tmpA, tmpX;
  BlasMatrix<T> A;
  const T *xBase;
  blasint bIncX;
  if (!describe(a, m, n, aRs, aCs, A, tmpA) ||
      !describeVector(x, lenX, incx, xBase, bIncX, tmpX))
    return reportFailure("out of memory in a BLAS call");
  T *yBase = incy > 0 ? y : y + (lenY - 1) * incy;
  blasint bIncY = blasint(incy);
  Cblas<T>::gemv(CblasRowMajor,
                 (bool(transA) != A.transposed) ? CblasTrans : CblasNoTrans,
                 A.transposed ? blasint(n) : blasint(m),
                 A.transposed ? blasint(m) : blasint(n), alpha, A.data, A.ld,
                 xBase, bIncX, beta, yBase, bIncY);
}

template <typename T>
void ger(int64_t m, int64_t n, T alpha, const T *x, int64_t incx, const T *y,
         int64_t incy, T *a, int64_t aRs, int64_t aCs) {
  if (m <= 0 || n <= 0 || alpha == T(0))
    return;
  if (!fitsBlasInt(m) || !fitsBlasInt(n))
    return reportFailure("outer product too large for BLAS (dimension above 2^31)");
  TemporaryBuffer tmpA, tmpX, tmpY;
  BlasMatrix<T> A;
  const T *xBase, *yBase;
  blasint bIncX, bIncY;
  if (!describe<T>(a, m, n, aRs, aCs, A, tmpA) ||
      !describeVector(x, m, incx, xBase, bIncX, tmpX) ||
      !describeVector(y, n, incy, yBase, bIncY, tmpY))
    return reportFailure("out of memory in a BLAS call");
  T *aData = const_cast<T *>(A.data);
  if (A.temporary) {
    // describe() packed A; rank-1 update the copy and write it back.
    Cblas<T>::ger(CblasRowMajor, blasint(m), blasint(n), alpha, xBase, bIncX,
                  yBase, bIncY, aData, A.ld);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        a[i * aRs + j * aCs] = A.temporary[i * n + j];
  } else if (!A.transposed) {
    Cblas<T>::ger(CblasRowMajor, blasint(m), blasint(n), alpha, xBase, bIncX,
                  yBase, bIncY, aData, A.ld);
  } else {
    // A^T (n x m, row-major) += alpha y x^T.
    Cblas<T>::ger(CblasRowMajor, blasint(n), blasint(m), alpha, yBase, bIncY,
                  xBase, bIncX, aData, A.ld);
  }
}

template <typename T>
T dot(int64_t n, const T *x, int64_t incx, const T *y, int64_t incy) {
  if (n <= 0)
    return T(0);
  if (!fitsBlasInt(n) || incx == 0 || incy == 0 || incx < -int64_t(INT_MAX) ||
      incx > INT_MAX || incy < -int64_t(INT_MAX) || incy > INT_MAX) {
    // Rare shapes (broadcast vectors, huge lengths): a plain loop is exact
    // enough and cannot overflow BLAS's integers.
    T sum = T(0);
    for (int64_t i = 0; i < n; ++i)
      sum += x[i * incx] * y[i * incy];
    return sum;
  }
  const T *xBase = incx > 0 ? x : x + (n - 1) * incx;
  const T *yBase = incy > 0 ? y : y + (n - 1) * incy;
  return Cblas<T>::dot(blasint(n), xBase, blasint(incx), yBase, blasint(incy));
}

} // namespace

extern "C" {

void symc_rt_gemm_f32(int64_t trans_a, int64_t trans_b, int64_t m, int64_t n,
                      int64_t k, float alpha, const float *a, int64_t a_rs,
                      int64_t a_cs, const float *b, int64_t b_rs, int64_t b_cs,
                      float beta, float *c, int64_t c_rs, int64_t c_cs) {
  gemm<float>(trans_a, trans_b, m, n, k, alpha, a, a_rs, a_cs, b, b_rs, b_cs,
              beta, c, c_rs, c_cs);
}

void symc_rt_gemm_f64(int64_t trans_a, int64_t trans_b, int64_t m, int64_t n,
                      int64_t k, double alpha, const double *a, int64_t a_rs,
                      int64_t a_cs, const double *b, int64_t b_rs,
                      int64_t b_cs, double beta, double *c, int64_t c_rs,
                      int64_t c_cs) {
  gemm<double>(trans_a, trans_b, m, n, k, alpha, a, a_rs, a_cs, b, b_rs, b_cs,
               beta, c, c_rs, c_cs);
}

void symc_rt_gemv_f32(int64_t trans_a, int64_t m, int64_t n, float alpha,
                      const float *a, int64_t a_rs, int64_t a_cs,
                      const float *x, int64_t incx, float beta, float *y,
                      int64_t incy) {
  gemv<float>(trans_a, m, n, alpha, a, a_rs, a_cs, x, incx, beta, y, incy);
}

void symc_rt_gemv_f64(int64_t trans_a, int64_t m, int64_t n, double alpha,
                      const double *a, int64_t a_rs, int64_t a_cs,
                      const double *x, int64_t incx, double beta, double *y,
                      int64_t incy) {
  gemv<double>(trans_a, m, n, alpha, a, a_rs, a_cs, x, incx, beta, y, incy);
}

void symc_rt_ger_f32(int64_t m, int64_t n, float alpha, const float *x,
                     int64_t incx, const float *y, int64_t incy, float *a,
                     int64_t a_rs, int64_t a_cs) {
  ger<float>(m, n, alpha, x, incx, y, incy, a, a_rs, a_cs);
}

void symc_rt_ger_f64(int64_t m, int64_t n, double alpha, const double *x,
                     int64_t incx, const double *y, int64_t incy, double *a,
                     int64_t a_rs, int64_t a_cs) {
  ger<double>(m, n, alpha, x, incx, y, incy, a, a_rs, a_cs);
}

float symc_rt_dot_f32(int64_t n, const float *x, int64_t incx, const float *y,
                      int64_t incy) {
  return dot<float>(n, x, incx, y, incy);
}

double symc_rt_dot_f64(int64_t n, const double *x, int64_t incx,
                       const double *y, int64_t incy) {
  return dot<double>(n, x, incx, y, incy);
}

} // extern "C"
