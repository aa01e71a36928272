"""symc-fuse-gemv-pairs end to end: the logistic-regression step (B2 of
BENCHMARKS.md) and variants compute X.w and X^T.g in one pass over X, with
the values of a NumPy-written step as the oracle."""

import numpy as np
import pytest

import symc
import symc.tensor as st

LR, L2 = 0.1, 0.01


def numpy_step(x, y, w, b):
    """(cost, new w, new b) of one step; b None means no bias."""
    z = x @ w + (0.0 if b is None else b)
    p = 1 / (1 + np.exp(-z))
    cost = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + L2 * np.sum(w ** 2)
    gz = (p - y) / len(y)
    new_b = None if b is None else b - LR * gz.sum()
    return cost, w - LR * (x.T @ gz + 2 * L2 * w), new_b


def logistic_step(dtype, w0, b0, view=None):
    """symc.function([x, y], cost) updating shared w (and b unless b0 is None).
    `view` makes X a view of the argument inside the graph: "transposed" (the
    argument is X^T) or "strided" (X is every other column of the argument)."""
    w = symc.shared(w0.copy(), name="w")
    b = None if b0 is None else symc.shared(np.asarray(b0, dtype=dtype), name="b")
    tx = st.tensor(dtype, shape=(None, None), name="x")
    ty = st.tensor(dtype, shape=(None,), name="y")
    x = {None: tx, "transposed": tx.T, "strided": tx[:, ::2]}[view]
    z = st.dot(x, w) if b is None else st.dot(x, w) + b
    p = st.nnet.sigmoid(z)
    cost = st.nnet.binary_crossentropy(p, ty).mean() + L2 * (w ** 2).sum()
    params = [w] if b is None else [w, b]
    grads = symc.grad(cost, params)
    f = symc.function([tx, ty], cost, updates=[(v, v - LR * g) for v, g in zip(params, grads)])
    return f, w, b


