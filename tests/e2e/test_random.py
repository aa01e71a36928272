"""Random streams compiled: Philox known answers through the generated code,
the same numbers as the NumPy reference in every mode, fresh numbers on
every call, and the moments of each distribution over 10**6 draws."""

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.compile.reference import evaluate  # noqa: E402
from symc.tensor.random import philox  # noqa: E402

MODES = ["FAST_RUN", "FAST_COMPILE", "DebugMode"]
N = 1_000_000

# Random123's kat_vectors for philox4x32-10: counter, key, expected words.
KAT = [
    ([0x00000000] * 4, [0x00000000] * 2, [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0],
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]


def state_for(counter, key):
    k = (key[1] << 32) | key[0]
    lo = (counter[1] << 32) | counter[0]
    hi = (counter[3] << 32) | counter[2]
    return np.array([k, lo, hi], dtype=np.uint64).view(np.int64)


def test_compiled_philox_matches_random123_known_answers():
    srng = st.random.RandomStream(0)
    words = srng.random_bits((4,))
    ((state, _),) = srng.updates()
    f = symc.function([], words)
    for counter, key, expected in KAT:
        state.set_value(state_for(counter, key))
        got = f().view(np.uint32)
        assert [int(v) for v in got] == expected
        # The call advanced the high counter by one.
        np.testing.assert_array_equal(state.get_value().view(np.uint64),
                                      state_for(counter, key).view(np.uint64) + np.array([0, 0, 1], np.uint64))


def _draws(seed):
    srng = st.random.RandomStream(seed)
    n = st.lscalar("n")
    outs = [srng.uniform(size=(n, 3), dtype="float32"), srng.uniform(-2.0, 5.0, size=(n,)),
            srng.random_bits((n, 2)), srng.permutation(n), srng.normal(1.0, 2.0, size=(n,)),
            srng.normal(size=(n,), dtype="float32")]
    return srng, n, outs


@pytest.mark.parametrize("mode", MODES)
def test_a_scalar_draw_is_a_scalar_in_every_mode(mode):
    # The reference evaluation (what DebugMode compares with) made scalar
    # draws 1-d (np.ascontiguousarray) and DebugMode raised on them.
    x = st.dscalar("x")
    srng = st.random.RandomStream(5)
    draws = [srng.normal(0.0, 1.0, x.shape), srng.uniform(-1.0, 1.0, ()), x * srng.binomial(1, 0.5, x.shape)]
    states = [s for s, _ in srng.updates()]
    expected = evaluate([x] + states, draws, [np.float64(2.0)] + [s.get_value() for s in states])
    got = symc.function([x], draws, mode=mode)(2.0)
    for g, e in zip(got, expected):
        assert np.shape(e) == () and np.shape(g) == ()
        np.testing.assert_allclose(g, e, rtol=1e-12)


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_gives_the_reference_numbers(mode):
    srng, n, outs = _draws(2024)
    states = [s for s, _ in srng.updates()]
    initial = [s.get_value() for s in states]
    f = symc.function([n], outs, mode=mode)
    for call in range(2):
        values = [s.get_value() for s in states]
        expected = evaluate([n] + states, outs, [np.int64(7)] + values)
        got = f(7)
        for k, (g, e) in enumerate(zip(got, expected)):
            assert g.dtype == e.dtype
            if k < 4:
                np.testing.assert_array_equal(g, e)  # bit for bit
            else:
                np.testing.assert_allclose(g, e, rtol=1e-5 if g.dtype == np.float32 else 1e-12)
    for s, v in zip(states, initial):
        np.testing.assert_array_equal(s.get_value()[2], v[2] + 2)


def test_the_same_seed_gives_the_same_stream_in_two_functions_and_modes():
    results = []
    for mode in ["FAST_RUN", "FAST_COMPILE"]:
        _, n, outs = _draws(77)
        f = symc.function([n], outs, mode=mode)
        results.append([f(5), f(5)])
    for a, b in zip(results[0], results[1]):
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)
    # Successive calls give fresh numbers.
    assert not np.array_equal(results[0][0][0], results[0][1][0])


def test_two_draws_in_one_function_are_not_merged():
    srng = st.random.RandomStream(3)
    a = srng.uniform(size=(100,))
    b = srng.uniform(size=(100,))
    f = symc.function([], [a, b, a - b])
    ra, rb, rd = f()
    assert not np.array_equal(ra, rb)
    np.testing.assert_allclose(rd, ra - rb)
    assert f.dump_mlir("optimized").count("symc.random_uniform") == 2


