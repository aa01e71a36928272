"""symc-scan-pushout end to end: an RNN's input projection and its weight
gradients leave the scan loops as single products, with the values of the
unoptimized loops (NumPy backpropagation through time as the oracle)."""

import re

import numpy as np
import pytest

import symc
import symc.tensor as st


def rnn(T, batch, n_in, n_hid, mode=None):
    """The RNN of B7 over T steps (None: any number of steps)."""
    x = st.tensor("float64", shape=(T, batch, n_in) if batch else (T, n_in), name="x")
    h0 = st.tensor("float64", shape=(batch, n_hid) if batch else (n_hid,), name="h0")
    w = st.tensor("float64", shape=(n_hid, n_hid), name="w")
    u = st.tensor("float64", shape=(n_in, n_hid), name="u")
    b = st.tensor("float64", shape=(n_hid,), name="b")
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b])
    loss = (hs[-1] ** 2).sum()
    return symc.function([x, h0, w, u, b], [loss, hs] + symc.grad(loss, [w, u, b]), mode=mode)


def numpy_bptt(x, h0, w, u, b):
    hs = [h0]
    for xt in x:
        hs.append(np.tanh(hs[-1] @ w + xt @ u + b))
    loss = (hs[-1] ** 2).sum()
    gw, gu, gb = np.zeros_like(w), np.zeros_like(u), np.zeros_like(b)
    dh = 2 * hs[-1]
    for t in range(len(x), 0, -1):
        dz = dh * (1 - hs[t] ** 2)
        gw += np.multiply.outer(hs[t - 1], dz) if dz.ndim == 1 else hs[t - 1].T @ dz
        gu += np.multiply.outer(x[t - 1], dz) if dz.ndim == 1 else x[t - 1].T @ dz
        gb += dz.sum(0) if dz.ndim == 2 else dz
        dh = dz @ w.T
    return loss, np.stack(hs[1:]) if len(x) else np.zeros((0,) + h0.shape), gw, gu, gb


def args(T, batch, n_in, n_hid, seed=0):
    r = np.random.default_rng(seed)
    lead = (batch,) if batch else ()
    return [r.standard_normal((T,) + lead + (n_in,)) * 0.5, r.standard_normal(lead + (n_hid,)) * 0.5,
            r.standard_normal((n_hid, n_hid)) * 0.3, r.standard_normal((n_in, n_hid)) * 0.3,
            r.standard_normal(n_hid) * 0.1]


def products_in_loops(ir):
    """(products inside scan bodies, products outside them)."""
    inside = outside = depth = 0
    for line in ir.splitlines():
        if "symc.scan " in line or "= symc.scan" in line:
            depth += 1
        is_product = re.search(r"symc\.(gemm|gemv|dot|ger)\b", line) is not None
        if is_product:
            if depth:
                inside += 1
            else:
                outside += 1
        if "symc.scan.yield" in line:
            depth -= 1
    return inside, outside


@pytest.mark.parametrize("T,batch,n_in,n_hid", [(7, 3, 4, 5), (1, 2, 3, 4), (6, 0, 3, 4)])
def test_rnn_gradients_match_numpy(T, batch, n_in, n_hid):
    f = rnn(T, batch, n_in, n_hid)
    a = args(T, batch, n_in, n_hid)
    got = f(*a)
    want = numpy_bptt(*a)
    for g, w_ in zip(got, want):
        np.testing.assert_allclose(g, w_, rtol=1e-10, atol=1e-12)


def test_products_leave_the_loops():
    f = rnn(7, 3, 4, 5)
    inside, outside = products_in_loops(f.dump_mlir("optimized"))
    # Per step only h . W (forward) and delta . W^T (backward) remain; the
    # input projection and the gradients of W and U are one product each.
    assert (inside, outside) == (2, 3), (inside, outside)
    g = rnn(7, 3, 4, 5, mode=symc.Mode(excluding=["symc-scan-pushout"]))
    inside, outside = products_in_loops(g.dump_mlir("optimized"))
    assert (inside, outside) == (5, 0), (inside, outside)
    a = args(7, 3, 4, 5, seed=3)
    for x, y in zip(f(*a), g(*a)):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-13)


