//===- PackedGemm.cpp - f64 products with a right operand packed once -----===//
//
// A product inside a loop whose right operand B does not change (an RNN's
// h_{t-1} W, B7) costs OpenBLAS a full copy of B into its panel format on
// every call: for B7's 32x256 times 256x256 that copy is about a third of
// the product, and OpenBLAS has no way to keep it. symc-pack-loop-gemms
// (passes/Passes.td) therefore packs B once before the loop
// (symc_rt_pack_gemm_b_f64), calls symc_rt_gemm_packed_f64 in it and frees
// the panels after it.
//
// Panel format: op(B) (k x n) cut into panels of kNR = 24 columns, each
// stored k-major (row p of a panel holds its 24 columns, zero-padded past
// n), so that the microkernel reads B with three aligned 512-bit loads per
// step of k. The microkernel keeps an 8 x 24 block of C in 24 AVX-512
// registers and broadcasts the elements of A (any strides) from memory; k
// is cut into blocks of kKC so that one panel block (kKC x 24) stays in L1
// while it serves every row block of A. Hosts without AVX-512F get a plain
// row-major copy of op(B) and the CBLAS path of Blas.cpp instead: the
// choice is made at pack time and recorded in the packed buffer.
//
// Failures (sizes that overflow, no memory, a packed operand of other sizes
// than the product's) go through symc_rt_fail; a null packed operand (a
// failed pack) makes the product a no-op, the failure being reported
// already.
//
//===----------------------------------------------------------------------===//

#include "runtime/CRuntime.h"
#include "runtime/Memory.h"

#include <immintrin.h>

#include <cstring>

using namespace symc::runtime;

namespace {

constexpr int64_t kNR = 24;  // columns of a panel: three 8-double vectors
constexpr int64_t kMR = 8;   // rows of C a microkernel call computes
constexpr int64_t kKC = 128; // steps of k per block (one panel block: 24 KiB)
constexpr uint64_t kMagic = 0x73796d63706b6230ull; // "symcpkb0"

enum class Layout : int64_t { Panels = 1, RowMajor = 2 };

/// Header of a packed operand; the data follows at kHeaderBytes (aligned).
struct PackedHeader {
  uint64_t magic;
  Layout layout;
  int64_t k, n;
};
constexpr size_t kHeaderBytes = 64;
static_assert(sizeof(PackedHeader) <= kHeaderBytes);

double *dataOf(PackedHeader *h) {
  return reinterpret_cast<double *>(reinterpret_cast<char *>(h) + kHeaderBytes);
}
const double *dataOf(const PackedHeader *h) {
  return reinterpret_cast<const double *>(reinterpret_cast<const char *>(h) +
                                          kHeaderBytes);
}

bool hasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}

#define SYMC_AVX512 __attribute__((target("avx512f")))

