"""Calling compiled functions through symc._native: NumPy arrays in, NumPy
arrays out, with NumPy as the oracle.

The IR is hand-written linalg on tensors (or memrefs) lowered by upstream
passes (conftest.UPSTREAM_PIPELINE), which exercises the runtime, the ABI of
runtime/CRuntime.h and the extension independently of the symc lowering.
"""

import gc
import os
import threading

import numpy as np
import pytest

RNG = np.random.default_rng(0)

ADD_BODY = {
    "float64": "%r0 = arith.addf %a0, %a1 : f64",
    "float32": "%r0 = arith.addf %a0, %a1 : f32",
    "int64": "%r0 = arith.addi %a0, %a1 : i64",
    "int32": "%r0 = arith.addi %a0, %a1 : i32",
    "int16": "%r0 = arith.addi %a0, %a1 : i16",
    "int8": "%r0 = arith.addi %a0, %a1 : i8",
    "bool": "%r0 = arith.ori %a0, %a1 : i1",
}


def random_array(shape, dtype):
    if dtype == "bool":
        return RNG.random(shape) < 0.5
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return RNG.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)
    return RNG.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("dtype", sorted(ADD_BODY))
def test_elementwise_add_matches_numpy_for_every_dtype(dtype, ir, compile_ir):
    exe = compile_ir(ir.elementwise("add", (None, None), [dtype, dtype], dtype, ADD_BODY[dtype]), "add")
    assert exe.input_types == [(dtype, (None, None))] * 2
    assert exe.output_types == [(dtype, (None, None))]
    for shape in [(3, 4), (1, 1), (1, 7), (5, 1), (0, 3), (3, 0), (17, 33)]:
        x, y = random_array(shape, dtype), random_array(shape, dtype)
        (got,) = exe(x, y)
        expected = (x | y) if dtype == "bool" else (x + y)
        assert got.dtype == np.dtype(dtype) and got.shape == shape
        np.testing.assert_array_equal(got, expected)


def test_uint8_arrays_pass_through_unchanged(ir, compile_ir):
    exe = compile_ir(ir.elementwise("copy", (None,), ["uint8"], "uint8", "", result="%a0"), "copy")
    assert exe.input_types == [("uint8", (None,))]
    x = np.arange(256, dtype=np.uint8)
    (got,) = exe(x)
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, x)


def test_one_compiled_function_serves_every_shape(ir, compile_ir):
    body = """
%p = arith.mulf %a0, %a1 : f64
%r0 = arith.addf %p, %a0 : f64
"""
    exe = compile_ir(ir.elementwise("fma", (None, None, None), ["float64"] * 2, "float64", body), "fma")
    for shape in [(2, 3, 4), (1, 1, 1), (4, 0, 2), (0, 0, 0), (7, 1, 9)]:
        x, y = random_array(shape, "float64"), random_array(shape, "float64")
        (got,) = exe(x, y)
        np.testing.assert_allclose(got, x * y + x, rtol=1e-15)


def test_rank_zero_tensors_are_scalar_arrays(ir, compile_ir):
    exe = compile_ir(ir.elementwise("s", (), ["float64", "float64"], "float64", ADD_BODY["float64"]), "s")
    (got,) = exe(np.array(1.5), np.array(2.25))
    assert got.shape == () and got == 3.75


def test_transcendental_math_is_accurate(ir, compile_ir):
    body = """
%e = math.exp %a0 : f64
%one = arith.constant 1.0 : f64
%s = arith.addf %e, %one : f64
%l = math.log %s : f64
%t = math.tanh %a0 : f64
%half = arith.constant 0.5 : f64
%h = arith.mulf %t, %half : f64
%m = arith.mulf %l, %a1 : f64
%r0 = arith.addf %m, %h : f64
"""
    exe = compile_ir(ir.elementwise("b1", (None,), ["float64"] * 2, "float64", body), "b1")
    x = 3 * RNG.standard_normal(10007)
    y = RNG.standard_normal(10007)
    (got,) = exe(x, y)
    np.testing.assert_allclose(got, np.log(1 + np.exp(x)) * y + np.tanh(x) * 0.5, rtol=1e-13, atol=1e-15)


def test_static_sizes_are_checked_with_a_value_error(ir, compile_ir):
    exe = compile_ir(ir.elementwise("st", (3, None), ["float64"] * 2, "float64", ADD_BODY["float64"]), "st")
    assert exe.input_types == [("float64", (3, None))] * 2
    x = np.ones((3, 5))
    np.testing.assert_array_equal(exe(x, x)[0], 2 * x)
    with pytest.raises(ValueError, match=r"argument #1: expected a float64 array of shape \(3, \?\), got shape \(4, 5\)"):
        exe(x, np.ones((4, 5)))


