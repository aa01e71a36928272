"""The BLAS entry points of runtime/CRuntime.h, called from compiled code
with matrices of every layout (row-major, column-major, transposed, strided,
reversed, broadcast), NumPy as the oracle.

Each kernel takes flat buffers plus an int64 parameter vector (sizes, element
offsets, strides) and a float64 vector (alpha, beta), so one compiled
function covers every layout: the test describes a matrix as a view into a
flat buffer and hands the same view to NumPy.
"""

import numpy as np
import pytest

MEMREF_PIPELINE = ("builtin.module(expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-arith-to-llvm,"
                   "finalize-memref-to-llvm{use-generic-functions=true},convert-cf-to-llvm,convert-func-to-llvm,"
                   "convert-index-to-llvm,reconcile-unrealized-casts)")

RNG = np.random.default_rng(1)


def kernel_ir(name, callee, signature, call_args, returns_scalar=False, ftype="f64"):
    """A function(bufs..., out, params, scalars) -> out' calling `callee`.

    `call_args` lists the callee's arguments: ("p", i) an int64 parameter,
    ("s", i) a scalar, ("ptr", buffer, offset param) a pointer into a buffer
    (buffer "out" is the result buffer).
    """
    lines = [f"func.func private @{callee}({signature})"]
    if returns_scalar:
        lines[0] += f" -> {ftype}"
    lines += [
        f"func.func @{name}(%a: memref<?x{ftype}>, %b: memref<?x{ftype}>, %c: memref<?x{ftype}>,",
        f"    %p: memref<16xi64>, %s: memref<2x{ftype}>) -> memref<?x{ftype}> attributes {{llvm.emit_c_interface}} {{",
        "  %c0 = arith.constant 0 : index",
        f"  %n = memref.dim %c, %c0 : memref<?x{ftype}>",
        f"  %out = memref.alloc(%n) : memref<?x{ftype}>",
        f"  memref.copy %c, %out : memref<?x{ftype}> to memref<?x{ftype}>",
        f"  %esize = arith.constant {4 if ftype == 'f32' else 8} : i64",
    ]
    values = []
    for k, arg in enumerate(call_args):
        if arg[0] == "p":
            lines += [f"  %i{k} = arith.constant {arg[1]} : index",
                      f"  %v{k} = memref.load %p[%i{k}] : memref<16xi64>"]
        elif arg[0] == "s":
            lines += [f"  %i{k} = arith.constant {arg[1]} : index",
                      f"  %v{k} = memref.load %s[%i{k}] : memref<2x{ftype}>"]
        else:
            _, buf, off = arg
            lines += [f"  %base{k} = memref.extract_aligned_pointer_as_index %{buf} : memref<?x{ftype}> -> index",
                      f"  %basei{k} = arith.index_cast %base{k} : index to i64",
                      f"  %io{k} = arith.constant {off} : index",
                      f"  %off{k} = memref.load %p[%io{k}] : memref<16xi64>",
                      f"  %bytes{k} = arith.muli %off{k}, %esize : i64",
                      f"  %addr{k} = arith.addi %basei{k}, %bytes{k} : i64",
                      f"  %v{k} = llvm.inttoptr %addr{k} : i64 to !llvm.ptr"]
        values.append(f"%v{k}")
    types = signature
    if returns_scalar:
        lines += [f"  %dot = func.call @{callee}({', '.join(values)}) : ({types}) -> {ftype}",
                  f"  memref.store %dot, %out[%c0] : memref<?x{ftype}>"]
    else:
        lines.append(f"  func.call @{callee}({', '.join(values)}) : ({types}) -> ()")
    lines += [f"  return %out : memref<?x{ftype}>", "}"]
    return "\n".join(lines) + "\n"


def gemm_ir(ftype):
    sig = (f"i64, i64, i64, i64, i64, {ftype}, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, {ftype}, "
           "!llvm.ptr, i64, i64")
    args = [("p", 0), ("p", 1), ("p", 2), ("p", 3), ("p", 4), ("s", 0), ("ptr", "a", 5), ("p", 6), ("p", 7),
            ("ptr", "b", 8), ("p", 9), ("p", 10), ("s", 1), ("ptr", "out", 11), ("p", 12), ("p", 13)]
    suffix = "f32" if ftype == "f32" else "f64"
    return kernel_ir("gemm", f"symc_rt_gemm_{suffix}", sig, args, ftype=ftype)


def gemv_ir():
    sig = "i64, i64, i64, f64, !llvm.ptr, i64, i64, !llvm.ptr, i64, f64, !llvm.ptr, i64"
    args = [("p", 0), ("p", 1), ("p", 2), ("s", 0), ("ptr", "a", 3), ("p", 4), ("p", 5), ("ptr", "b", 6),
            ("p", 7), ("s", 1), ("ptr", "out", 8), ("p", 9)]
    return kernel_ir("gemv", "symc_rt_gemv_f64", sig, args)


