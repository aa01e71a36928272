"""symc.scan compiled end to end (convert-symc-scan-to-scf and the whole
lowering): results against NumPy loops, gradients against finite
differences (verify_grad through symc.function), updates of shared
variables, and the run-time errors of bad step counts."""

import numpy as np
import pytest

from function_support import rng, skip_module_without_native

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.gradient.verify import verify_grad  # noqa: E402


def numpy_rnn(x, h0, w, u, b):
    h, hs = h0, []
    for xt in x:
        h = np.tanh(h @ w + xt @ u + b)
        hs.append(h)
    return np.array(hs)


def rnn_graph():
    x, h0, w, u, b = st.dtensor3("x"), st.dmatrix("h0"), st.dmatrix("w"), st.dmatrix("u"), st.dvector("b")
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b])
    return [x, h0, w, u, b], hs


def rnn_values(r, steps=7):
    return [r.standard_normal((steps, 3, 4)), r.standard_normal((3, 5)), r.standard_normal((5, 5)) * 0.4,
            r.standard_normal((4, 5)), r.standard_normal(5)]


def test_rnn_forward_matches_numpy():
    inputs, hs = rnn_graph()
    f = symc.function(inputs, hs)
    values = rnn_values(rng())
    np.testing.assert_allclose(f(*values), numpy_rnn(*values), rtol=1e-12, atol=1e-14)
    # A second call reuses the compiled code with other sizes.
    values = rnn_values(rng(1), steps=2)
    np.testing.assert_allclose(f(*values), numpy_rnn(*values), rtol=1e-12, atol=1e-14)


def test_rnn_gradients_match_finite_differences():
    def fn(x, h0, w, u, b):
        hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                          outputs_info=h0, non_sequences=[w, u, b])
        return hs[-1] ** 2

    verify_grad(fn, rnn_values(rng(), steps=5), rng=rng(2), use_native=True)


def test_taps_backwards_and_map_outputs():
    x, init = st.dvector("x"), st.dvector("init")
    (ys, zs), _ = symc.scan(lambda xm1, xp1, y2, y1: [0.5 * y2 + 0.25 * y1 + xm1 * xp1, y1 * 2],
                            sequences=dict(input=x, taps=[-1, 1]), outputs_info=[dict(initial=init, taps=[-2, -1]),
                                                                                None], go_backwards=True)
    f = symc.function([x, init], [ys, zs])
    X, I = np.arange(1.0, 8.0), np.array([0.5, -1.0])
    got_y, got_z = f(X, I)
    R = X[::-1]
    y2, y1, want_y, want_z = I[0], I[1], [], []
    for t in range(1, len(R) - 1):
        want_z.append(y1 * 2)
        y = 0.5 * y2 + 0.25 * y1 + R[t - 1] * R[t + 1]
        want_y.append(y)
        y2, y1 = y1, y
    np.testing.assert_allclose(got_y, want_y, rtol=1e-13)
    np.testing.assert_allclose(got_z, want_z, rtol=1e-13)


def test_until_loop_compiled():
    x0, limit = st.dscalar("x0"), st.dscalar("limit")

    def step(x, limit):
        y = x * 2
        return y, symc.scan.until(y > limit)

    out, _ = symc.scan(step, outputs_info=x0, non_sequences=limit, n_steps=50)
    f = symc.function([x0, limit], [out, out.shape[0]])
    values, steps = f(3.0, 40.0)
    np.testing.assert_allclose(values, [6, 12, 24, 48])
    assert int(steps) == 4
    values, steps = f(1.0, 1e300)
    assert int(steps) == 50 and values[-1] == 2.0 ** 50


def test_until_loop_gradient():
    def fn(x0, a):
        def step(x, a):
            y = x * a + 1.0
            return y, symc.scan.until(y > 50.0)

        out, _ = symc.scan(step, outputs_info=x0, non_sequences=a, n_steps=30)
        return out

    verify_grad(fn, [np.array(1.3), np.array(2.1)], rng=rng(), use_native=True)