def test_the_same_draw_used_twice_is_one_sample():
    srng = st.random.RandomStream(4)
    a = srng.normal(size=(10,))
    f = symc.function([], [a, a * 2])
    ra, r2 = f()
    np.testing.assert_allclose(r2, ra * 2)


def test_symbolic_size_and_empty_draws():
    srng = st.random.RandomStream(5)
    n, m = st.lscalar("n"), st.lscalar("m")
    u = srng.uniform(size=(n, m))
    f = symc.function([n, m], u)
    assert f(3, 4).shape == (3, 4)
    assert f(0, 4).shape == (0, 4)
    with pytest.raises(ValueError):
        f(-1, 4)


def _discrete_draws(seed):
    srng = st.random.RandomStream(seed)
    n = st.lscalar("n")
    v = st.dvector("v")
    outs = [srng.binomial(n=5, p=0.3, size=(n,)), srng.binomial(n=1, p=st.constant(np.array([0.1, 0.9]))),
            srng.choice(7, size=(n, 2)), srng.choice(v, size=(n,), p=np.array([0.5, 0.25, 0.25])),
            srng.choice(v, size=(2,), replace=False), srng.integers(-4, 9, size=(n,))]
    return srng, [n, v], outs


@pytest.mark.parametrize("mode", MODES)
def test_binomial_and_choice_give_the_reference_numbers_in_every_mode(mode):
    values = [np.int64(50), np.array([1.5, 2.5, 3.5])]
    srng, inputs, outs = _discrete_draws(2025)
    states = [s for s, _ in srng.updates()]
    f = symc.function(inputs, outs, mode=mode)
    _, twin_inputs, twin_outs = _discrete_draws(2025)
    twin = symc.function(twin_inputs, twin_outs, mode="FAST_RUN")
    for call in range(2):
        expected = evaluate(inputs + states, outs, values + [s.get_value() for s in states])
        got = f(*values)
        for g, e, t in zip(got, expected, twin(*values)):
            assert g.dtype == e.dtype
            np.testing.assert_array_equal(g, e)
            np.testing.assert_array_equal(g, t)  # the same seed, another function
        if call:
            assert any(not np.array_equal(a, b) for a, b in zip(got, previous))
        previous = got


# -- moments over 10**6 draws --------------------------------------------------


def _sample(draw):
    f = symc.function([], draw)
    return f()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_uniform_moments(dtype):
    x = _sample(st.random.RandomStream(10).uniform(-1.0, 3.0, size=(N,), dtype=dtype))
    assert x.dtype == dtype and x.min() >= -1.0 and x.max() < 3.0
    assert abs(x.mean() - 1.0) < 5 * np.sqrt(16 / 12 / N)
    assert abs(x.var() - 16 / 12) < 0.01


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_normal_moments(dtype):
    x = _sample(st.random.RandomStream(11).normal(2.0, 3.0, size=(N,), dtype=dtype)).astype(np.float64)
    assert abs(x.mean() - 2.0) < 5 * 3.0 / np.sqrt(N)
    assert abs(x.var() - 9.0) < 0.05
    # Third and fourth standardized moments of a normal: 0 and 3.
    z = (x - 2.0) / 3.0
    assert abs((z ** 3).mean()) < 0.02
    assert abs((z ** 4).mean() - 3.0) < 0.05


def test_binomial_moments():
    x = _sample(st.random.RandomStream(12).binomial(n=10, p=0.3, size=(N,)))
    assert x.dtype == np.int64 and x.min() >= 0 and x.max() <= 10
    assert abs(x.mean() - 3.0) < 5 * np.sqrt(2.1 / N)
    assert abs(x.var() - 2.1) < 0.02


def test_binomial_with_a_probability_per_element():
    p = st.dvector("p")
    srng = st.random.RandomStream(13)
    f = symc.function([p], srng.binomial(n=1, p=p))
    x = np.stack([f(np.array([0.0, 0.25, 1.0])) for _ in range(20000)])
    assert x[:, 0].sum() == 0 and x[:, 2].sum() == 20000
    assert abs(x[:, 1].mean() - 0.25) < 0.02


def test_integers_and_choice_with_replacement_are_uniform():
    srng = st.random.RandomStream(14)
    x = _sample(srng.choice(5, size=(N,)))
    counts = np.bincount(x, minlength=5)
    assert counts.sum() == N and len(counts) == 5
    assert np.all(np.abs(counts / N - 0.2) < 0.003)
    y = _sample(srng.integers(-3, 4, size=(N,)))
    assert y.min() == -3 and y.max() == 3
    assert abs(y.mean()) < 0.01