/// C[0:MR, 0:nc] (= or +=) alpha * A[0:MR, 0:kc] * panel block (kc x 24).
/// `overwrite`: the first block of k, where C = alpha*AB + beta*C (beta == 0:
/// C is not read); later blocks add.
template <int MR>
SYMC_AVX512 void microKernel(int64_t kc, const double *a, int64_t ars,
                             int64_t acs, const double *bp, double *c,
                             int64_t crs, int64_t ccs, int64_t nc,
                             double alpha, double beta, bool overwrite) {
  __m512d acc[MR][3];
  for (int r = 0; r < MR; ++r)
    acc[r][0] = acc[r][1] = acc[r][2] = _mm512_setzero_pd();
  if (acs == 1) {
    for (int64_t p = 0; p < kc; ++p) {
      __m512d b0 = _mm512_load_pd(bp), b1 = _mm512_load_pd(bp + 8),
              b2 = _mm512_load_pd(bp + 16);
      bp += kNR;
      for (int r = 0; r < MR; ++r) {
        __m512d av = _mm512_set1_pd(a[r * ars + p]);
        acc[r][0] = _mm512_fmadd_pd(av, b0, acc[r][0]);
        acc[r][1] = _mm512_fmadd_pd(av, b1, acc[r][1]);
        acc[r][2] = _mm512_fmadd_pd(av, b2, acc[r][2]);
      }
    }
  } else {
    for (int64_t p = 0; p < kc; ++p) {
      __m512d b0 = _mm512_load_pd(bp), b1 = _mm512_load_pd(bp + 8),
              b2 = _mm512_load_pd(bp + 16);
      bp += kNR;
      const double *ap = a + p * acs;
      for (int r = 0; r < MR; ++r) {
        __m512d av = _mm512_set1_pd(ap[r * ars]);
        acc[r][0] = _mm512_fmadd_pd(av, b0, acc[r][0]);
        acc[r][1] = _mm512_fmadd_pd(av, b1, acc[r][1]);
        acc[r][2] = _mm512_fmadd_pd(av, b2, acc[r][2]);
      }
    }
  }
  __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
  if (ccs == 1) {
    __mmask8 masks[3];
    for (int j = 0; j < 3; ++j) {
      int64_t left = nc - 8 * j;
      masks[j] = left >= 8 ? __mmask8(0xff)
                 : left <= 0 ? __mmask8(0)
                             : __mmask8((1u << left) - 1);
    }
    for (int r = 0; r < MR; ++r) {
      double *cr = c + r * crs;
      for (int j = 0; j < 3; ++j) {
        if (!masks[j])
          continue;
        __m512d v = _mm512_mul_pd(va, acc[r][j]);
        if (!overwrite)
          v = _mm512_add_pd(v, _mm512_maskz_loadu_pd(masks[j], cr + 8 * j));
        else if (beta != 0.0)
          v = _mm512_fmadd_pd(
              vb, _mm512_maskz_loadu_pd(masks[j], cr + 8 * j), v);
        _mm512_mask_storeu_pd(cr + 8 * j, masks[j], v);
      }
    }
    return;
  }
  alignas(64) double tile[MR][kNR];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < 3; ++j)
      _mm512_store_pd(&tile[r][8 * j], acc[r][j]);
  for (int r = 0; r < MR; ++r)
    for (int64_t j = 0; j < nc; ++j) {
      double &out = c[r * crs + j * ccs];
      double v = alpha * tile[r][j];
      out = !overwrite ? out + v : beta != 0.0 ? beta * out + v : v;
    }
}

using KernelFn = void (*)(int64_t, const double *, int64_t, int64_t,
                          const double *, double *, int64_t, int64_t, int64_t,
                          double, double, bool);
constexpr KernelFn kKernels[kMR + 1] = {
    nullptr,        microKernel<1>, microKernel<2>, microKernel<3>,
    microKernel<4>, microKernel<5>, microKernel<6>, microKernel<7>,
    microKernel<8>};

/// C = alpha * op(A) * panels + beta * C on AVX-512 (m, n, k > 0).
SYMC_AVX512 void gemmPanels(int64_t m, int64_t n, int64_t k, double alpha,
                            const double *a, int64_t ars, int64_t acs,
                            const double *panels, double beta, double *c,
                            int64_t crs, int64_t ccs) {
  for (int64_t k0 = 0; k0 < k; k0 += kKC) {
    int64_t kc = k - k0 < kKC ? k - k0 : kKC;
    bool first = k0 == 0;
    for (int64_t j0 = 0; j0 < n; j0 += kNR) {
      int64_t nc = n - j0 < kNR ? n - j0 : kNR;
      const double *bp = panels + (j0 / kNR) * k * kNR + k0 * kNR;
      for (int64_t i0 = 0; i0 < m; i0 += kMR) {
        int64_t mr = m - i0 < kMR ? m - i0 : kMR;
        kKernels[mr](kc, a + i0 * ars + k0 * acs, ars, acs, bp,
                     c + i0 * crs + j0 * ccs, crs, ccs, nc, alpha, beta,
                     first);
      }
    }
  }
}

/// Element (i, j) of op(B) for B stored with strides (rs, cs).
inline double elementOf(const double *b, bool trans, int64_t i, int64_t j,
                        int64_t rs, int64_t cs) {
  return trans ? b[j * rs + i * cs] : b[i * rs + j * cs];
}