def problem(n, d, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(dtype)
    y = rng.integers(0, 2, size=n).astype(dtype)
    w0 = (0.01 * rng.standard_normal(d)).astype(dtype)
    return x, y, w0


def check_steps(f, w, b, x_arg, x, y, w0, b0, steps, rtol, atol):
    wr, br = w0.astype(np.float64), None if b0 is None else float(b0)
    for _ in range(steps):
        cost_ref, wr, br = numpy_step(x.astype(np.float64), y.astype(np.float64), wr, br)
        cost = f(x_arg, y)
        np.testing.assert_allclose(cost, cost_ref, rtol=rtol, atol=atol)
        np.testing.assert_allclose(w.get_value(), wr, rtol=rtol, atol=atol)
        if b is not None:
            np.testing.assert_allclose(b.get_value(), br, rtol=rtol, atol=atol)


def test_b2_step_reads_x_once_and_matches_numpy():
    x, y, w0 = problem(400, 784, "float64")
    f, w, b = logistic_step("float64", w0, 0.25)
    # Both products became the fused loop: no gemv call is left.
    assert "symc_rt_gemv" not in f.dump_mlir("llvm")
    check_steps(f, w, b, x, x, y, w0, 0.25, steps=3, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("n", [1, 3, 5, 7, 8])
def test_rows_not_a_multiple_of_the_block(n):
    x, y, w0 = problem(n, 13, "float64", seed=n)
    f, w, b = logistic_step("float64", w0, -0.5)
    check_steps(f, w, b, x, x, y, w0, -0.5, steps=2, rtol=1e-9, atol=1e-12)


def test_float32():
    x, y, w0 = problem(101, 67, "float32")
    f, w, b = logistic_step("float32", w0, 0.1)
    assert "symc_rt_gemv" not in f.dump_mlir("llvm")
    check_steps(f, w, b, x, x, y, w0, 0.1, steps=2, rtol=2e-4, atol=1e-5)


def test_without_bias():
    x, y, w0 = problem(50, 30, "float64")
    f, w, _ = logistic_step("float64", w0, None)
    assert "symc_rt_gemv" not in f.dump_mlir("llvm")
    check_steps(f, w, None, x, x, y, w0, None, steps=2, rtol=1e-9, atol=1e-12)


def test_non_contiguous_inputs():
    x, y, w0 = problem(41, 29, "float64")
    f, w, b = logistic_step("float64", w0, 0.3)
    # A Fortran-ordered X and a strided view as arguments.
    check_steps(f, w, b, np.asfortranarray(x), x, y, w0, 0.3, steps=1, rtol=1e-9, atol=1e-12)
    w.set_value(w0.copy())
    b.set_value(np.asarray(0.3))
    wide = np.zeros((41, 58))
    wide[:, ::2] = x
    check_steps(f, w, b, wide[:, ::2], x, y, w0, 0.3, steps=1, rtol=1e-9, atol=1e-12)


def test_strided_view_in_the_graph():
    # X = every other column of the argument: rows with a non-unit stride
    # take the fused loops through their strides.
    x, y, w0 = problem(37, 21, "float64")
    f, w, b = logistic_step("float64", w0, 0.2, view="strided")
    assert "symc_rt_gemv" not in f.dump_mlir("llvm")
    wide = np.zeros((37, 42))
    wide[:, ::2] = x
    check_steps(f, w, b, wide, x, y, w0, 0.2, steps=2, rtol=1e-9, atol=1e-12)


def test_transposed_view_in_the_graph_stays_blas():
    # X = transpose(X^T) inside the graph: X's rows are columns of the
    # argument, which BLAS reads better than row blocks; not fused.
    x, y, w0 = problem(37, 21, "float64")
    f, w, b = logistic_step("float64", w0, 0.2, view="transposed")
    assert f.dump_mlir("llvm").count("symc_rt_gemv") >= 2
    check_steps(f, w, b, np.ascontiguousarray(x.T), x, y, w0, 0.2, steps=2, rtol=1e-9, atol=1e-12)


def test_empty_batch_keeps_the_weight_decay_update():
    x, y, w0 = problem(0, 9, "float64")
    f, w, b = logistic_step("float64", w0, 0.2)
    f(x, y)
    np.testing.assert_allclose(w.get_value(), w0 - LR * 2 * L2 * w0, rtol=1e-12)
    np.testing.assert_allclose(b.get_value(), 0.2)


def test_reduction_over_rows_in_the_middle_is_not_fused():
    # g = z - mean(z) is not row local: both products stay BLAS calls and
    # the values are still right.
    x, y, _ = problem(30, 11, "float64")
    w0 = np.linspace(-1, 1, 11)
    tx, tw = st.dmatrix("x"), st.dvector("w")
    z = st.dot(tx, tw)
    g = z - z.mean()
    out = st.dot(tx.T, g)
    f = symc.function([tx, tw], out)
    assert f.dump_mlir("llvm").count("symc_rt_gemv") >= 2
    zr = x @ w0
    np.testing.assert_allclose(f(x, w0), x.T @ (zr - zr.mean()), rtol=1e-10, atol=1e-12)


def test_first_product_with_an_accumulator():
    # z = X.w + v becomes gemv(1, X, w, 1, v): the fused loop adds beta * v.
    x, y, w0 = problem(23, 17, "float64")
    v0 = np.linspace(-0.5, 0.5, 23)
    tx, tw, tv, ty = st.dmatrix("x"), st.dvector("w"), st.dvector("v"), st.dvector("y")
    p = st.nnet.sigmoid(st.dot(tx, tw) + tv)
    cost = st.nnet.binary_crossentropy(p, ty).mean()
    f = symc.function([tx, tw, tv, ty], [cost, symc.grad(cost, tw)])
    assert "symc_rt_gemv" not in f.dump_mlir("llvm")
    cost_got, gw = f(x, w0, v0, y)
    pr = 1 / (1 + np.exp(-(x @ w0 + v0)))
    np.testing.assert_allclose(cost_got, -np.mean(y * np.log(pr) + (1 - y) * np.log(1 - pr)), rtol=1e-10)
    np.testing.assert_allclose(gw, x.T @ ((pr - y) / len(y)), rtol=1e-9, atol=1e-13)