def test_nested_scan_and_its_gradient():
    def fn(m, w):
        def row(r, w):
            inner, _ = symc.scan(lambda v, acc, w: st.tanh(acc * w + v), sequences=r,
                                 outputs_info=st.constant(np.float64(0.0)), non_sequences=w)
            return inner[-1]

        out, _ = symc.scan(row, sequences=m, non_sequences=w)
        return out

    m, w = st.dmatrix("m"), st.dscalar("w")
    f = symc.function([m, w], fn(m, w))
    M = rng().standard_normal((3, 4))
    want = []
    for r in M:
        acc = 0.0
        for v in r:
            acc = np.tanh(acc * 0.7 + v)
        want.append(acc)
    np.testing.assert_allclose(f(M, 0.7), want, rtol=1e-13)
    verify_grad(fn, [M, np.array(0.7)], rng=rng(), use_native=True)


def test_shared_variable_updates_from_the_body():
    total = symc.shared(np.array(0.0), name="total")
    x = st.dvector("x")
    out, updates = symc.scan(lambda xt: [xt * 2, {total: total + xt}], sequences=x)
    f = symc.function([x], out, updates=updates)
    np.testing.assert_allclose(f(np.array([1.0, 2.0, 3.0])), [2, 4, 6])
    assert total.get_value() == 6.0
    f(np.array([4.0]))
    assert total.get_value() == 10.0


def test_training_step_with_shared_weights_and_truncated_gradient():
    w = symc.shared(np.array([[0.5, -0.3], [0.2, 0.4]]), name="w")
    x = st.dmatrix("x")
    hs, _ = symc.scan(lambda xt, h: st.tanh(st.dot(h, w) + xt), sequences=x, outputs_info=st.zeros((2,)),
                      truncate_gradient=3)
    cost = (hs ** 2).sum()
    g, = symc.grad(cost, [w])
    f = symc.function([x], g)
    X = rng().standard_normal((6, 2))
    # The truncated gradient is the sum over the last 3 steps of NumPy BPTT.
    W = w.get_value()
    hs_np = [np.zeros(2)]
    for xt in X:
        hs_np.append(np.tanh(hs_np[-1] @ W + xt))
    gw, gh = np.zeros((2, 2)), np.zeros(2)
    for t in range(5, 2, -1):
        gh = gh + 2 * hs_np[t + 1]
        d = gh * (1 - hs_np[t + 1] ** 2)
        gw += np.outer(hs_np[t], d)
        gh = d @ W.T
    np.testing.assert_allclose(f(X), gw, rtol=1e-12)


def test_run_time_errors():
    x, n = st.dvector("x"), st.lscalar("n")
    out, _ = symc.scan(lambda xt: xt * 2, sequences=x, n_steps=n)
    f = symc.function([x, n], out)
    np.testing.assert_allclose(f(np.arange(4.0), 2), [0.0, 2.0])
    with pytest.raises(ValueError, match="fewer than the 5 steps"):
        f(np.arange(3.0), 5)
    with pytest.raises(ValueError, match="must not be negative"):
        f(np.arange(3.0), -1)


def test_carry_that_changes_shape_is_a_run_time_error():
    h0 = st.dvector("h0")
    out, _ = symc.scan(lambda h: st.concatenate([h, h])[:3], outputs_info=h0, n_steps=2)
    f = symc.function([h0], out)
    np.testing.assert_allclose(f(np.array([1.0, 2.0, 3.0])), [[1, 2, 3], [1, 2, 3]])
    with pytest.raises(ValueError, match="a carry keeps its shape"):
        f(np.array([1.0, 2.0]))


