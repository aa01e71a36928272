"""symc IR through the default pipeline (symc-lower-to-llvm-pipeline) and the
runtime: the integration of the lowering with the runtime, NumPy as the
oracle.

The pipeline lives on the lowering branch until it is merged; until then
every test here is skipped with that reason (the runtime itself is covered
by the other test_native*.py files through upstream pipelines).
"""

import gc

import numpy as np
import pytest

from symc import _native


def _pipeline_available():
    return _native.has_pass("symc-lower-to-llvm-pipeline")


pytestmark = pytest.mark.skipif(not _pipeline_available(),
                                reason="symc-lower-to-llvm-pipeline is not in this build (lowering branch not merged)")

RNG = np.random.default_rng(3)


def compile_symc(ir, function, tmp_path):
    return _native.compile(ir, function, dump_dir=str(tmp_path))


@pytest.mark.parametrize("t, dtype, rtol", [("f64", np.float64, 1e-13), ("f32", np.float32, 1e-5)])
def test_b1_expression_matches_numpy(t, dtype, rtol, tmp_path):
    ir = f"""
func.func @b1(%x: tensor<?x{t}>, %y: tensor<?x{t}>) -> tensor<?x{t}> {{
  %one = symc.constant dense<1.0> : tensor<1x{t}>
  %half = symc.constant dense<0.5> : tensor<1x{t}>
  %e = symc.exp %x : tensor<?x{t}>
  %s = symc.add %e, %one : tensor<?x{t}>, tensor<1x{t}>
  %l = symc.log %s : tensor<?x{t}>
  %m = symc.mul %l, %y : tensor<?x{t}>, tensor<?x{t}>
  %th = symc.tanh %x : tensor<?x{t}>
  %h = symc.mul %th, %half : tensor<?x{t}>, tensor<1x{t}>
  %r = symc.add %m, %h : tensor<?x{t}>, tensor<?x{t}>
  return %r : tensor<?x{t}>
}}
"""
    f = compile_symc(ir, "b1", tmp_path)
    for n in (0, 1, 7, 1000, 100003):
        x = (3 * RNG.standard_normal(n)).astype(dtype)
        y = RNG.standard_normal(n).astype(dtype)
        expected = np.log1p(np.exp(x.astype(np.float64))) * y + np.tanh(x.astype(np.float64)) * 0.5
        (got,) = f(x, y)
        assert got.dtype == dtype
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("dtype, t", [("float64", "f64"), ("float32", "f32"), ("int64", "i64"), ("int32", "i32"),
                                      ("int8", "i8"), ("uint8", "ui8")])
def test_add_broadcasts_along_static_one_dimensions(dtype, t, tmp_path):
    ir = f"""
func.func @f(%a: tensor<?x4x{t}>, %b: tensor<1x4x{t}>) -> tensor<?x4x{t}> {{
  %r = symc.add %a, %b : tensor<?x4x{t}>, tensor<1x4x{t}>
  return %r : tensor<?x4x{t}>
}}
"""
    f = compile_symc(ir, "f", tmp_path)
    for rows in (0, 1, 5):
        if dtype.startswith(("int", "uint")):
            a = RNG.integers(0, 100, size=(rows, 4)).astype(dtype)
            b = RNG.integers(0, 100, size=(1, 4)).astype(dtype)
        else:
            a = RNG.standard_normal((rows, 4)).astype(dtype)
            b = RNG.standard_normal((1, 4)).astype(dtype)
        (got,) = f(a, b)
        np.testing.assert_array_equal(got, a + b)
    (got,) = f(a[::-1], b)  # negatively strided input
    np.testing.assert_array_equal(got, a[::-1] + b)


MISMATCH = """
func.func @f(%a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.add %a, %b : tensor<?xf64>, tensor<?xf64>
  return %r : tensor<?xf64>
}
"""


def test_a_run_time_shape_mismatch_names_the_op_and_the_sizes(tmp_path):
    f = compile_symc(MISMATCH, "f", tmp_path)
    np.testing.assert_array_equal(f(np.ones(3), np.ones(3))[0], 2 * np.ones(3))
    gc.collect()
    live = _native.live_buffers()
    with pytest.raises(ValueError) as info:
        f(np.ones(3), np.ones(4))
    message = str(info.value)
    assert "symc.add" in message and "3" in message and "4" in message
    assert _native.live_buffers() == live


def test_a_failed_call_leaves_shared_cells_unchanged(tmp_path):
    f = compile_symc(MISMATCH, "f", tmp_path)
    cell = _native.SharedCell(np.arange(3.0), name="acc")
    step = f.bind(names=["x"], shared=[cell], updates=[(0, cell)], n_outputs=0)
    step(np.ones(3))
    np.testing.assert_array_equal(cell.value, np.arange(3.0) + 1)
    before = cell.value
    with pytest.raises(ValueError, match="symc.add"):
        step(np.ones(4))
    assert cell.value is before


def test_matrix_vector_dot_of_any_layout(tmp_path):
    ir = """
func.func @mv(%a: tensor<?x?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.dot %a, %b : tensor<?x?xf64>, tensor<?xf64>
  return %c : tensor<?xf64>
}
"""
    f = compile_symc(ir, "mv", tmp_path)
    a = RNG.standard_normal((7, 5))
    b = RNG.standard_normal(5)
    np.testing.assert_allclose(f(a, b)[0], a @ b, rtol=1e-13)
    at = RNG.standard_normal((5, 7)).T
    np.testing.assert_allclose(f(at, b)[0], at @ b, rtol=1e-13)
    np.testing.assert_allclose(f(np.zeros((0, 5)), b)[0], np.zeros(0))
    with pytest.raises(ValueError, match="symc.dot"):
        f(a, np.ones(4))