def test_choice_with_probabilities():
    srng = st.random.RandomStream(15)
    a = st.constant(np.array([10, 20, 30, 40], dtype=np.int64))
    x = _sample(srng.choice(a, size=(N,), p=np.array([0.1, 0.2, 0.3, 0.4])))
    freq = np.array([(x == v).mean() for v in (10, 20, 30, 40)])
    np.testing.assert_allclose(freq, [0.1, 0.2, 0.3, 0.4], atol=0.003)


def test_choice_without_replacement_draws_distinct_elements():
    srng = st.random.RandomStream(16)
    v = st.dvector("v")
    f = symc.function([v], srng.choice(v, size=(5,), replace=False))
    pool = np.arange(8.0) * 1.5
    seen = set()
    for _ in range(200):
        got = f(pool)
        assert len(set(got.tolist())) == 5 and set(got.tolist()) <= set(pool.tolist())
        seen.add(tuple(got))
    assert len(seen) > 150
    with pytest.raises(ValueError, match="cannot take a larger sample than the population"):
        f(np.arange(3.0))  # 5 distinct draws from 3 elements


def test_permutation_is_a_permutation_and_uniform():
    srng = st.random.RandomStream(17)
    n = st.lscalar("n")
    f = symc.function([n], srng.permutation(n))
    p = f(1000)
    assert sorted(p.tolist()) == list(range(1000))
    assert f(0).shape == (0,) and f(1).tolist() == [0]
    # Each of the 6 orders of 3 elements about equally often.
    counts = {}
    for _ in range(6000):
        key = tuple(f(3))
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 6 and all(abs(c - 1000) < 150 for c in counts.values())
    x = st.dvector("x")
    g = symc.function([x], srng.permutation(x))
    xs = np.arange(6.0) * 2
    assert sorted(g(xs).tolist()) == xs.tolist()


def test_permutation_matches_the_reference():
    srng = st.random.RandomStream(18)
    p = srng.permutation(50)
    ((s, _),) = srng.updates()
    v = s.get_value()
    f = symc.function([], p)
    np.testing.assert_array_equal(f(), philox.permutation(v, 50)[0])


# -- draws in scan steps ---------------------------------------------------------
# The generator state of a draw made in a step is a carry of the loop: step t
# draws at the state the stream had before the call with its high counter
# advanced by t, exactly the numbers t successive calls of a function drawing
# once would give; the state after the last step is the draw's update.


def state_after(state, steps):
    s = np.asarray(state, dtype=np.int64).view(np.uint64).copy()
    s[2] += np.uint64(steps)
    return s.view(np.int64)


def test_draws_in_a_scan_step_are_fresh_at_every_step_and_call():
    srng = st.random.RandomStream(30)
    x = st.dvector("x")
    out, updates = symc.scan(lambda xt: xt + srng.uniform(size=(4,)), sequences=x)
    ((state, _),) = srng.updates()
    assert list(updates) == [state]
    f = symc.function([x], out, updates=updates)
    start = state.get_value().copy()
    X = np.array([0.0, 10.0, 20.0])
    first, second = f(X), f(X)
    want = [X[t % 3] + philox.uniform(state_after(start, t), (4,), "float64")[0] for t in range(6)]
    np.testing.assert_array_equal(first, want[:3])
    np.testing.assert_array_equal(second, want[3:])
    assert len({tuple(np.round(r - r[0], 12)) for r in np.concatenate([first, second])}) == 6
    np.testing.assert_array_equal(state.get_value(), state_after(start, 6))


def test_a_scan_with_draws_advances_its_state_without_explicit_updates():
    # symc.function adds the state's default update, now the loop's final state.
    srng = st.random.RandomStream(31)
    out, _ = symc.scan(lambda: srng.normal(size=(2,)), n_steps=5)
    ((state, nxt),) = srng.updates()
    assert nxt.owner is out.owner  # the Scan's final state
    f = symc.function([], out)
    start = state.get_value().copy()
    a, b = f(), f()
    assert not np.array_equal(a, b)
    assert len({tuple(r) for r in np.concatenate([a, b])}) == 10
    np.testing.assert_array_equal(state.get_value(), state_after(start, 10))
    np.testing.assert_allclose(b[0], philox.normal(state_after(start, 5), (2,), "float64")[0], rtol=1e-12)


