"""A scan step's product accumulated onto its row of a sequence computed
before the loop (an RNN's input projection x_t.U, hoisted out by
symc-scan-pushout: each step computes h.W + row in place). symc-inplace
lets BLAS write the row itself when nothing reads the sequence after the
loop: results against NumPy loops, and the runtime's allocation counter
shows that the loop allocates nothing per step."""

import numpy as np
import pytest

from function_support import private_compiledir, rng, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc import _native  # noqa: E402


def allocations(call, *args):
    """Runtime buffers one call allocates (results included)."""
    before = _native.allocation_count()
    out = call(*args)
    return _native.allocation_count() - before, out


def rnn_inputs(steps):
    # Static shapes, as B7's: symc-scan-pushout hoists x_t.U out of the loop
    # when it knows the sizes.
    return (st.tensor("float64", shape=(steps, 3, 4), name="x"), st.tensor("float64", shape=(3, 5), name="h0"),
            st.tensor("float64", shape=(5, 5), name="w"), st.tensor("float64", shape=(4, 5), name="u"),
            st.tensor("float64", shape=(5,), name="b"))


def rnn(steps, go_backwards=False, with_projection=False):
    x, h0, w, u, b = rnn_inputs(steps)
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b], go_backwards=go_backwards)
    outputs = [hs]
    if with_projection:
        # The same product as the hoisted projection, read after the loop.
        outputs.append(st.dot(x.reshape((-1, 4)), u))
    return symc.function([x, h0, w, u, b], outputs)


def values(steps, seed=0):
    r = rng(seed)
    return [r.standard_normal((steps, 3, 4)), r.standard_normal((3, 5)), r.standard_normal((5, 5)) * 0.4,
            r.standard_normal((4, 5)), r.standard_normal(5)]


def numpy_rnn(x, h0, w, u, b, go_backwards=False):
    h, hs = h0, []
    for xt in (x[::-1] if go_backwards else x):
        h = np.tanh(h @ w + xt @ u + b)
        hs.append(h)
    return np.array(hs).reshape((len(x),) + h0.shape)


@pytest.mark.parametrize("go_backwards", [False, True])
def test_rnn_matches_numpy_and_allocates_nothing_per_step(go_backwards):
    counts = {}
    for steps in (1, 3, 9):
        f = rnn(steps, go_backwards)
        args = values(steps, seed=steps)
        f(*args)
        counts[steps], (hs,) = allocations(f, *args)
        np.testing.assert_allclose(hs, numpy_rnn(*args, go_backwards=go_backwards), rtol=1e-12, atol=1e-14)
    # Before: a private copy of the row per step (3 -> 9 steps: 6 more).
    assert counts[9] == counts[3] == counts[1]


def test_projection_read_after_the_loop_is_unchanged():
    f = rnn(6, with_projection=True)
    args = values(6)
    hs, xu = f(*args)
    np.testing.assert_allclose(hs, numpy_rnn(*args), rtol=1e-12, atol=1e-14)
    x, u = args[0], args[3]
    np.testing.assert_allclose(xu, x.reshape(-1, 4) @ u, rtol=1e-12, atol=1e-14)


def test_rnn_gradients_match_numpy_bptt():
    x, h0, w, u, b = rnn_inputs(7)
    hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                      outputs_info=h0, non_sequences=[w, u, b])
    loss = (hs[-1] ** 2).sum()
    f = symc.function([x, h0, w, u, b], [loss] + symc.grad(loss, [w, u, b]))
    xv, h0v, wv, uv, bv = values(7, seed=5)
    hs_np = [h0v]
    for xt in xv:
        hs_np.append(np.tanh(hs_np[-1] @ wv + xt @ uv + bv))
    g = 2.0 * hs_np[-1]
    gw, gu, gb = np.zeros_like(wv), np.zeros_like(uv), np.zeros_like(bv)
    for t in range(len(xv) - 1, -1, -1):
        d = g * (1.0 - hs_np[t + 1] ** 2)
        gw += hs_np[t].T @ d
        gu += xv[t].T @ d
        gb += d.sum(axis=0)
        g = d @ wv.T
    got = f(xv, h0v, wv, uv, bv)
    for a, want in zip(got, [np.sum(hs_np[-1] ** 2), gw, gu, gb]):
        np.testing.assert_allclose(a, want, rtol=1e-11, atol=1e-12)