def test_wrong_dtype_rank_or_type_is_a_type_error_naming_the_argument(ir, compile_ir):
    exe = compile_ir(ir.elementwise("add", (None,), ["float64"] * 2, "float64", ADD_BODY["float64"]), "add")
    x = np.ones(3)
    with pytest.raises(TypeError, match=r"argument #1: expected a float64 array of shape \(\?,\), got a float32 array"):
        exe(x, np.ones(3, np.float32))
    with pytest.raises(TypeError, match=r"argument #0: .* got a float64 array of shape \(3, 1\)"):
        exe(np.ones((3, 1)), x)
    with pytest.raises(TypeError, match=r"argument #1: .* got an object of type list"):
        exe(x, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="takes 2 arrays but 1 were given"):
        exe(x)
    with pytest.raises(TypeError, match="positional arrays only"):
        exe(x, y=x)


def test_int64_arrays_of_either_numpy_type_number_are_accepted(ir, compile_ir):
    exe = compile_ir(ir.elementwise("add", (None,), ["int64"] * 2, "int64", ADD_BODY["int64"]), "add")
    x = np.arange(5, dtype=np.longlong)  # NPY_LONGLONG, not NPY_LONG
    np.testing.assert_array_equal(exe(x, x)[0], 2 * x)


@pytest.mark.parametrize("layout", ["strided", "transposed", "reversed", "fortran", "misaligned", "byteswapped",
                                    "broadcast", "readonly"])
def test_inputs_of_any_layout_give_correct_results(layout, ir, compile_ir):
    body = """
%p = arith.mulf %a0, %a1 : f64
%r0 = arith.subf %p, %a1 : f64
"""
    exe = compile_ir(ir.elementwise("f", (None, None), ["float64"] * 2, "float64", body), "f")
    base = RNG.standard_normal((8, 6))
    y = RNG.standard_normal((4, 6))
    if layout == "strided":
        x = base[::2]
    elif layout == "transposed":
        x = RNG.standard_normal((6, 4)).T
        y = RNG.standard_normal((4, 6))
    elif layout == "reversed":
        x = base[:-5:-1, ::-1]
    elif layout == "fortran":
        x = np.asfortranarray(base[:4])
    elif layout == "misaligned":
        raw = np.zeros(4 * 6 * 8 + 1, np.uint8)
        x = np.frombuffer(raw.data, dtype=np.float64, count=24, offset=1).reshape(4, 6)
        x.flags.writeable = False
        assert not x.flags.aligned
        raw[1:] = np.frombuffer(base[:4].tobytes(), np.uint8)
    elif layout == "byteswapped":
        x = base[:4].astype(">f8")
    elif layout == "broadcast":
        x = np.broadcast_to(base[0], (4, 6))
    else:
        x = base[:4].copy()
        x.flags.writeable = False
    x_before = np.array(x, copy=True)
    (got,) = exe(x, y)
    np.testing.assert_allclose(got, x_before * y - y, rtol=1e-15)
    np.testing.assert_array_equal(x, x_before)


def test_results_are_fresh_arrays_owned_by_the_caller(native, ir, compile_ir):
    exe = compile_ir(ir.elementwise("f", (None,), ["float64"], "float64", "", result="%a0"), "f")
    x = np.arange(5.0)
    (a,) = exe(x)
    (b,) = exe(x)
    assert a.flags.owndata is False and a.flags.writeable and a.flags.c_contiguous and a.flags.aligned
    assert a.ctypes.data % 64 == 0
    assert not np.shares_memory(a, x) and not np.shares_memory(a, b)
    a[:] = -1
    np.testing.assert_array_equal(b, x)
    np.testing.assert_array_equal(exe(x)[0], x)


def test_result_buffers_return_to_the_pool_when_arrays_die(native, ir, compile_ir):
    exe = compile_ir(ir.elementwise("add", (None,), ["float64"] * 2, "float64", ADD_BODY["float64"]), "add")
    x = np.ones(1000)
    gc.collect()
    before = native.live_buffers()
    results = [exe(x, x)[0] for _ in range(10)]
    assert native.live_buffers() == before + 10
    views = [r[::2] for r in results]
    del results
    assert native.live_buffers() == before + 10  # the views keep their buffers
    del views
    assert native.live_buffers() == before
    if os.environ.get("SYMC_GUARD_ALLOCATIONS", "") in ("", "0"):
        # Guarded buffers (runtime/README.md) are unmapped, never pooled.
        assert native.pool_bytes() >= 8000


MULTI = """
func.func @two(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>,
                                          affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e0, %e1 : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o0: f64, %o1: f64):
    %s = arith.addf %a, %b : f64
    %p = arith.mulf %a, %b : f64
    linalg.yield %s, %p : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}
"""


