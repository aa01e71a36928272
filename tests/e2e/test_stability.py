"""Naive expressions and their gradients are computed stably in every mode.

Each case builds an expression the way a user writes it naively (log(1 +
exp(x)), exp(x) / (1 + exp(x)), -log(softmax(z)[rows, y]), ...), takes
symc.grad of its sum, compiles both in FAST_RUN and FAST_COMPILE (and, for
the B6 workloads of BENCHMARKS.md, in DebugMode and NanGuardMode too) and
compares values and gradients at extreme inputs (+-1000, +-30, 1e-17,
logits of +-800) with references computed by mpmath at 60 digits. Without
symc-stabilize these give inf or NaN (the last test checks that they do).
"""

import mpmath
import numpy as np
import pytest

from function_support import skip_module_without_native

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402

mpmath.mp.dps = 60
MODES = ["FAST_RUN", "FAST_COMPILE"]
ALL_MODES = ["FAST_RUN", "FAST_COMPILE", "DebugMode", "NanGuardMode"]
WIDE = [-1000.0, -30.0, -1e-17, 0.0, 1e-17, 30.0, 1000.0]


def mp(x):
    return mpmath.mpf(float(x))


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def reference(fn, points, dtype):
    return np.array([float(fn(mp(p))) for p in np.asarray(points, dtype)], dtype=dtype)


def assert_matches(got, want, dtype, atol=None):
    """Relative agreement with the high-precision reference; values that
    underflow compare absolutely (`atol`)."""
    got = np.asarray(got)
    assert got.dtype == np.dtype(dtype)
    assert np.all(np.isfinite(got)), got
    rtol, tiny = (1e-5, 1e-30) if dtype == "float32" else (1e-12, 1e-300)
    atol = tiny if atol is None else atol
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# name -> (expression of x, value, derivative, points)
ELEMENTWISE = {
    "softplus": (lambda x: st.log(1 + st.exp(x)), lambda x: mpmath.log(1 + mpmath.exp(x)), sigmoid, WIDE),
    "log1p": (lambda x: st.log(1 + x), lambda x: mpmath.log(1 + x), lambda x: 1 / (1 + x),
              [-1e-17, 1e-17, 1e-10, 0.5, 1000.0]),
    "expm1": (lambda x: st.exp(x) - 1, lambda x: mpmath.exp(x) - 1, mpmath.exp, [-30.0, -1e-17, 1e-17, 1e-10, 5.0]),
    "log_sigmoid": (lambda x: st.log(st.sigmoid(x)), lambda x: mpmath.log(sigmoid(x)), lambda x: sigmoid(-x), WIDE),
    "log_one_minus_sigmoid": (lambda x: st.log(1 - st.sigmoid(x)), lambda x: mpmath.log(sigmoid(-x)),
                              lambda x: -sigmoid(x), WIDE),
    "one_minus_sigmoid": (lambda x: 1 - st.sigmoid(x), lambda x: sigmoid(-x),
                          lambda x: -sigmoid(x) * sigmoid(-x), WIDE),
    "exp_ratio": (lambda x: st.exp(x) / (1 + st.exp(x)), sigmoid, lambda x: sigmoid(x) * sigmoid(-x),
                  [-1000.0, -30.0, 0.0, 30.0, 1000.0]),
    "reciprocal_sigmoid": (lambda x: 1 / (1 + st.exp(-x)), sigmoid, lambda x: sigmoid(x) * sigmoid(-x),
                           [-1000.0, -30.0, 0.0, 30.0, 1000.0]),
    "log1mexp": (lambda x: st.log(1 - st.exp(x)), lambda x: mpmath.log(1 - mpmath.exp(x)),
                 lambda x: -mpmath.exp(x) / (1 - mpmath.exp(x)), [-1000.0, -30.0, -1e-10, -1e-17, -0.5]),
    "sqrt_of_square": (lambda x: st.sqrt(x ** 2), abs, lambda x: mpmath.sign(x), [-1e200, -3.0, 1e-200, 1e-17, 1e200]),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_values_and_gradients(name, dtype, mode):
    expr, value, derivative, points = ELEMENTWISE[name]
    if dtype == "float32":
        points = [p for p in points if abs(p) < 1e30 and (p == 0 or abs(p) > 1e-30)]
    x = st.tensor(dtype, shape=(None,), name="x")
    e = expr(x)
    f = symc.function([x], [e, symc.grad(e.sum(), x)], mode=mode)
    v = np.array(points, dtype=dtype)
    got, grad = f(v)
    assert_matches(got, reference(value, v, dtype), dtype)
    assert_matches(grad, reference(derivative, v, dtype), dtype)


def softmax_rows(z):
    """mpmath softmax and log-softmax of each row of z."""
    out, logs = [], []
    for row in z:
        r = [mp(v) for v in row]
        m = max(r)
        lse = m + mpmath.log(sum(mpmath.exp(v - m) for v in r))
        logs.append([v - lse for v in r])
        out.append([mpmath.exp(v - lse) for v in r])
    return out, logs


LOGITS = np.array([[800.0, 0.0, -800.0], [-800.0, 800.0, 0.0], [0.0, 0.0, 0.0], [1000.0, -1000.0, 1000.0]])
LABELS = np.array([2, 0, 1, 0])  # row 3: a tie at the maximum, loss log 2


def crossentropy_reference(z, y, dtype):
    sm, logs = softmax_rows(z)
    loss = np.array([float(-logs[i][y[i]]) for i in range(len(y))], dtype)
    grad = np.array([[float(sm[i][j] - (j == y[i])) for j in range(z.shape[1])] for i in range(len(y))], dtype)
    return loss, grad


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("form", ["indexed", "categorical", "one_hot"])
def test_crossentropy_of_softmax(form, dtype, mode):
    z = st.tensor(dtype, shape=(None, None), name="z")
    y = st.lvector("y")
    t = st.tensor(dtype, shape=(None, None), name="t")
    p = st.nnet.softmax(z)
    if form == "indexed":
        loss, inputs = -st.log(p[st.arange(y.shape[0]), y]), [z, y]
    elif form == "categorical":
        loss, inputs = st.nnet.categorical_crossentropy(p, y), [z, y]
    else:
        loss, inputs = -st.sum(t * st.log(p), axis=1), [z, t]
    f = symc.function(inputs, [loss, symc.grad(loss.sum(), z)], mode=mode)
    zv = LOGITS.astype(dtype)
    onehot = np.eye(3, dtype=dtype)[LABELS]
    got, grad = f(zv, LABELS if form != "one_hot" else onehot)
    want, want_grad = crossentropy_reference(zv, LABELS, dtype)
    assert_matches(got, want, dtype)
    assert_matches(grad, want_grad, dtype)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_logsumexp_and_log_softmax(dtype, mode):
    z = st.tensor(dtype, shape=(None, None), name="z")
    lse = st.log(st.sum(st.exp(z), axis=1))
    ls = st.log(st.nnet.softmax(z))
    f = symc.function([z], [lse, symc.grad(lse.sum(), z), ls, symc.grad(ls[:, 0].sum(), z)], mode=mode)
    zv = LOGITS.astype(dtype)
    got_lse, got_glse, got_ls, got_gls = f(zv)
    sm, logs = softmax_rows(zv)
    lse_ref = [float(zv[i][0] - logs[i][0]) for i in range(len(zv))]
    assert_matches(got_lse, np.array(lse_ref, dtype), dtype)
    assert_matches(got_glse, np.array([[float(v) for v in r] for r in sm], dtype), dtype)
    assert_matches(got_ls, np.array([[float(v) for v in r] for r in logs], dtype), dtype)
    # d/dz of log_softmax(z)[:, 0] = onehot(0) - softmax(z)
    assert_matches(got_gls, np.array([[float((j == 0) - sm[i][j]) for j in range(3)] for i in range(4)], dtype),
                   dtype)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_binary_crossentropy_of_sigmoid(dtype, mode):
    x, t = st.tensor(dtype, shape=(None,), name="x"), st.tensor(dtype, shape=(None,), name="t")
    loss = st.nnet.binary_crossentropy(st.sigmoid(x), t)
    f = symc.function([x, t], [loss, symc.grad(loss.sum(), x)], mode=mode)
    xv = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0, 1000.0], dtype)
    tv = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0], dtype)
    got, grad = f(xv, tv)
    want = [float(mpmath.log(1 + mpmath.exp(mp(a))) - mp(b) * mp(a)) for a, b in zip(xv, tv)]
    assert_matches(got, np.array(want, dtype), dtype)
    # The gradient sigmoid(x) - t (the frontend's fused rule) is exact at
    # +-1000 and within an ulp of 1 where sigmoid(x) is close to t.
    assert_matches(grad, np.array([float(sigmoid(mp(a)) - mp(b)) for a, b in zip(xv, tv)], dtype), dtype,
                   atol=np.finfo(dtype).eps)