@pytest.mark.parametrize("mode", MODES)
def test_the_same_seed_gives_the_same_loop_in_every_mode(mode):
    def build(seed):
        srng = st.random.RandomStream(seed)
        h0 = st.dvector("h0")

        def step(h):
            mask = st.cast(st.lt(srng.uniform(size=(3,)), 0.5), "float64")
            return st.tanh(h + srng.normal(size=(3,))) * mask + h * srng.binomial(n=4, p=0.5, size=(3,))

        out, _ = symc.scan(step, outputs_info=h0, n_steps=4)
        return symc.function([h0], out, mode=mode), h0, out, [s for s, _ in srng.updates()]

    h = np.array([0.1, -0.2, 0.3])
    (f, h0, out, states), (g, _, _, _), (other, _, _, _) = build(40), build(40), build(41)
    for call in range(2):
        values = [s.get_value() for s in states]
        (expected,) = evaluate([h0] + states, [out], [h] + values)
        got = f(h)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(got, g(h))
        assert not np.array_equal(got, other(h))
        if call:
            assert not np.array_equal(got, previous)
        previous = got


def test_a_nested_scan_draws_fresh_numbers_in_every_inner_step():
    srng = st.random.RandomStream(32)

    def outer(_):
        inner, _ = symc.scan(lambda: srng.uniform(size=(2,)), n_steps=3)
        return inner

    out, updates = symc.scan(outer, sequences=st.arange(4))
    ((state, _),) = srng.updates()
    assert list(updates) == [state]
    f = symc.function([], out)
    start = state.get_value().copy()
    got = f()
    assert got.shape == (4, 3, 2)
    want = [philox.uniform(state_after(start, t), (2,), "float64")[0] for t in range(12)]
    np.testing.assert_array_equal(got.reshape(12, 2), want)
    np.testing.assert_array_equal(state.get_value(), state_after(start, 12))


def test_moments_of_draws_made_in_scan_steps():
    # 1000 steps of 1000 normals: 10**6 draws, independent across steps.
    srng = st.random.RandomStream(33)
    out, _ = symc.scan(lambda: srng.normal(1.0, 2.0, size=(1000,)), n_steps=1000)
    x = symc.function([], out)()
    assert x.shape == (1000, 1000)
    assert abs(x.mean() - 1.0) < 5 * 2.0 / np.sqrt(N)
    assert abs(x.var() - 4.0) < 0.03
    z = (x - 1.0) / 2.0
    assert abs((z ** 3).mean()) < 0.02 and abs((z ** 4).mean() - 3.0) < 0.05
    # Successive steps are uncorrelated.
    assert abs(np.mean(z[1:] * z[:-1])) < 5 / np.sqrt(N)
    step_means = z.mean(axis=1)
    assert abs(step_means.std() - 1 / np.sqrt(1000)) < 0.005


def numpy_dropout_rnn(x, h0, w, masks, keep):
    """Forward and BPTT of cost = sum(h_T) with h_t = tanh(h_{t-1} w + x_t) * m_t / keep."""
    hs, pre = [h0], []
    for t, xt in enumerate(x):
        a = np.tanh(hs[-1] @ w + xt)
        pre.append(a)
        hs.append(a * masks[t] / keep)
    gh, gw, gx = np.ones_like(h0), np.zeros_like(w), np.zeros_like(x)
    for t in range(len(x) - 1, -1, -1):
        da = gh * masks[t] / keep * (1 - pre[t] ** 2)
        gw += np.outer(hs[t], da)
        gx[t] = da
        gh = da @ w.T
    return hs[-1], gh, gw, gx


def dropout_rnn(srng, x, h0, w, keep):
    def step(xt, h):
        mask = st.cast(st.lt(srng.uniform(size=h.shape), keep), "float64")
        return st.tanh(st.dot(h, w) + xt) * mask / keep

    hs, _ = symc.scan(step, sequences=x, outputs_info=h0)
    return hs[-1]


def test_gradient_through_a_scan_with_dropout_masks_matches_numpy_bptt():
    srng = st.random.RandomStream(34)
    x, h0, w = st.dmatrix("x"), st.dvector("h0"), st.dmatrix("w")
    h = dropout_rnn(srng, x, h0, w, 0.5)
    cost = h.sum()
    f = symc.function([x, h0, w], [h] + symc.grad(cost, [h0, w, x]))
    ((state, _),) = srng.updates()
    r = np.random.default_rng(0)
    X, H0, W = r.standard_normal((6, 5)), r.standard_normal(5), 0.5 * r.standard_normal((5, 5))
    for _ in range(3):
        start = state.get_value().copy()
        masks = [(philox.uniform(state_after(start, t), (5,), "float64")[0] < 0.5).astype(float) for t in range(6)]
        want = numpy_dropout_rnn(X, H0, W, masks, 0.5)
        got = f(X, H0, W)
        for g, e in zip(got, want):
            np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-14)
        assert 0 < np.mean(masks) < 1