def test_several_results_come_back_as_a_tuple(compile_ir):
    exe = compile_ir(MULTI, "two")
    assert exe.output_types == [("float64", (None,))] * 2
    x, y = RNG.standard_normal(9), RNG.standard_normal(9)
    s, p = exe(x, y)
    np.testing.assert_array_equal(s, x + y)
    np.testing.assert_array_equal(p, x * y)


# Without buffer deallocation the lowering returns the argument's own buffer
# and leaks its temporaries: the runtime must copy the result and free the
# leaked buffers.
NO_DEALLOC_PIPELINE = (
    "builtin.module("
    "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},"
    "convert-bufferization-to-memref,convert-linalg-to-loops,expand-strided-metadata,lower-affine,"
    "convert-scf-to-cf,convert-arith-to-llvm,finalize-memref-to-llvm{use-generic-functions=true},"
    "convert-cf-to-llvm,convert-func-to-llvm,convert-index-to-llvm,reconcile-unrealized-casts)")

IDENTITY_AND_TEMP = """
func.func @f(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %t = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %a, %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%n) : tensor<?xf64>
  %u = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%t : tensor<?xf64>) outs(%e2 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.mulf %a, %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %x, %u : tensor<?xf64>, tensor<?xf64>
}
"""


def test_a_result_aliasing_an_argument_is_copied_and_leaked_buffers_are_freed(native, compile_ir):
    exe = compile_ir(IDENTITY_AND_TEMP, "f", pipeline=NO_DEALLOC_PIPELINE)
    x = np.arange(6.0)
    gc.collect()
    before = native.live_buffers()
    same, squared = exe(x)
    assert not np.shares_memory(same, x)
    np.testing.assert_array_equal(same, x)
    np.testing.assert_array_equal(squared, (2 * x) ** 2)
    assert native.live_buffers() == before + 2  # the two results; the temporary was freed
    del same, squared
    assert native.live_buffers() == before


STRIDED_RESULTS = """
func.func @views(%x: memref<?xf64>)
    -> (memref<?xf64, strided<[-1], offset: ?>>, memref<?x?xf64, strided<[0, 1]>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %n = memref.dim %x, %c0 : memref<?xf64>
  %buf = memref.alloc(%n) : memref<?xf64>
  memref.copy %x, %buf : memref<?xf64> to memref<?xf64>
  %last = arith.subi %n, %c1 : index
  %rev = memref.reinterpret_cast %buf to offset: [%last], sizes: [%n], strides: [-1]
      : memref<?xf64> to memref<?xf64, strided<[-1], offset: ?>>
  %buf2 = memref.alloc(%n) : memref<?xf64>
  memref.copy %x, %buf2 : memref<?xf64> to memref<?xf64>
  %rows = memref.reinterpret_cast %buf2 to offset: [0], sizes: [%c3, %n], strides: [0, 1]
      : memref<?xf64> to memref<?x?xf64, strided<[0, 1]>>
  return %rev, %rows : memref<?xf64, strided<[-1], offset: ?>>, memref<?x?xf64, strided<[0, 1]>>
}
"""

MEMREF_PIPELINE = ("builtin.module(expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-arith-to-llvm,"
                   "finalize-memref-to-llvm{use-generic-functions=true},convert-cf-to-llvm,convert-func-to-llvm,"
                   "convert-index-to-llvm,reconcile-unrealized-casts)")


def test_strided_results_keep_their_layout_and_broadcast_results_are_packed(native, compile_ir):
    exe = compile_ir(STRIDED_RESULTS, "views", pipeline=MEMREF_PIPELINE)
    x = np.arange(5.0)
    gc.collect()
    before = native.live_buffers()
    rev, rows = exe(x)
    np.testing.assert_array_equal(rev, x[::-1])
    assert rev.strides == (-8,)
    np.testing.assert_array_equal(rows, np.broadcast_to(x, (3, 5)))
    assert rows.strides == (40, 8)  # a zero-stride view came back packed
    rows[0, 0] = 42.0
    assert rows[1, 0] == 0.0
    del rev, rows
    assert native.live_buffers() == before


