"""The packed-operand products of runtime/CRuntime.h (symc_rt_pack_gemm_b_f64,
symc_rt_gemm_packed_f64, symc_rt_free_packed_gemm_b), called from compiled
code with operands of every layout and sizes that are not multiples of the
kernel's 8 x 24 tiles or its 128-step blocks of k; NumPy as the oracle.

The kernel packs B once and multiplies twice with the same handle (the
second product sees the first one's C when beta != 0), as a loop would.
"""

import numpy as np
import pytest

from test_native_blas import MEMREF_PIPELINE, layout, params, view

RNG = np.random.default_rng(7)

# p: [0] trans_b, [1] k, [2] n (of the pack), [3] B offset, [4] b_rs, [5] b_cs,
#    [6] trans_a, [7] m, [8] n, [9] k (of the product), [10] A offset,
#    [11] a_rs, [12] a_cs, [13] C offset, [14] c_rs, [15] c_cs
# s: alpha, beta
PACKED_GEMM_IR = """
func.func private @symc_rt_pack_gemm_b_f64(i64, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr
func.func private @symc_rt_gemm_packed_f64(i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, f64,
                                           !llvm.ptr, i64, i64)
func.func private @symc_rt_free_packed_gemm_b(!llvm.ptr)
func.func @pg(%a: memref<?xf64>, %b: memref<?xf64>, %c: memref<?xf64>, %p: memref<16xi64>,
              %s: memref<2xf64>) -> memref<?xf64> attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %c, %c0 : memref<?xf64>
  %out = memref.alloc(%n) : memref<?xf64>
  memref.copy %c, %out : memref<?xf64> to memref<?xf64>
  %esize = arith.constant 8 : i64
""" + "".join(f"""  %i{i} = arith.constant {i} : index
  %p{i} = memref.load %p[%i{i}] : memref<16xi64>
""" for i in range(16)) + """  %alpha = memref.load %s[%c0] : memref<2xf64>
  %c1 = arith.constant 1 : index
  %beta = memref.load %s[%c1] : memref<2xf64>
""" + "".join(f"""  %base_{name} = memref.extract_aligned_pointer_as_index %{buf} : memref<?xf64> -> index
  %basei_{name} = arith.index_cast %base_{name} : index to i64
  %bytes_{name} = arith.muli %p{off}, %esize : i64
  %addr_{name} = arith.addi %basei_{name}, %bytes_{name} : i64
  %ptr_{name} = llvm.inttoptr %addr_{name} : i64 to !llvm.ptr
""" for name, buf, off in [("a", "a", 10), ("b", "b", 3), ("c", "out", 13)]) + """
  %h = func.call @symc_rt_pack_gemm_b_f64(%p0, %p1, %p2, %ptr_b, %p4, %p5)
      : (i64, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr
  func.call @symc_rt_gemm_packed_f64(%p6, %p7, %p8, %p9, %alpha, %ptr_a, %p11, %p12, %h, %beta, %ptr_c, %p14, %p15)
      : (i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, f64, !llvm.ptr, i64, i64) -> ()
  func.call @symc_rt_gemm_packed_f64(%p6, %p7, %p8, %p9, %alpha, %ptr_a, %p11, %p12, %h, %beta, %ptr_c, %p14, %p15)
      : (i64, i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, f64, !llvm.ptr, i64, i64) -> ()
  func.call @symc_rt_free_packed_gemm_b(%h) : (!llvm.ptr) -> ()
  return %out : memref<?xf64>
}
"""


@pytest.fixture(scope="module")
def packed_gemm():
    from symc import _native
    return _native.compile(PACKED_GEMM_IR, "pg", pipeline=MEMREF_PIPELINE)


