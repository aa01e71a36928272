"""The optimizer end to end: what symc-specialize makes of products, powers
and divisions (checked in the optimized IR) computes what NumPy computes, and
the training step of an MLP has one gemm per matrix product, forward and
backward, with no transpose copied and the SGD updates accumulated into the
weights."""

import re

import numpy as np
import pytest

from function_support import skip_module_without_native

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

RNG = np.random.default_rng(0)


def optimized(f):
    return f.dump_mlir("optimized")


def count(ir, op):
    return len(re.findall(rf"= {re.escape(op)} ", ir))


def assert_close(got, want, dtype="float64"):
    tol = 1e-4 if dtype == "float32" else 1e-10
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------
# products
# ---------------------------------------------------------------------------


def test_scaled_transposed_products_with_accumulators_are_one_gemm_each():
    a, b, c = st.dmatrix("a"), st.dmatrix("b"), st.dmatrix("c")
    s = st.dscalar("s")
    outs = [
        c - 0.5 * st.dot(a.T, b),            # gemm(-0.5, a, b, 1, c) transpose_a
        st.dot(2 * a, s * b.T),              # gemm(2 s, a, b, 0, _) transpose_b
        st.dot(a, b).T,                      # gemm(1, b, a, 0, _) both transposed
        -st.dot(a.T, b.T) + 3 * c,           # gemm(-1, a, b, 3, c) both flags
    ]
    f = symc.function([a, b, c, s], outs)
    ir = optimized(f)
    assert count(ir, "symc.gemm") == 4
    assert "symc.dot" not in ir and "[1, 0]" not in ir
    av, bv, cv = RNG.normal(size=(4, 4)), RNG.normal(size=(4, 4)), RNG.normal(size=(4, 4))
    got = f(av, bv, cv, 1.5)
    want = [cv - 0.5 * av.T @ bv, (2 * av) @ (1.5 * bv.T), (av @ bv).T, -(av.T @ bv.T) + 3 * cv]
    for g, w in zip(got, want):
        assert_close(g, w)


def test_gemm_of_rectangular_operands_and_float32():
    a, b, c = st.fmatrix("a"), st.fmatrix("b"), st.fmatrix("c")
    f = symc.function([a, b, c], c + st.dot(a.T, b) * 0.25)
    assert count(optimized(f), "symc.gemm") == 1
    av, bv = RNG.normal(size=(5, 3)).astype("float32"), RNG.normal(size=(5, 7)).astype("float32")
    cv = RNG.normal(size=(3, 7)).astype("float32")
    got = f(av, bv, cv)
    assert got.dtype == np.float32
    assert_close(got, cv + av.T @ bv * 0.25, "float32")


def test_broadcast_bias_stays_an_add():
    x, w, bias = st.dmatrix("x"), st.dmatrix("w"), st.dvector("b")
    f = symc.function([x, w, bias], st.tanh(st.dot(x, w) + bias))
    ir = optimized(f)
    assert count(ir, "symc.gemm") == 1 and count(ir, "symc.add") == 1
    xv, wv, bv = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 5)), RNG.normal(size=5)
    assert_close(f(xv, wv, bv), np.tanh(xv @ wv + bv))


def test_gemv_ger_and_dot():
    a, x, y = st.dmatrix("a"), st.dvector("x"), st.dvector("y")
    outs = [st.dot(a, x) + 2 * y, st.dot(y, a), a - 0.5 * st.outer(x, y), (x * y).sum(), (x ** 2).sum()]
    f = symc.function([a, x, y], outs)
    ir = optimized(f)
    assert count(ir, "symc.gemv") == 2 and count(ir, "symc.ger") == 1 and count(ir, "symc.dot") == 2
    assert "symc.reduce_sum" not in ir and "symc.outer" not in ir
    av, xv, yv = RNG.normal(size=(4, 4)), RNG.normal(size=4), RNG.normal(size=4)
    got = f(av, xv, yv)
    want = [av @ xv + 2 * yv, yv @ av, av - 0.5 * np.outer(xv, yv), (xv * yv).sum(), (xv ** 2).sum()]
    for g, w in zip(got, want):
        assert_close(g, w)