def fail_ir(message):
    """f(x, y) = x + y over the common length, after a symc.check-like call
    of symc_rt_fail when the lengths differ (the real lowering returns right
    after the call; this one keeps going in bounds)."""
    text = message.encode() + b"\0"
    escaped = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:02X}" for b in text)
    return f"""
llvm.mlir.global internal constant @msg("{escaped}") {{addr_space = 0 : i32}} : !llvm.array<{len(text)} x i8>
func.func private @symc_rt_fail(!llvm.ptr, i64, i64, i64, i64)
func.func @f(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> attributes {{llvm.emit_c_interface}} {{
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %m = tensor.dim %y, %c0 : tensor<?xf64>
  %ne = arith.cmpi ne, %n, %m : index
  scf.if %ne {{
    %p = llvm.mlir.addressof @msg : !llvm.ptr
    %ni = arith.index_cast %n : index to i64
    %mi = arith.index_cast %m : index to i64
    %z = arith.constant 7 : i64
    func.call @symc_rt_fail(%p, %ni, %mi, %z, %z) : (!llvm.ptr, i64, i64, i64, i64) -> ()
  }}
  %k = arith.minui %n, %m : index
  %xs = tensor.extract_slice %x[0] [%k] [1] : tensor<?xf64> to tensor<?xf64>
  %ys = tensor.extract_slice %y[0] [%k] [1] : tensor<?xf64> to tensor<?xf64>
  %e = tensor.empty(%k) : tensor<?xf64>
  %r = linalg.generic {{indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}}
      ins(%xs, %ys : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {{
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  }} -> tensor<?xf64>
  return %r : tensor<?xf64>
}}
"""


FAIL_MESSAGE = "'symc.add' op operand shapes ({0},) and ({1},) do not broadcast (user.py:12) {2}{3}"


def test_a_failed_run_time_check_raises_value_error_and_frees_the_call(native, compile_ir):
    exe = compile_ir(fail_ir(FAIL_MESSAGE), "f")
    np.testing.assert_array_equal(exe(np.ones(3), np.ones(3))[0], 2 * np.ones(3))
    gc.collect()
    before = native.live_buffers()
    for _ in range(3):
        with pytest.raises(ValueError) as info:
            exe(np.ones(3), np.ones(4))
        assert str(info.value) == "'symc.add' op operand shapes (3,) and (4,) do not broadcast (user.py:12) 77"
    assert native.live_buffers() == before
    # The thread's error state does not leak into the next call.
    np.testing.assert_array_equal(exe(np.ones(2), np.ones(2))[0], [2.0, 2.0])


def test_eight_threads_call_one_function_concurrently(ir, compile_ir):
    body = """
%s = math.sin %a0 : f64
%r0 = arith.addf %s, %a1 : f64
"""
    exe = compile_ir(ir.elementwise("f", (None,), ["float64"] * 2, "float64", body), "f")
    fail = compile_ir(fail_ir(FAIL_MESSAGE), "f")
    errors = []
    barrier = threading.Barrier(8)

    def work(seed):
        rng = np.random.default_rng(seed)
        try:
            barrier.wait()
            for i in range(200):
                n = int(rng.integers(0, 20000)) if i % 10 == 0 else int(rng.integers(0, 64))
                x, y = rng.standard_normal(n), rng.standard_normal(n)
                (got,) = exe(x, y)
                np.testing.assert_allclose(got, np.sin(x) + y, rtol=1e-14, atol=1e-15)
                if i % 7 == 0:
                    with pytest.raises(ValueError, match=f"shapes \\({n},\\) and \\({n + 1},\\)"):
                        fail(x, np.ones(n + 1))
        except BaseException as e:  # reported below, in the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


ALIGNED_ALLOC = """
func.func @aligned(%x: memref<?xf64>) -> memref<?xf64> attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf64>
  %buf = memref.alloc(%n) {alignment = 4096 : i64} : memref<?xf64>
  memref.copy %x, %buf : memref<?xf64> to memref<?xf64>
  return %buf : memref<?xf64>
}
"""


def test_over_aligned_allocations_are_honoured_and_freed(native, compile_ir):
    exe = compile_ir(ALIGNED_ALLOC, "aligned", pipeline=MEMREF_PIPELINE)
    x = np.arange(10.0)
    gc.collect()
    before = native.live_buffers()
    results = [exe(x)[0] for _ in range(5)]
    for r in results:
        assert r.ctypes.data % 4096 == 0
        np.testing.assert_array_equal(r, x)
    assert native.live_buffers() == before + 5
    del results, r
    assert native.live_buffers() == before


def test_threads_compile_concurrently(native, ir, upstream_pipeline):
    results, errors = {}, []

    def work(k):
        try:
            body = f"%k = arith.constant {k}.0 : f64\n%r0 = arith.mulf %a0, %k : f64"
            exe = native.compile(ir.elementwise(f"f{k}", (None,), ["float64"], "float64", body), f"f{k}",
                                 pipeline=upstream_pipeline)
            results[k] = exe(np.arange(4.0))[0]
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    for k in range(6):
        np.testing.assert_array_equal(results[k], k * np.arange(4.0))