def test_one_function_serves_sequences_of_any_length():
    # The pushed-out products are computed for the rows the call passes,
    # including none.
    x = st.tensor("float64", shape=(None, 2, 3), name="x")
    h0 = st.tensor("float64", shape=(2, 4), name="h0")
    w = st.tensor("float64", shape=(4, 4), name="w")
    u = st.tensor("float64", shape=(3, 4), name="u")
    b = st.tensor("float64", shape=(4,), name="b")
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b])
    loss = (hs ** 2).sum()
    f = symc.function([x, h0, w, u, b], [hs] + symc.grad(loss, [w, u]))
    for T in (0, 1, 5):
        a = args(T, 2, 3, 4, seed=T)
        got_hs, gw, gu = f(*a)
        hs_ref = numpy_bptt(*a)[1]
        np.testing.assert_allclose(got_hs, hs_ref.reshape(T, 2, 4), rtol=1e-12, atol=1e-13)
        # d(sum of all h_t^2): check against finite differences of the loss.
        def loss_of(wv, uv):
            hs_ = numpy_bptt(a[0], a[1], wv, uv, a[4])[1]
            return (hs_ ** 2).sum()
        eps = 1e-6
        num_gw = np.zeros_like(a[2])
        for i in np.ndindex(a[2].shape):
            d = np.zeros_like(a[2])
            d[i] = eps
            num_gw[i] = (loss_of(a[2] + d, a[3]) - loss_of(a[2] - d, a[3])) / (2 * eps)
        np.testing.assert_allclose(gw, num_gw, rtol=1e-5, atol=1e-7)
        if T == 0:
            assert not gw.any() and not gu.any()


def test_gradient_of_the_last_state_builds_no_arrays_of_zeros():
    # loss(hs[-1]): the gradient of the history is zeros but for its last
    # row; the backward scan starts from that row and reads no sequence of
    # zeros (no broadcast_to left in the optimized IR).
    f = rnn(7, 3, 4, 5)
    optimized = f.dump_mlir("optimized")
    assert "symc.broadcast_to" not in optimized
    assert "symc.inc_subtensor" not in optimized
    g = rnn(7, 3, 4, 5, mode=symc.Mode(excluding=["symc-scan-pushout"]))
    assert "symc.inc_subtensor" in g.dump_mlir("optimized")
    for seed in (0, 1):
        a = args(7, 3, 4, 5, seed=seed)
        want = numpy_bptt(*a)
        for x, y, w_ in zip(f(*a), g(*a), want):
            np.testing.assert_allclose(x, w_, rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(y, w_, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("rows", ["first_and_last", "last_two", "all"])
def test_gradients_through_other_rows_of_the_history(rows):
    # Losses that read rows other than the last keep their per-step gradient
    # sequence; checked against central finite differences.
    T, batch, n_in, n_hid = 5, 2, 3, 4
    x = st.tensor("float64", shape=(T, batch, n_in), name="x")
    h0 = st.tensor("float64", shape=(batch, n_hid), name="h0")
    w = st.tensor("float64", shape=(n_hid, n_hid), name="w")
    u = st.tensor("float64", shape=(n_in, n_hid), name="u")
    b = st.tensor("float64", shape=(n_hid,), name="b")
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b])
    pick = {"first_and_last": lambda h: (h[0] ** 2).sum() + (h[-1] ** 3).sum(),
            "last_two": lambda h: (h[-2:] ** 2).sum(),
            "all": lambda h: (h ** 2).sum()}[rows]
    loss = pick(hs)
    f = symc.function([x, h0, w, u, b], [loss] + symc.grad(loss, [w, u, b, h0]))
    a = args(T, batch, n_in, n_hid, seed=4)

    def loss_of(*v):
        h = numpy_bptt(*v)[1]
        return {"first_and_last": lambda h: (h[0] ** 2).sum() + (h[-1] ** 3).sum(),
                "last_two": lambda h: (h[-2:] ** 2).sum(),
                "all": lambda h: (h ** 2).sum()}[rows](h)

    got = f(*a)
    np.testing.assert_allclose(got[0], loss_of(*a), rtol=1e-12)
    eps = 1e-6
    for g, k in zip(got[1:], (2, 3, 4, 1)):
        num = np.zeros_like(a[k])
        for i in np.ndindex(a[k].shape):
            plus = [v.copy() for v in a]
            minus = [v.copy() for v in a]
            plus[k][i] += eps
            minus[k][i] -= eps
            num[i] = (loss_of(*plus) - loss_of(*minus)) / (2 * eps)
        np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("start,stop", [(None, "n"), ("n", None), (-3, "n"), ("n", -1), (1, 100), ("n", 2)])
@pytest.mark.parametrize("n", [0, 2, -2, 7])
def test_flattened_row_slices_match_numpy(start, stop, n):
    # reshape(x[a:b], (-1, k)) is rewritten into a slice of reshape(x): the
    # bounds are scaled, Python's negative bounds and clamping included.
    x = st.tensor("float64", shape=(None, 4, 3), name="x")
    i = st.tensor("int64", shape=(), name="i")
    flat = x[i if start == "n" else start:i if stop == "n" else stop].reshape((-1, 3))
    f = symc.function([x, i], [flat, flat.sum()], on_unused_input="ignore")
    assert "symc.reshape %arg0" in f.dump_mlir("optimized")
    xv = np.arange(5 * 4 * 3, dtype=np.float64).reshape(5, 4, 3)
    want = xv[n if start == "n" else start:n if stop == "n" else stop].reshape(-1, 3)
    got, total = f(xv, np.int64(n))
    np.testing.assert_array_equal(got, want)
    assert total == want.sum()