def test_verify_grad_of_a_scan_with_draws_at_a_fixed_state():
    from symc.gradient.verify import verify_grad

    def fn(x, h0, w):
        srng = st.random.RandomStream(35)
        out = dropout_rnn(srng, x, h0, w, 0.7)
        out = out + 0.1 * symc.scan(lambda h: h * srng.normal(size=(5,)), outputs_info=h0, n_steps=3)[0][-1]
        # The states are constants: every evaluation draws the same masks
        # and noise, so finite differences see a deterministic function.
        return symc.clone(out, replace={s: st.constant(s.get_value()) for s, _ in srng.updates()})

    r = np.random.default_rng(1)
    verify_grad(fn, [r.standard_normal((4, 5)), r.standard_normal(5), 0.5 * r.standard_normal((5, 5))], rng=r,
                use_native=True)


def test_a_default_update_made_outside_the_step_is_not_a_carry():
    # Only updates the step computes (its draws) are threaded through the
    # loop; a shared variable whose default update was built outside is read
    # as an invariant and updated once per call.
    c = symc.shared(np.array(1.0), name="c")
    c.default_update = c + 1
    x = st.dvector("x")
    out, updates = symc.scan(lambda xt: xt * c, sequences=x)
    assert not updates
    f = symc.function([x], out)
    np.testing.assert_array_equal(f(np.array([1.0, 2.0, 3.0])), [1.0, 2.0, 3.0])
    assert c.get_value() == 2.0
    np.testing.assert_array_equal(f(np.array([1.0, 2.0, 3.0])), [2.0, 4.0, 6.0])


def _bad_parameters():
    """The stream and (draw of symbolic parameters, inputs, good values, bad
    values, NumPy's complaint in symc's words): NumPy's Generator raises
    ValueError for each."""
    srng = st.random.RandomStream(17)
    s, p, lo, hi = st.dscalar("s"), st.dvector("p"), st.lscalar("lo"), st.lscalar("hi")
    return srng, [
        (srng.normal(0.0, s, size=(3,)), [s], [1.0], [-0.5], "normal: scale must not be negative"),
        (srng.binomial(4, p), [p], [np.array([0.0, 0.5, 1.0])], [np.array([0.5, 1.5])],
         r"binomial: p must be in \[0, 1\]"),
        (srng.binomial(4, p), [p], [np.array([0.5])], [np.array([np.nan])], r"binomial: p must be in \[0, 1\]"),
        (srng.integers(lo, hi, size=(3,)), [lo, hi], [2, 5], [5, 5], "integers: low must be less than high"),
        (srng.choice(3, size=(2,), p=p), [p], [np.array([0.5, 0.3, 0.2])], [np.array([0.9, 0.3, -0.2])],
         "choice: probabilities must be non-negative"),
        (srng.choice(3, size=(2,), p=p), [p], [np.array([0.5, 0.3, 0.2])], [np.array([0.5, 0.3, 0.3])],
         "choice: probabilities do not sum to 1"),
        (srng.choice(3, size=(2,), p=p), [p], [np.array([0.5, 0.3, 0.2])], [np.array([0.5, 0.5])],
         "choice: a and p must have the same size"),
    ]


@pytest.mark.parametrize("case", range(7))
@pytest.mark.parametrize("mode", MODES)
def test_invalid_parameters_raise_value_error_as_in_numpy_and_the_stream_does_not_move(mode, case):
    srng, cases = _bad_parameters()
    draw, inputs, good, bad, message = cases[case]
    f = symc.function(inputs, draw, mode=mode)
    f(*good)
    states = [state.get_value() for state, _ in srng.state_updates]
    with pytest.raises(ValueError, match=message):
        f(*bad)
    assert all(np.array_equal(state.get_value(), before) for (state, _), before in zip(srng.state_updates, states))
    f(*good)
    assert not all(np.array_equal(state.get_value(), before)
                   for (state, _), before in zip(srng.state_updates, states))


def test_normal_with_a_nan_scale_gives_nan_as_in_numpy():
    srng = st.random.RandomStream(18)
    f = symc.function([], srng.normal(0.0, np.nan, size=(2,)))
    assert np.isnan(f()).all()