void *pack(int64_t transB, int64_t k, int64_t n, const double *b, int64_t rs,
           int64_t cs) {
  if (k < 0 || n < 0) {
    symc_rt_fail("packed matrix product: negative size", 0, 0, 0, 0);
    return nullptr;
  }
  bool panels = hasAvx512();
  int64_t cols = panels ? (n + kNR - 1) / kNR * kNR : n;
  int64_t elements, bytes;
  if (__builtin_mul_overflow(k, cols, &elements) ||
      __builtin_mul_overflow(elements, int64_t(sizeof(double)), &bytes) ||
      __builtin_add_overflow(bytes, int64_t(kHeaderBytes), &bytes)) {
    symc_rt_fail("packed matrix product: operand too large to pack", 0, 0, 0,
                 0);
    return nullptr;
  }
  auto *h = static_cast<PackedHeader *>(allocateBuffer(size_t(bytes)));
  if (!h) {
    symc_rt_fail("out of memory packing a matrix product's operand", 0, 0, 0,
                 0);
    return nullptr;
  }
  *h = {kMagic, panels ? Layout::Panels : Layout::RowMajor, k, n};
  double *out = dataOf(h);
  bool trans = transB != 0;
  if (!panels) {
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < n; ++j)
        out[i * n + j] = elementOf(b, trans, i, j, rs, cs);
    return h;
  }
  for (int64_t j0 = 0; j0 < n; j0 += kNR) {
    int64_t nc = n - j0 < kNR ? n - j0 : kNR;
    double *panel = out + (j0 / kNR) * k * kNR;
    for (int64_t i = 0; i < k; ++i) {
      double *row = panel + i * kNR;
      for (int64_t j = 0; j < nc; ++j)
        row[j] = elementOf(b, trans, i, j0 + j, rs, cs);
      for (int64_t j = nc; j < kNR; ++j)
        row[j] = 0.0;
    }
  }
  return h;
}

void gemmPacked(int64_t transA, int64_t m, int64_t n, int64_t k, double alpha,
                const double *a, int64_t ars, int64_t acs, const void *packed,
                double beta, double *c, int64_t crs, int64_t ccs) {
  if (!packed)
    return; // the pack failed and said so
  auto *h = static_cast<const PackedHeader *>(packed);
  if (h->magic != kMagic || h->k != k || h->n != n) {
    symc_rt_fail("packed matrix product: operand packed for {0}x{1}, used "
                 "as {2}x{3}",
                 h->k, h->n, k, n);
    return;
  }
  if (m <= 0 || n <= 0)
    return;
  if (h->layout == Layout::RowMajor || k <= 0 || alpha == 0.0) {
    // CBLAS (also the zero-size and alpha == 0 cases, which Blas.cpp
    // handles without reading B).
    symc_rt_gemm_f64(transA, 0, m, n, k, alpha, a, ars, acs, dataOf(h), n, 1,
                     beta, c, crs, ccs);
    return;
  }
  // op(A) (m x k): transposing the stored k x m matrix swaps its strides.
  if (transA)
    gemmPanels(m, n, k, alpha, a, acs, ars, dataOf(h), beta, c, crs, ccs);
  else
    gemmPanels(m, n, k, alpha, a, ars, acs, dataOf(h), beta, c, crs, ccs);
}

} // namespace

extern "C" {

void *symc_rt_pack_gemm_b_f64(int64_t trans_b, int64_t k, int64_t n,
                              const double *b, int64_t b_rs, int64_t b_cs) {
  return pack(trans_b, k, n, b, b_rs, b_cs);
}

void symc_rt_gemm_packed_f64(int64_t trans_a, int64_t m, int64_t n, int64_t k,
                             double alpha, const double *a, int64_t a_rs,
                             int64_t a_cs, const void *packed_b, double beta,
                             double *c, int64_t c_rs, int64_t c_cs) {
  gemmPacked(trans_a, m, n, k, alpha, a, a_rs, a_cs, packed_b, beta, c, c_rs,
             c_cs);
}

void symc_rt_free_packed_gemm_b(void *packed_b) { freeBuffer(packed_b); }

} // extern "C"
