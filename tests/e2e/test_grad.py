"""Gradients compiled through symc.function: training steps against NumPy
written by hand, verify_grad on the native path, stability of the compiled
gradients at extreme inputs, second derivatives."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, rng, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.gradient import OpFromGraph, hessian, verify_grad  # noqa: E402


def np_softmax(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logistic_regression_steps_match_numpy(dtype):
    r = rng(0)
    n, d, k = 40, 7, 3
    xv = r.normal(size=(n, d)).astype(dtype)
    yv = r.integers(0, k, size=n)
    w = symc.shared(np.zeros((d, k), dtype), name="w")
    b = symc.shared(np.zeros(k, dtype), name="b")
    x, y = st.tensor(dtype, shape=(None, None), name="x"), st.lvector("y")
    p = st.nnet.softmax(st.dot(x, w) + b)
    cost = st.nnet.categorical_crossentropy(p, y).mean() + 0.01 * (w ** 2).sum()
    gw, gb = symc.grad(cost, [w, b])
    lr = np.asarray(0.5, dtype)
    train = symc.function([x, y], cost, updates=[(w, w - lr * gw), (b, b - lr * gb)])
    wn, bn = np.zeros((d, k)), np.zeros(k)
    for _ in range(5):
        pn = np_softmax(xv.astype(np.float64) @ wn + bn)
        cost_n = -np.log(pn[np.arange(n), yv]).mean() + 0.01 * (wn ** 2).sum()
        dlogits = pn.copy()
        dlogits[np.arange(n), yv] -= 1
        dlogits /= n
        gwn = xv.T.astype(np.float64) @ dlogits + 0.02 * wn
        gbn = dlogits.sum(axis=0)
        got = train(xv, yv)
        tol = 1e-4 if dtype == "float32" else 1e-10
        np.testing.assert_allclose(got, cost_n, rtol=tol)
        wn, bn = wn - 0.5 * gwn, bn - 0.5 * gbn
        np.testing.assert_allclose(w.get_value(), wn, rtol=tol, atol=tol)
        np.testing.assert_allclose(b.get_value(), bn, rtol=tol, atol=tol)


def test_mlp_gradients_match_numpy():
    r = rng(1)
    xv, yv = r.normal(size=(8, 5)), r.integers(0, 4, size=8)
    w1v, w2v = r.normal(size=(5, 6)) * 0.5, r.normal(size=(6, 4)) * 0.5
    x, y = st.dmatrix("x"), st.lvector("y")
    w1, w2 = st.dmatrix("w1"), st.dmatrix("w2")
    h = st.tanh(st.dot(x, w1))
    cost = st.nnet.categorical_crossentropy(st.nnet.softmax(st.dot(h, w2)), y).mean()
    f = symc.function([x, y, w1, w2], symc.grad(cost, [w1, w2]))
    g1, g2 = f(xv, yv, w1v, w2v)
    hn = np.tanh(xv @ w1v)
    d = np_softmax(hn @ w2v)
    d[np.arange(8), yv] -= 1
    d /= 8
    assert_close(g2, hn.T @ d)
    assert_close(g1, xv.T @ ((d @ w2v.T) * (1 - hn ** 2)))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_tanh_gradient_matches_numpy_at_edge_values(dtype):
    # Saturated tanh gives an exact 0, not NaN; NaN propagates; the gradient
    # flowing in broadcasts from a row.
    x, w = st.matrix(dtype=dtype, name="x"), st.matrix(dtype=dtype, shape=(1, None), name="w")
    f = symc.function([x, w], symc.grad((st.tanh(x) * w).sum(), x))
    xv = np.array([[-40.0, -1.5, 0.0, 0.7], [3.0, 20.0, np.nan, -1e-30]], dtype=dtype)
    wv = np.array([[0.5, -2.0, 3.0, 1.0]], dtype=dtype)
    out = f(xv, wv)
    assert out.dtype == dtype
    expected = wv * (1 - np.tanh(xv) ** 2)
    np.testing.assert_allclose(out, expected, rtol=1e-5 if dtype == "float32" else 1e-13, atol=0)
    assert out[0, 0] == 0 and np.isnan(out[1, 2])


CASES = {
    "elementwise": (lambda a, b: st.sigmoid(a) * st.log1p(b ** 2) / (1 + st.exp(-a)), [(3, 4), (1, 4)]),
    "reductions": (lambda a: a.prod(axis=1) + a.max(axis=0).sum() + st.logsumexp(a, axis=1), [(3, 4)]),
    "dot": (lambda a, b: st.dot(a, b.T), [(3, 4), (2, 4)]),
    "indexing": (lambda a: st.inc_subtensor(a[[0, 2, 0]], a[1]) ** 2 + a[::-1], [(3, 4)]),
    "crossentropy": (lambda a: st.nnet.categorical_crossentropy(st.nnet.softmax(a), np.array([0, 3, 1])), [(3, 4)]),
    "conv2d": (lambda a, w: st.nnet.conv2d(a, w, border_mode="half", subsample=(2, 1)), [(2, 2, 5, 5), (3, 2, 3, 3)]),
    "pool": (lambda a: st.concatenate([st.nnet.pool_2d(a, (2, 2), ignore_border=False, mode="average_exc_pad")
                                       .flatten(), st.nnet.max_pool_2d(a, (2, 2)).flatten()]), [(1, 2, 5, 5)]),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_verify_grad_through_compiled_functions(name, dtype):
    fn, shapes = CASES[name]
    pt = [rng(i).uniform(-1, 1, size=s).astype(dtype) for i, s in enumerate(shapes)]
    verify_grad(fn, pt, rng=0, n_tests=1, use_native=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_compiled_gradients_are_finite_at_extremes(dtype):
    x = st.tensor(dtype, shape=(None,), name="x")
    z = st.tensor(dtype, shape=(None, None), name="z")
    y = st.lvector("y")
    costs = [st.sigmoid(x).sum(), st.softplus(x).sum(), st.log(st.sigmoid(x)).sum(),
             st.nnet.binary_crossentropy(st.sigmoid(x), 0.5).sum()]
    ce = st.nnet.categorical_crossentropy(st.nnet.softmax(z), y).sum()
    f = symc.function([x, z, y], [symc.grad(c, x) for c in costs] + [symc.grad(ce, z)])
    xv = np.array([-1000, -800, 0, 800, 1000], dtype=dtype)
    zv = np.array([[800, -800, 0], [-800, 800, 0]], dtype=dtype)
    out = f(xv, zv, np.array([1, 1]))
    for o in out:
        assert np.all(np.isfinite(o)), o
    expected = np_softmax(zv.astype(np.float64))
    expected[np.arange(2), [1, 1]] -= 1
    np.testing.assert_allclose(out[-1], expected, atol=1e-6)


def test_hessian_compiled():
    x = st.tensor("float64", shape=(3,), name="x")
    a = rng(2).normal(size=(3, 3))
    f = symc.function([x], hessian(st.dot(x, st.dot(st.constant(a), x)) + st.exp(x).sum(), x))
    xv = np.array([0.1, -0.2, 0.3])
    assert_close(f(xv), a + a.T + np.diag(np.exp(xv)))


def test_stop_gradient_and_op_from_graph_compile():
    v = st.dvector()
    clipped_grad = OpFromGraph([v], v * 1.0, grad_overrides=lambda i, g: [st.clip(g[0], -1, 1)])
    x = st.dvector("x")
    cost = (clipped_grad(x) * 5).sum() + (st.stop_gradient(x) * x).sum()
    f = symc.function([x], symc.grad(cost, x))
    xv = np.array([1.0, -2.0])
    assert_close(f(xv), [1.0 + 1.0, 1.0 - 2.0])