def ger_ir():
    sig = "i64, i64, f64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64"
    args = [("p", 0), ("p", 1), ("s", 0), ("ptr", "a", 2), ("p", 3), ("ptr", "b", 4), ("p", 5),
            ("ptr", "out", 6), ("p", 7), ("p", 8)]
    return kernel_ir("ger", "symc_rt_ger_f64", sig, args)


def dot_ir():
    sig = "i64, !llvm.ptr, i64, !llvm.ptr, i64"
    args = [("p", 0), ("ptr", "a", 1), ("p", 2), ("ptr", "b", 3), ("p", 4)]
    return kernel_ir("dot", "symc_rt_dot_f64", sig, args, returns_scalar=True)


def layout(rows, cols, kind):
    """(offset, row stride, column stride, buffer length) of a rows x cols
    matrix stored as `kind` inside a flat buffer."""
    if kind == "row":
        return 0, cols, 1, rows * cols
    if kind == "col":
        return 0, 1, rows, rows * cols
    if kind == "padded":  # neither stride is 1
        return 3, 2 * cols + 1, 2, 3 + rows * (2 * cols + 1)
    if kind == "reversed":
        return rows * cols - 1, -cols, -1, rows * cols
    if kind == "broadcast-rows":
        return 1, 0, 1, cols + 1
    if kind == "junk-unit":  # strides of unit dimensions are meaningless
        return 0, (cols if rows > 1 else 12345), (1 if cols > 1 else -777), rows * cols
    raise ValueError(kind)


def view(buf, rows, cols, off, rs, cs):
    item = buf.itemsize
    return np.lib.stride_tricks.as_strided(buf[off:], shape=(rows, cols), strides=(rs * item, cs * item)) \
        if rs >= 0 and cs >= 0 else _negative_view(buf, rows, cols, off, rs, cs)


def _negative_view(buf, rows, cols, off, rs, cs):
    idx = off + np.arange(rows)[:, None] * rs + np.arange(cols)[None, :] * cs
    return buf[idx]


def params(values):
    p = np.zeros(16, np.int64)
    p[:len(values)] = values
    return p


@pytest.fixture(scope="module")
def gemm_exes():
    from symc import _native
    return {t: _native.compile(gemm_ir(t), "gemm", pipeline=MEMREF_PIPELINE) for t in ("f32", "f64")}


GEMM_CASES = [
    # (trans_a, trans_b, m, n, k, layout A, layout B, layout C, beta)
    (0, 0, 5, 4, 3, "row", "row", "row", 0.0),
    (1, 0, 5, 4, 3, "row", "row", "row", 0.5),
    (0, 1, 5, 4, 3, "row", "row", "row", 1.0),
    (1, 1, 5, 4, 3, "col", "col", "row", 0.0),
    (0, 0, 5, 4, 3, "col", "row", "col", 2.0),
    (0, 0, 5, 4, 3, "padded", "reversed", "row", 0.0),
    (1, 0, 5, 4, 3, "reversed", "padded", "padded", 0.5),
    (0, 0, 5, 4, 3, "broadcast-rows", "row", "reversed", 0.0),
    (0, 0, 1, 4, 3, "junk-unit", "row", "junk-unit", 0.0),
    (0, 0, 5, 1, 3, "row", "junk-unit", "junk-unit", 1.0),
    (0, 0, 5, 4, 0, "row", "row", "row", 0.5),  # k == 0: C = beta * C
    (0, 0, 0, 4, 3, "row", "row", "row", 0.0),  # empty output
    (0, 0, 64, 48, 80, "row", "col", "col", 0.0),
]