def test_step_output_whose_row_size_is_known_only_at_run_time():
    # The output array is allocated at the first step, with its rows' sizes.
    x = st.dtensor3("x")
    v = st.dvector("v")
    h0 = st.zeros((x.shape[1], 3))
    (_, p), _ = symc.scan(lambda xt, h, v: [st.tanh(st.dot(xt, st.ones((2, 3))) + h), st.dot(h, v)], sequences=x,
                          outputs_info=[h0, None], non_sequences=v)
    f = symc.function([x, v], p)
    X, V = rng().standard_normal((4, 5, 2)), rng(1).standard_normal(3)
    h, want = np.zeros((5, 3)), []
    for xt in X:
        want.append(h @ V)  # the output reads the previous state
        h = np.tanh(xt @ np.ones((2, 3)) + h)
    np.testing.assert_allclose(f(X, V), want, rtol=1e-12)
    # Without a step, rows of the size a step would give (h0's 5 rows).
    assert f(X[:0], V).shape == (0, 5)


def test_step_outputs_of_an_empty_loop_have_the_rows_a_step_would_give():
    # Sizes followed through the body's shapes to the carries, the sequences'
    # rows and the invariants: a map over an empty 0 x 3 sequence is 0 x 3
    # (it was 0 x 0, and reductions over it had the wrong shape).
    seq, h0, w = st.dmatrix("seq"), st.dvector("h0"), st.dmatrix("w")
    (hs, rows, products, sums), _ = symc.scan(
        lambda x, h, w: [st.tanh(h + x), h * x, st.dot(w, x), (h * x).sum()],
        sequences=seq, outputs_info=[h0, None, None, None], non_sequences=w)
    f = symc.function([seq, h0, w], [hs, rows, products, sums, rows.sum(axis=0) + h0])
    got = f(np.zeros((0, 3)), np.ones(3), np.ones((4, 3)))
    assert [g.shape for g in got] == [(0, 3), (0, 3), (0, 4), (0,), (3,)]
    np.testing.assert_array_equal(got[4], np.ones(3))
    # A row size that is a value of the step (a slice to a sequence element)
    # is not known without a step: 0, as the reference evaluation has it.
    ks = st.lvector("ks")
    cut, _ = symc.scan(lambda k, h: h[:k], sequences=ks, non_sequences=h0)
    g = symc.function([ks, h0], cut)
    assert g(np.zeros(0, "int64"), np.ones(3)).shape == (0, 0)
    np.testing.assert_array_equal(g(np.array([2, 2]), np.arange(3.0)), [[0, 1], [0, 1]])


def test_nested_scan_whose_inner_sequence_is_a_step_output():
    # The inner loop's whole output is each outer step's output (rows of
    # run-time size, constant step counts): regression of arrays whose
    # dynamic row size became a static 0 under canonicalization.
    def fn(v, w):
        def outer(i, v, w):
            inner, _ = symc.scan(lambda h, w: st.tanh(h * w + 1.0), outputs_info=v * st.cast(i, "float64"),
                                 non_sequences=w, n_steps=3)
            return inner

        out, _ = symc.scan(outer, sequences=st.arange(4), non_sequences=[v, w])
        return out

    v, w = st.dvector("v"), st.dscalar("w")
    f = symc.function([v, w], fn(v, w))
    V = np.array([0.3, -0.5])
    want = np.zeros((4, 3, 2))
    for i in range(4):
        h = V * i
        for t in range(3):
            h = np.tanh(h * 0.7 + 1.0)
            want[i, t] = h
    np.testing.assert_allclose(f(V, 0.7), want, rtol=1e-13)
    assert f(np.zeros(0), 0.7).shape == (4, 3, 0)
    verify_grad(fn, [V, np.array(0.7)], rng=rng(), use_native=True)


# -- second derivatives (the gradient of the backward loop, a reverse scan) -----


