"""symc.scan's semantics through the NumPy reference evaluator (no native
build needed): results against plain NumPy loops for every feature of the
API, and the errors bad arguments get."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.compile.reference import evaluate
from symc.errors import SymcTypeError
from symc.scan import Scan


def run(inputs, outputs, values):
    return evaluate(inputs, outputs if isinstance(outputs, list) else [outputs], values)


def rng():
    return np.random.default_rng(7)


def test_recurrence_with_sequence_and_non_sequence():
    x, h0, w = st.dmatrix("x"), st.dvector("h0"), st.dmatrix("w")
    hs, updates = symc.scan(lambda xt, h, w: st.tanh(st.dot(w, h) + xt), sequences=x, outputs_info=h0,
                            non_sequences=w)
    assert updates == {}
    r = rng()
    X, H0, W = r.standard_normal((6, 3)), r.standard_normal(3), r.standard_normal((3, 3))
    got, = run([x, h0, w], hs, [X, H0, W])
    h, want = H0, []
    for t in range(6):
        h = np.tanh(W @ h + X[t])
        want.append(h)
    np.testing.assert_allclose(got, np.array(want), rtol=1e-12)


def test_map_style_output_and_two_sequences():
    a, b = st.dvector("a"), st.dmatrix("b")
    out, _ = symc.scan(lambda ai, bi: ai * bi.sum(), sequences=[a, b])
    r = rng()
    A, B = r.standard_normal(4), r.standard_normal((5, 2))
    got, = run([a, b], out, [A, B])
    np.testing.assert_allclose(got, A * B[:4].sum(axis=1))


def test_sequence_taps():
    x = st.dvector("x")
    out, _ = symc.scan(lambda xm2, x0, xp1: xm2 + 10 * x0 + 100 * xp1, sequences=dict(input=x, taps=[-2, 0, 1]))
    X = np.arange(8.0)
    got, = run([x], out, [X])
    want = [X[t - 2] + 10 * X[t] + 100 * X[t + 1] for t in range(2, 7)]
    np.testing.assert_allclose(got, want)


def test_output_taps_fibonacci():
    init = st.dvector("init")
    fib, _ = symc.scan(lambda f2, f1: f2 + f1, outputs_info=dict(initial=init, taps=[-2, -1]), n_steps=8)
    got, = run([init], fib, [np.array([0.0, 1.0])])
    np.testing.assert_allclose(got, [1, 2, 3, 5, 8, 13, 21, 34])


def test_go_backwards():
    x, h0 = st.dvector("x"), st.dscalar("h0")
    out, _ = symc.scan(lambda xt, h: h * 0.5 + xt, sequences=x, outputs_info=h0, go_backwards=True)
    X = np.array([1.0, 2.0, 3.0, 4.0])
    got, = run([x, h0], out, [X, np.array(0.0)])
    h, want = 0.0, []
    for v in X[::-1]:
        h = h * 0.5 + v
        want.append(h)
    np.testing.assert_allclose(got, want)


def test_n_steps_shorter_than_sequence_and_symbolic():
    x, n = st.dvector("x"), st.lscalar("n")
    out, _ = symc.scan(lambda xt: xt * 2, sequences=x, n_steps=n)
    got, = run([x, n], out, [np.arange(5.0), np.array(3)])
    np.testing.assert_allclose(got, [0.0, 2.0, 4.0])


def test_until_stops_after_the_step_whose_condition_holds():
    x0 = st.dscalar("x0")

    def step(x):
        y = x * 2
        return y, symc.scan.until(y > 40)

    out, _ = symc.scan(step, outputs_info=x0, n_steps=100)
    got, = run([x0], out, [np.array(3.0)])
    np.testing.assert_allclose(got, [6, 12, 24, 48])
    # The bound still applies when the condition never holds.
    out2, _ = symc.scan(step, outputs_info=x0, n_steps=2)
    got2, = run([x0], out2, [np.array(1.0)])
    np.testing.assert_allclose(got2, [2, 4])


def test_updates_of_shared_variables_from_the_body():
    counter = symc.shared(np.array(0.0), name="counter")
    x = st.dvector("x")

    def step(xt):
        return xt + counter, {counter: counter + 1}

    out, updates = symc.scan(step, sequences=x)
    assert list(updates) == [counter]
    got_out, got_counter = run([x, counter], [out, updates[counter]], [np.array([10.0, 20.0, 30.0]), np.array(0.0)])
    np.testing.assert_allclose(got_out, [10, 21, 32])
    assert float(got_counter) == 3.0


def test_implicit_shared_variable_is_an_invariant():
    w = symc.shared(np.array([1.0, 2.0]), name="w")
    x = st.dmatrix("x")
    out, _ = symc.scan(lambda xt: (xt * w).sum(), sequences=x)
    node = out.owner
    assert isinstance(node.op, Scan) and w in node.inputs
    got, = run([x, w], out, [np.ones((3, 2)), w.get_value()])
    np.testing.assert_allclose(got, [3.0, 3.0, 3.0])


def test_nested_scan():
    m = st.dmatrix("m")

    def row_cumsum(row):
        cs, _ = symc.scan(lambda v, acc: acc + v, sequences=row, outputs_info=st.constant(np.float64(0.0)))
        return cs

    out, _ = symc.scan(row_cumsum, sequences=m)
    M = rng().standard_normal((3, 4))
    got, = run([m], out, [M])
    np.testing.assert_allclose(got, np.cumsum(M, axis=1))


def test_multiple_outputs_mixed():
    x, s0 = st.dvector("x"), st.dscalar("s0")
    (sums, squares), _ = symc.scan(lambda xt, s: [s + xt, xt ** 2], sequences=x, outputs_info=[s0, None])
    got = run([x, s0], [sums, squares], [np.array([1.0, 2.0, 3.0]), np.array(1.0)])
    np.testing.assert_allclose(got[0], [2, 4, 7])
    np.testing.assert_allclose(got[1], [1, 4, 9])


def test_state_may_become_more_static():
    # The state's static sizes (other than 1) are relaxed, so a body that
    # computes it at a static size is accepted.
    h0 = st.dvector("h0")
    w = symc.shared(np.eye(3), name="w", shape=(3, 3))
    out, _ = symc.scan(lambda h: st.dot(w, h), outputs_info=h0, n_steps=2)
    got, = run([h0, w], out, [np.array([1.0, 2.0, 3.0]), np.eye(3)])
    np.testing.assert_allclose(got, [[1, 2, 3], [1, 2, 3]])


def test_errors():
    x = st.dvector("x")
    with pytest.raises(SymcTypeError, match="give sequences or n_steps"):
        symc.scan(lambda h: h, outputs_info=st.dscalar())
    with pytest.raises(SymcTypeError, match="returned 2 outputs but outputs_info has 1"):
        symc.scan(lambda xt, h: [h, h], sequences=x, outputs_info=[st.dscalar()])
    with pytest.raises(SymcTypeError, match="must be negative ints"):
        symc.scan(lambda xt, h: h, sequences=x, outputs_info=[dict(initial=st.dvector(), taps=[1])])
    with pytest.raises(SymcTypeError, match="sequences are iterated along their first dimension"):
        symc.scan(lambda xt: xt, sequences=st.dscalar())
    with pytest.raises(SymcTypeError, match="same dtype and number of dimensions"):
        symc.scan(lambda h: st.stack([h, h]), outputs_info=st.dvector(), n_steps=3)
    with pytest.raises(SymcTypeError, match="truncate_gradient"):
        symc.scan(lambda xt: xt, sequences=x, truncate_gradient=0)


def test_negative_steps_and_short_sequences_raise_at_run_time():
    x, n = st.dvector("x"), st.lscalar("n")
    out, _ = symc.scan(lambda xt: xt, sequences=x, n_steps=n)
    with pytest.raises(ValueError, match="fewer than the 5 steps"):
        run([x, n], out, [np.arange(3.0), np.array(5)])
    with pytest.raises(ValueError, match="must not be negative"):
        run([x, n], out, [np.arange(3.0), np.array(-1)])


def test_carry_that_changes_shape_raises():
    h0 = st.dvector("h0")
    out, _ = symc.scan(lambda h: st.concatenate([h, h])[:3], outputs_info=h0, n_steps=2)
    np.testing.assert_allclose(run([h0], out, [np.array([1.0, 2.0, 3.0])])[0], [[1, 2, 3], [1, 2, 3]])
    with pytest.raises(ValueError, match="a carry keeps its shape"):
        run([h0], out, [np.array([1.0, 2.0])])