CASES = [
    # (trans_a, trans_b, m, n, k, layout A, layout B, layout C, alpha, beta)
    (0, 0, 32, 256, 256, "row", "row", "row", 1.0, 0.0),  # B7's forward step
    (0, 1, 32, 256, 256, "row", "row", "row", 1.0, 0.0),  # B7's backward step (W^T)
    (0, 0, 1, 1, 1, "row", "row", "row", 1.0, 0.0),
    (0, 0, 7, 23, 5, "row", "row", "row", 1.5, 0.5),  # every tile an edge tile
    (0, 0, 9, 25, 129, "row", "col", "row", -2.0, 1.0),  # one row and column past a tile, k past a block
    (1, 0, 17, 49, 300, "row", "row", "row", 0.75, 2.0),
    (1, 1, 13, 24, 128, "col", "col", "col", 1.0, 0.0),  # C through scalar stores
    (0, 0, 8, 48, 3, "padded", "padded", "padded", 1.0, -1.0),
    (0, 0, 6, 30, 4, "reversed", "reversed", "reversed", 1.0, 0.5),
    (0, 0, 5, 26, 7, "broadcast-rows", "row", "row", 1.0, 0.0),
    (0, 0, 64, 72, 40, "row", "row", "padded", 0.5, 0.0),
    (0, 0, 4, 5, 0, "row", "row", "row", 1.0, 0.5),  # k == 0: C = beta * C
    (0, 0, 4, 5, 6, "row", "row", "row", 0.0, 0.5),  # alpha == 0: C = beta * C
    (0, 0, 0, 5, 6, "row", "row", "row", 1.0, 0.0),  # no rows
]


def expected_after_two_products(a, b, c, case, offsets):
    ta, tb, m, n, k, la, lb, lc, alpha, beta = case
    (ao, ars, acs), (bo, brs, bcs), (co, crs, ccs) = offsets
    A = view(a, *((k, m) if ta else (m, k)), ao, ars, acs)
    B = view(b, *((n, k) if tb else (k, n)), bo, brs, bcs)
    product = alpha * ((A.T if ta else A) @ (B.T if tb else B))
    out = c.copy()
    idx = co + np.arange(m)[:, None] * crs + np.arange(n)[None, :] * ccs
    for _ in range(2):
        old = np.zeros((m, n)) if beta == 0.0 else out[idx]
        out[idx] = product + beta * old
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(map(str, c)))
def test_packed_product_matches_numpy(case, packed_gemm):
    ta, tb, m, n, k, la, lb, lc, alpha, beta = case
    ao, ars, acs, alen = layout(*((k, m) if ta else (m, k)), la)
    bo, brs, bcs, blen = layout(*((n, k) if tb else (k, n)), lb)
    co, crs, ccs, clen = layout(m, n, lc)
    a = RNG.standard_normal(max(alen, 1))
    b = RNG.standard_normal(max(blen, 1))
    c = RNG.standard_normal(max(clen, 1))
    if beta == 0.0:
        c[:] = np.nan  # beta == 0 ignores C's prior contents
    p = params([tb, k, n, bo, brs, bcs, ta, m, n, k, ao, ars, acs, co, crs, ccs])
    (got,) = packed_gemm(a, b, c, p, np.array([alpha, beta]))
    want = expected_after_two_products(a, b, c, case, [(ao, ars, acs), (bo, brs, bcs), (co, crs, ccs)])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_product_of_other_sizes_than_the_pack_fails(packed_gemm):
    a, b, c = np.ones(12), np.ones(12), np.zeros(12)
    # Packed as 3 x 4, used as k=4, n=3.
    p = params([0, 3, 4, 0, 4, 1, 0, 3, 3, 4, 0, 4, 1, 0, 3, 1])
    with pytest.raises(ValueError, match="packed for 3x4, used as 4x3"):
        packed_gemm(a, b, c, p, np.array([1.0, 0.0]))


def test_negative_size_fails_and_frees_everything(packed_gemm, native):
    before = native.live_buffers()
    a, b, c = np.ones(4), np.ones(4), np.zeros(4)
    p = params([0, -1, 2, 0, 2, 1, 0, 2, 2, 2, 0, 2, 1, 0, 2, 1])
    with pytest.raises(ValueError, match="negative size"):
        packed_gemm(a, b, c, p, np.array([1.0, 0.0]))
    assert native.live_buffers() == before
