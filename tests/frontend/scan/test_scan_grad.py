"""Gradients through symc.scan (backpropagation through time), checked with
verify_grad (finite differences) on the NumPy reference evaluator, and the
truncated gradient against a hand-written NumPy BPTT."""

import numpy as np

import symc
import symc.tensor as st
from symc.compile.reference import evaluate
from symc.gradient.verify import verify_grad


def rng():
    return np.random.default_rng(3)


def check(fn, pt):
    verify_grad(fn, pt, rng=rng(), use_native=False)


def test_rnn_gradient_wrt_weights_inputs_and_initial_state():
    def fn(x, h0, w, u):
        hs, _ = symc.scan(lambda xt, h, w, u: st.tanh(st.dot(h, w) + st.dot(xt, u)), sequences=x,
                          outputs_info=h0, non_sequences=[w, u])
        return hs

    r = rng()
    check(fn, [r.standard_normal((4, 2, 3)), r.standard_normal((2, 5)), r.standard_normal((5, 5)) * 0.5,
               r.standard_normal((3, 5))])


def test_gradient_of_final_state_only():
    def fn(x, h0):
        hs, _ = symc.scan(lambda xt, h: st.sin(h * xt) + h, sequences=x, outputs_info=h0)
        return hs[-1]

    r = rng()
    check(fn, [r.standard_normal((5, 3)), r.standard_normal(3)])


def test_gradient_with_sequence_and_output_taps():
    def fn(x, init):
        out, _ = symc.scan(lambda xm1, xp1, y2, y1: st.tanh(0.5 * y2 - 0.3 * y1 + xm1 * xp1),
                           sequences=dict(input=x, taps=[-1, 1]), outputs_info=dict(initial=init, taps=[-2, -1]))
        return out

    r = rng()
    check(fn, [r.standard_normal((7, 2)), r.standard_normal((2, 2))])


def test_gradient_go_backwards_and_map_outputs():
    def fn(x, h0):
        (hs, ys), _ = symc.scan(lambda xt, h: [h * st.cos(xt), st.exp(xt) * h], sequences=x,
                                outputs_info=[h0, None], go_backwards=True)
        return hs.sum() + ys.sum()

    r = rng()
    check(fn, [r.standard_normal(5), r.standard_normal(())])


def test_gradient_through_until_loop():
    # The loop stops at a step that does not change under the small
    # perturbations of finite differences.
    def fn(x0, a):
        def step(x, a):
            y = x * a + 1.0
            return y, symc.scan.until(y > 50.0)

        out, _ = symc.scan(step, outputs_info=x0, non_sequences=a, n_steps=30)
        return out

    check(fn, [np.array(1.3), np.array(2.1)])


def test_gradient_through_nested_scans():
    def fn(m, w):
        def row(r, w):
            inner, _ = symc.scan(lambda v, acc, w: st.tanh(acc * w + v), sequences=r,
                                 outputs_info=st.constant(np.float64(0.0)), non_sequences=w)
            return inner[-1]

        out, _ = symc.scan(row, sequences=m, non_sequences=w)
        return out

    r = rng()
    check(fn, [r.standard_normal((3, 4)), np.array(0.7)])


def test_gradient_wrt_shared_variable_used_in_body():
    w = symc.shared(np.array([[0.5, -0.2], [0.1, 0.3]]), name="w")
    x = st.dmatrix("x")
    hs, _ = symc.scan(lambda xt, h: st.tanh(st.dot(w, h) + xt), sequences=x, outputs_info=st.zeros((2,)))
    cost = (hs ** 2).sum()
    gw, = symc.grad(cost, [w])
    X = rng().standard_normal((4, 2))

    def value(wv):
        return evaluate([x, w], [cost], [X, wv])[0]

    analytic = evaluate([x, w], [gw], [X, w.get_value()])[0]
    numeric = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            d = np.zeros((2, 2))
            d[i, j] = 1e-6
            numeric[i, j] = (value(w.get_value() + d) - value(w.get_value() - d)) / 2e-6
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_gradient_through_shared_update_carry():
    # A shared variable updated in the body is a carry: its final value
    # depends on every step.
    acc = symc.shared(np.array(1.0), name="acc")
    x = st.dvector("x")

    def step(xt):
        return xt * acc, {acc: acc * st.cos(xt)}

    out, updates = symc.scan(step, sequences=x)
    cost = out.sum() + updates[acc]
    gx, = symc.grad(cost, [x])
    X = np.array([0.3, -0.7, 1.1])

    def value(xv):
        a, total = 1.0, 0.0
        for v in xv:
            total += v * a
            a *= np.cos(v)
        return total + a

    analytic = evaluate([x, acc], [gx], [X, np.array(1.0)])[0]
    numeric = [(value(X + e) - value(X - e)) / 2e-6 for e in np.eye(3) * 1e-6]
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6)


def _truncated_bptt(w, xs, h0, k):
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(w * hs[-1] + x))
    n = len(xs)
    start = max(0, n - k)
    g, gw, gx = 1.0, 0.0, np.zeros(n)  # dcost/dh_n (cost = sum of h_1..h_n)
    for t in range(n - 1, start - 1, -1):
        d = g * (1 - hs[t + 1] ** 2)
        gw += d * hs[t]
        gx[t] = d
        g = d * w + (1.0 if t > 0 else 0.0)
    gh0 = g if start == 0 else 0.0
    return gw, gx, gh0


def test_truncate_gradient_matches_truncated_bptt():
    w, x, h0 = st.dscalar("w"), st.dvector("x"), st.dscalar("h0")
    for k in (2, 10):
        hs, _ = symc.scan(lambda xt, h, w: st.tanh(w * h + xt), sequences=x, outputs_info=h0, non_sequences=w,
                          truncate_gradient=k)
        grads = symc.grad(hs.sum(), [w, x, h0])
        X = rng().standard_normal(6)
        got = evaluate([w, x, h0], grads, [np.array(0.8), X, np.array(0.2)])
        want = _truncated_bptt(0.8, X, 0.2, k)
        np.testing.assert_allclose(got[0], want[0], rtol=1e-10)
        np.testing.assert_allclose(got[1], want[1], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(got[2], want[2], rtol=1e-10, atol=1e-14)
    # Without truncation k = 10 >= 6 steps is the full gradient: the test
    # above would fail if truncation cut it.


def test_gradient_of_a_scan_of_no_steps_has_the_sequence_shape():
    # With no step to run, the reference took 0 for every dynamic size of a
    # step output: the sequence gradient came out (0, 0) and set_subtensor
    # refused it for a (0, 1) sequence. The body evaluated on zero rows
    # gives the sizes, as the compiled loop reifies them.
    seq, h0 = st.dmatrix("seq"), st.dvector("h0")
    states, _ = symc.scan(lambda x, h: st.tanh(h + x), sequences=[seq], outputs_info=[h0])
    cost = st.sqr(states).sum()
    got = evaluate([seq, h0], [states] + symc.grad(cost, [seq, h0]), [np.zeros((0, 3)), np.ones(3)])
    assert [g.shape for g in got] == [(0, 3), (0, 3), (3,)]
    np.testing.assert_array_equal(got[2], np.zeros(3))