def test_second_derivative_of_a_linear_recurrence_matches_the_closed_form():
    # h_t = h_{t-1} w + x_t: h_3 = h0 w^3 + x_1 w^2 + x_2 w + x_3, so
    # d2 h_3 / dw2 = 6 h0 w + 2 x_1 and d2 h_3 / dw dh0 = 3 w^2.
    x, h0, w = st.dvector("x"), st.dscalar("h0"), st.dscalar("w")
    hs, _ = symc.scan(lambda xt, h, w: h * w + xt, sequences=x, outputs_info=h0, non_sequences=w)
    (gw,) = symc.grad(hs[-1], [w])
    f = symc.function([x, h0, w], [gw] + symc.grad(gw, [w, h0, x]))
    X, H0, W = np.array([0.4, -1.2, 2.0]), 0.3, 0.7
    got = f(X, H0, W)
    np.testing.assert_allclose(got[0], 3 * H0 * W ** 2 + 2 * X[0] * W + X[1], rtol=1e-13)
    np.testing.assert_allclose(got[1], 6 * H0 * W + 2 * X[0], rtol=1e-13)
    np.testing.assert_allclose(got[2], 3 * W ** 2, rtol=1e-13)
    np.testing.assert_allclose(got[3], [2 * W, 1.0, 0.0], rtol=1e-13, atol=1e-15)


def test_hessian_vector_products_of_an_rnn_cost():
    def grad_of_cost(x, h0, w):
        hs, _ = symc.scan(lambda xt, h, w: st.tanh(st.dot(h, w) + xt), sequences=x, outputs_info=h0,
                          non_sequences=w)
        return symc.grad((hs[-1] ** 2).sum() + st.sin(hs).sum(), w)

    r = rng(5)
    values = [r.standard_normal((5, 2, 3)), r.standard_normal((2, 3)), 0.5 * r.standard_normal((3, 3))]
    # verify_grad differentiates the gradient along random directions
    # (Hessian-vector products): second derivatives through the forward loop
    # and the backward loop, against finite differences. Evaluated by the
    # reference evaluator: the compiled Hessian-vector product (10 loops)
    # takes about a minute to compile on a loaded machine; the compiled
    # second derivatives are checked by the closed form above and the
    # nested scan below.
    verify_grad(grad_of_cost, values, rng=r, use_native=False)


def test_second_derivative_through_an_until_loop():
    def until(x0, a):
        def step(x, a):
            y = x * a + 1.0
            return y, symc.scan.until(y > 50.0)

        out, _ = symc.scan(step, outputs_info=x0, non_sequences=a, n_steps=30)
        return symc.grad(out.sum() + (out ** 2).sum() * 0.01, a)

    verify_grad(until, [np.array(1.3), np.array(2.1)], rng=rng(2), use_native=True)


def test_second_derivative_of_a_nested_scan():
    def fn(m, w):
        def row(r, w):
            inner, _ = symc.scan(lambda v, acc, w: st.tanh(acc * w + v), sequences=r,
                                 outputs_info=st.constant(np.float64(0.0)), non_sequences=w)
            return inner[-1]

        out, _ = symc.scan(row, sequences=m, non_sequences=w)
        return symc.grad((out ** 2).sum(), w) * m

    verify_grad(fn, [rng().standard_normal((3, 4)), np.array(0.7)], rng=rng(3), use_native=True)


@pytest.mark.parametrize("steps", [0, 1, 6])
def test_transposed_invariant_products_match_numpy(steps):
    # w.T is an invariant the body only multiplies: the loop reads a
    # transposed copy made once before it (and still w itself for w + ...).
    h0 = st.tensor("float64", shape=(3, 5), name="h0")
    w = st.tensor("float64", shape=(5, 5), name="w")
    n = st.tensor("int64", shape=(), name="n")
    hs, _ = symc.scan(lambda h, wt, w: st.tanh(st.dot(h, wt)) + 0.1 * st.dot(h, w), outputs_info=h0,
                      non_sequences=[w.T, w], n_steps=n)
    f = symc.function([h0, w, n], hs)
    r = np.random.default_rng(steps)
    h0v, wv = r.standard_normal((3, 5)), r.standard_normal((5, 5)) * 0.5
    want, h = [], h0v
    for _ in range(steps):
        h = np.tanh(h @ wv.T) + 0.1 * (h @ wv)
        want.append(h)
    got = f(h0v, wv, np.int64(steps))
    np.testing.assert_allclose(got, np.array(want).reshape(steps, 3, 5), rtol=1e-12, atol=1e-13)