@pytest.mark.parametrize("mode", ALL_MODES)
def test_b6_softplus(mode):
    """B6 of BENCHMARKS.md: softplus written naively at -1000 ... 1000."""
    x = st.dvector("x")
    f = symc.function([x], st.log(1 + st.exp(x)), mode=mode)
    v = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    assert_matches(f(v), reference(lambda a: mpmath.log(1 + mpmath.exp(a)), v, "float64"), "float64")


@pytest.mark.parametrize("mode", ALL_MODES)
def test_b6_log_softmax(mode):
    """B6 of BENCHMARKS.md: log(softmax(z)) at z = [1000, 0, -1000]."""
    z = st.dvector("z")
    f = symc.function([z], st.log(st.nnet.softmax(z)), mode=mode)
    v = np.array([1000.0, 0.0, -1000.0])
    _, logs = softmax_rows([v])
    assert_matches(f(v), np.array([float(a) for a in logs[0]]), "float64")


def test_without_stabilize_the_naive_forms_overflow():
    """The tests above would fail without symc-stabilize: the same graphs
    compiled with it excluded give inf and NaN."""
    x = st.dvector("x")
    e = st.log(1 + st.exp(x))
    mode = symc.Mode(excluding=["symc-stabilize"])
    f = symc.function([x], [e, symc.grad(e.sum(), x)], mode=mode)
    got, grad = f(np.array([1000.0]))
    assert np.isinf(got[0]) and np.isnan(grad[0])
    assert "symc.softplus" not in f.dump_mlir("optimized")