def test_a_broadcast_outer_product_is_no_ger():
    # outer of two 1-element vectors is 1 x 1 and broadcasts along a's
    # columns; as a ger it raised "y has 1 elements but a has 3 columns".
    a = st.tensor("float64", shape=(1, None), name="a")
    x, y = st.tensor("float64", shape=(1,)), st.tensor("float64", shape=(1,))
    f = symc.function([a, x, y], a + st.outer(x, y))
    assert count(optimized(f), "symc.ger") == 0
    assert_close(f(np.arange(3.0)[None], np.array([2.0]), np.array([3.0])), np.arange(3.0)[None] + 6.0)


def test_empty_products():
    a, b, c = st.dmatrix("a"), st.dmatrix("b"), st.dmatrix("c")
    f = symc.function([a, b, c], [st.dot(a, b), c + st.dot(a, b)])
    got = f(np.zeros((2, 0)), np.zeros((0, 3)), np.ones((2, 3)))
    np.testing.assert_array_equal(got[0], np.zeros((2, 3)))
    np.testing.assert_array_equal(got[1], np.ones((2, 3)))


def test_mismatched_product_still_raises():
    a, b, c = st.dmatrix("a"), st.dmatrix("b"), st.dmatrix("c")
    f = symc.function([a, b, c], c + st.dot(a.T, b))
    with pytest.raises(ValueError):
        f(np.ones((3, 2)), np.ones((4, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError):
        f(np.ones((3, 2)), np.ones((3, 2)), np.ones((5, 5)))


# ---------------------------------------------------------------------------
# powers and divisions
# ---------------------------------------------------------------------------


def test_powers_become_cheaper_ops():
    x = st.dvector("x")
    n = st.lvector("n")
    outs = [x ** 2, x ** 0.5, x ** -1, x ** -0.5, x ** 0, x ** 5, x ** -3, n ** 3]
    f = symc.function([x, n], outs)
    ir = optimized(f)
    assert "symc.pow" not in ir
    assert "symc.sqr" in ir and "symc.sqrt" in ir and "symc.reciprocal" in ir
    xv = np.array([0.5, 1.5, 2.0, 3.0])
    nv = np.array([-2, 0, 3, 7])
    got = f(xv, nv)
    want = [xv ** 2, xv ** 0.5, xv ** -1, xv ** -0.5, xv ** 0, xv ** 5, xv ** -3.0, nv ** 3]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-14)
    assert got[-1].dtype == np.int64


def test_division_by_a_constant():
    x = st.dvector("x")
    f = symc.function([x], [x / 4, x / 3, 1 / x])
    ir = optimized(f)
    assert "dense<2.500000e-01>" in ir and count(ir, "symc.div") == 1 and "symc.reciprocal" in ir
    xv = RNG.normal(size=5)
    got = f(xv)
    np.testing.assert_array_equal(got[0], xv / 4)  # exact
    np.testing.assert_array_equal(got[1], xv / 3)  # left a division: 1/3 is not exact
    np.testing.assert_allclose(got[2], 1 / xv, rtol=1e-15)


# ---------------------------------------------------------------------------
# an MLP training step (B3 of BENCHMARKS.md, smaller)
# ---------------------------------------------------------------------------


def mlp_step(dtype, sizes=(20, 16, 5), batch=6):
    rng = np.random.default_rng(1)
    n_in, n_hidden, n_out = sizes
    params = {
        "W1": rng.normal(scale=0.3, size=(n_in, n_hidden)).astype(dtype),
        "b1": rng.normal(scale=0.1, size=n_hidden).astype(dtype),
        "W2": rng.normal(scale=0.3, size=(n_hidden, n_out)).astype(dtype),
        "b2": rng.normal(scale=0.1, size=n_out).astype(dtype),
    }
    shared = {k: symc.shared(v.copy(), name=k) for k, v in params.items()}
    x = st.tensor(dtype, shape=(None, None), name="x")
    y = st.lvector("y")
    h = st.tanh(st.dot(x, shared["W1"]) + shared["b1"])
    p = st.nnet.softmax(st.dot(h, shared["W2"]) + shared["b2"])
    cost = st.nnet.categorical_crossentropy(p, y).mean()
    names = ["W1", "b1", "W2", "b2"]
    grads = symc.grad(cost, [shared[k] for k in names])
    lr = 0.1
    f = symc.function([x, y], cost, updates=[(shared[k], shared[k] - lr * g) for k, g in zip(names, grads)])
    xv = rng.normal(size=(batch, n_in)).astype(dtype)
    yv = rng.integers(0, n_out, size=batch)
    return f, shared, params, xv, yv, lr


def numpy_mlp_step(params, xv, yv, lr):
    W1, b1, W2, b2 = (params[k].astype(np.float64) for k in ("W1", "b1", "W2", "b2"))
    h = np.tanh(xv @ W1 + b1)
    z = h @ W2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    n = len(yv)
    cost = -np.log(p[np.arange(n), yv]).mean()
    dz = p.copy()
    dz[np.arange(n), yv] -= 1
    dz /= n
    dW2, db2 = h.T @ dz, dz.sum(axis=0)
    dh = dz @ W2.T * (1 - h ** 2)
    dW1, db1 = xv.T @ dh, dh.sum(axis=0)
    return cost, {"W1": W1 - lr * dW1, "b1": b1 - lr * db1, "W2": W2 - lr * dW2, "b2": b2 - lr * db2}


GEMM = re.compile(r"(%\w+) = symc\.gemm (%\w+), (%\w+), (%\w+), (%\w+), (%\w+)(?: \{([a-z_, ]*)\})? :")
CONSTANT = re.compile(r"(%\w+) = symc\.constant dense<([^>]*)> : tensor<f(?:32|64)>")
DIMSHUFFLE = re.compile(r"symc\.dimshuffle %\w+ \[([^\]]*)\]")


def gemms(ir):
    """Each symc.gemm as (alpha, a, b, beta, c, flags), scalars by value."""
    scalars = {name: float(value) for name, value in CONSTANT.findall(ir)}
    found = []
    for _, alpha, a, b, beta, c, flags in GEMM.findall(ir):
        found.append((scalars.get(alpha, alpha), a, b, scalars.get(beta, beta), c,
                      frozenset(f.strip() for f in flags.split(",") if f.strip())))
    return found


def assert_no_transpose_copies(ir):
    """No dimshuffle reorders dimensions (a transposed copy at the symc
    level); adding or dropping broadcastable dimensions is free."""
    for pattern in DIMSHUFFLE.findall(ir):
        kept = [int(d) for d in pattern.split(",") if d.strip() != "x"]
        assert kept == sorted(kept), f"dimshuffle [{pattern}] transposes"


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_mlp_training_step_has_one_gemm_per_product(dtype):
    f, shared, params, xv, yv, lr = mlp_step(dtype)
    ir = optimized(f)
    assert "symc.dot" not in ir
    assert_no_transpose_copies(ir)
    assert count(ir, "symc.crossentropy_softmax") == 1 and count(ir, "symc.crossentropy_softmax_grad") == 1
    args = re.search(r"func\.func @\w+\(([^)]*)\)", ir).group(1)
    x, _, W1, _, W2, _ = re.findall(r"(%arg\d+):", args)
    products = gemms(ir)
    assert len(products) == 5, products
    forward = [g for g in products if (g[1], g[2]) == (x, W1) or (g[2] == W2 and not g[5])]
    # One gemm per layer forward: X W1 and h W2, plain products (beta = 0).
    assert len(forward) == 2 and all(g[0] == 1 and g[3] == 0 and not g[5] for g in forward), products
    h = forward[1][1]
    # Backward: dz W2^T with W2 read transposed, and the two weight updates
    # W - lr * (X^T dh), W - lr * (h^T dz) as single gemms accumulating into
    # the weights (beta = 1, alpha = -lr) with the activations read transposed.
    backprop = [g for g in products if g[2] == W2 and g[5] == {"transpose_b"}]
    assert len(backprop) == 1 and backprop[0][3] == 0, products
    updates = {g[4]: g for g in products if g[5] == {"transpose_a"}}
    assert set(updates) == {W1, W2}, products
    assert updates[W1][1] == x and updates[W2][1] == h
    for g in updates.values():
        assert g[3] == 1 and g[0] == pytest.approx(-lr)
    cost, expected = numpy_mlp_step(params, xv.astype(np.float64), yv, lr)
    assert_close(f(xv, yv), cost, dtype)
    for k, want in expected.items():
        assert_close(shared[k].get_value(), want, dtype)


def test_mlp_without_specialize_computes_the_same():
    f, shared, params, xv, yv, lr = mlp_step("float64")
    plain = symc.Mode(excluding=["symc-specialize"])
    x, y = st.dmatrix("x"), st.lvector("y")
    W1, b1, W2, b2 = (symc.shared(params[k].copy(), name=k) for k in ("W1", "b1", "W2", "b2"))
    h = st.tanh(st.dot(x, W1) + b1)
    cost = st.nnet.categorical_crossentropy(st.nnet.softmax(st.dot(h, W2) + b2), y).mean()
    grads = symc.grad(cost, [W1, b1, W2, b2])
    g = symc.function([x, y], cost, updates=[(p, p - lr * d) for p, d in zip([W1, b1, W2, b2], grads)], mode=plain)
    ir = optimized(g)
    assert "symc.gemm" not in ir and count(ir, "symc.dot") == 5
    with pytest.raises(AssertionError, match="transposes"):  # the checker above sees them
        assert_no_transpose_copies(ir)
    assert_close(g(xv, yv), f(xv, yv))
    for mine, theirs in zip([W1, b1, W2, b2], ["W1", "b1", "W2", "b2"]):
        assert_close(mine.get_value(), shared[theirs].get_value())


# ---------------------------------------------------------------------------
# sums of broadcasts (the canonicalizer's reduce_sum(broadcast_to(x, s)))
# ---------------------------------------------------------------------------


def test_a_sum_of_a_broadcast_is_a_product_and_keeps_the_broadcasts_checks():
    """sum(broadcast_to(x, s)) becomes x * size where the broadcast's checks
    pass by construction (s the shape of another value); with sizes the user
    computed the broadcast stays, so a negative size or a size x cannot
    broadcast to fails as NumPy's broadcast_to does, instead of scaling x."""
    w = st.dmatrix("w")
    g = st.dscalar("g")
    f = symc.function([g, w], st.broadcast_to(g, w.shape).sum())
    assert count(optimized(f), "symc.broadcast_to") == 0 and count(optimized(f), "symc.reduce_sum") == 0
    assert_close(f(2.5, np.ones((3, 4))), 30.0)

    n = st.lvector("n")
    x = st.dvector("x")
    alloc_sum = symc.function([n], st.alloc(np.float64(1.5), n[0], n[1]).sum())
    assert_close(alloc_sum(np.array([3, 4])), 18.0)
    with pytest.raises(ValueError, match="target size -3 of dimension 0 is negative"):
        alloc_sum(np.array([-3, 4]))
    rows = symc.function([x, n], st.broadcast_to(x.dimshuffle(0, "x"), (n[0], n[1])).sum(axis=1))
    assert_close(rows(np.arange(3.0), np.array([3, 4])), np.arange(3.0) * 4)
    for sizes, message in (([5, 4], "input size 3 along dimension 0 cannot broadcast to 5"),
                           ([3, -4], "target size -4 of dimension 1 is negative")):
        with pytest.raises(ValueError, match=message):
            rows(np.arange(3.0), np.array(sizes))


def test_a_reshape_chain_collapses_only_where_the_inner_reshapes_check_cannot_fail():
    """reshape(reshape(x, s1), s2) keeps its inner reshape when s1 may not fit
    x: NumPy raises for x.reshape((4, 4)) of 6 elements whatever follows."""
    x, n = st.dvector("x"), st.lvector("n")
    f = symc.function([x, n], x.reshape((n[0], n[1])).reshape((6,)))
    np.testing.assert_array_equal(f(np.arange(6.0), np.array([2, 3])), np.arange(6.0))
    with pytest.raises(ValueError, match="cannot reshape 6 elements into a shape of 16 elements"):
        f(np.arange(6.0), np.array([4, 4]))
    m = st.dmatrix("m")
    g = symc.function([m, n], m.reshape((-1,)).reshape((n[0], n[1])))
    assert count(optimized(g), "symc.reshape") == 1  # a reshape to (-1,) cannot fail: collapsed
    np.testing.assert_array_equal(g(np.ones((2, 3)), np.array([3, 2])), np.ones((3, 2)))