@pytest.mark.parametrize("ftype", ["f64", "f32"])
@pytest.mark.parametrize("case", GEMM_CASES, ids=lambda c: "-".join(map(str, c)))
def test_gemm_any_layout(case, ftype, gemm_exes):
    ta, tb, m, n, k, la, lb, lc, beta = case
    dtype = np.float64 if ftype == "f64" else np.float32
    a_rows, a_cols = (k, m) if ta else (m, k)
    b_rows, b_cols = (n, k) if tb else (k, n)
    ao, ars, acs, alen = layout(a_rows, a_cols, la)
    bo, brs, bcs, blen = layout(b_rows, b_cols, lb)
    co, crs, ccs, clen = layout(m, n, lc)
    a = RNG.standard_normal(max(alen, 1)).astype(dtype)
    b = RNG.standard_normal(max(blen, 1)).astype(dtype)
    c = RNG.standard_normal(max(clen, 1)).astype(dtype)
    if beta == 0.0:
        c[:] = np.nan  # beta == 0 ignores C's prior contents
    alpha = 1.5
    p = params([ta, tb, m, n, k, ao, ars, acs, bo, brs, bcs, co, crs, ccs])
    (got,) = gemm_exes[ftype](a, b, c, p, np.array([alpha, beta], dtype))
    A = view(a, a_rows, a_cols, ao, ars, acs)
    B = view(b, b_rows, b_cols, bo, brs, bcs)
    opA, opB = (A.T if ta else A), (B.T if tb else B)
    expected = c.copy()
    idx = co + np.arange(m)[:, None] * crs + np.arange(n)[None, :] * ccs
    old = np.zeros((m, n), dtype) if beta == 0.0 else c[idx]
    expected[idx] = alpha * (opA.astype(np.float64) @ opB.astype(np.float64)) + beta * old
    tol = 1e-12 if ftype == "f64" else 1e-4
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("trans, la, incx, incy, beta", [
    (0, "row", 1, 1, 0.0), (1, "row", 2, -1, 0.5), (0, "col", -2, 3, 1.0), (1, "padded", 1, 1, 0.0),
    (0, "reversed", 0, 1, 0.0), (0, "broadcast-rows", 1, -2, 2.0)])
def test_gemv_any_layout(trans, la, incx, incy, beta, native):
    exe = native.compile(gemv_ir(), "gemv", pipeline=MEMREF_PIPELINE)
    m, n = 6, 4
    lx, ly = (m, n) if trans else (n, m)
    ao, ars, acs, alen = layout(m, n, la)
    a = RNG.standard_normal(alen)
    x = RNG.standard_normal(1 + abs(incx) * lx)
    y = RNG.standard_normal(1 + abs(incy) * ly)
    if beta == 0.0:
        y[:] = np.nan
    xo = 0 if incx >= 0 else abs(incx) * (lx - 1)
    yo = 0 if incy >= 0 else abs(incy) * (ly - 1)
    p = params([trans, m, n, ao, ars, acs, xo, incx, yo, incy])
    (got,) = exe(a, x, y, p, np.array([0.75, beta]))
    A = view(a, m, n, ao, ars, acs)
    xv = x[xo + np.arange(lx) * incx]
    yi = yo + np.arange(ly) * incy
    expected = y.copy()
    old = np.zeros(ly) if beta == 0.0 else y[yi]
    expected[yi] = 0.75 * ((A.T if trans else A) @ xv) + beta * old
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("la, incx, incy", [("row", 1, 1), ("col", -1, 2), ("padded", 2, -1),
                                            ("reversed", 1, 0)])
def test_ger_any_layout(la, incx, incy, native):
    exe = native.compile(ger_ir(), "ger", pipeline=MEMREF_PIPELINE)
    m, n = 5, 3
    ao, ars, acs, alen = layout(m, n, la)
    x = RNG.standard_normal(1 + abs(incx) * m)
    y = RNG.standard_normal(1 + abs(incy) * n)
    a = RNG.standard_normal(alen)
    xo = 0 if incx >= 0 else abs(incx) * (m - 1)
    yo = 0 if incy >= 0 else abs(incy) * (n - 1)
    # ger reads x from buffer "a" and y from "b" and updates "out".
    p = params([m, n, xo, incx, yo, incy, ao, ars, acs])
    (got,) = exe(x, y, a, p, np.array([2.0, 0.0]))
    xv, yv = x[xo + np.arange(m) * incx], y[yo + np.arange(n) * incy]
    idx = ao + np.arange(m)[:, None] * ars + np.arange(n)[None, :] * acs
    expected = a.copy()
    expected[idx] += 2.0 * np.outer(xv, yv)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n, incx, incy", [(7, 1, 1), (7, -2, 3), (5, 0, 1), (0, 1, 1), (1000, 1, -1)])
def test_dot_any_stride(n, incx, incy, native):
    exe = native.compile(dot_ir(), "dot", pipeline=MEMREF_PIPELINE)
    x = RNG.standard_normal(1 + abs(incx) * n)
    y = RNG.standard_normal(1 + abs(incy) * n)
    xo = 0 if incx >= 0 else abs(incx) * (n - 1)
    yo = 0 if incy >= 0 else abs(incy) * (n - 1)
    (got,) = exe(x, y, np.zeros(1), params([n, xo, incx, yo, incy]), np.zeros(2))
    expected = x[xo + np.arange(n) * incx] @ y[yo + np.arange(n) * incy]
    np.testing.assert_allclose(got[0], expected, rtol=1e-12, atol=1e-12)
