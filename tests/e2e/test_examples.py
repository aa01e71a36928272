"""The training programs of examples/ against the same models written in
NumPy: the builder functions of logistic_regression.py and mlp_digits.py are
run for a few SGD steps on small data and every output and every parameter is
compared with a hand-derived NumPy gradient step after each step (the
dropout masks recomputed with the NumPy Philox reference); the digits MLP
with dropout must reach its accuracy target."""

import importlib.util
import pathlib

import numpy as np
import pytest
from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def load_example(name):
    spec = importlib.util.spec_from_file_location(f"symc_example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def logreg():
    return load_example("logistic_regression")


@pytest.fixture(scope="module")
def mlp():
    return load_example("mlp_digits")


# ---------------------------------------------------------------------------
# Logistic regression (the Theano tutorial)
# ---------------------------------------------------------------------------


def np_logreg_step(x, y, w, b, lr, l2):
    """(prediction, xent, new w, new b): forward, gradient derived by hand,
    SGD update. d xent / dz = sigmoid(z) - y."""
    z = x @ w + b
    p = 1 / (1 + np.exp(-z))
    xent = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
    gz = (p - y) / len(y)
    gw = x.T @ gz + 2 * l2 * w
    gb = gz.sum()
    return p > 0.5, xent, w - lr * gw, b - lr * gb


def test_logistic_regression_steps_match_numpy(logreg):
    rng = np.random.default_rng(0)
    x, y = logreg.make_data(rng, n=30, n_features=12)
    w, b = rng.standard_normal(12), 0.3
    model = logreg.build_model(w, b, learning_rate=0.1, l2=0.01)
    for _ in range(6):
        cost_ref = np.mean(np_logreg_step(x, y, w, b, 0.1, 0.01)[1]) + 0.01 * np.sum(w ** 2)
        np.testing.assert_allclose(model.cost(x, y), cost_ref, rtol=1e-12)
        pred, xent = model.train(x, y)
        pred_ref, xent_ref, w, b = np_logreg_step(x, y, w, b, 0.1, 0.01)
        np.testing.assert_array_equal(pred, pred_ref)
        np.testing.assert_allclose(xent, xent_ref, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(model.w.get_value(), w, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(model.b.get_value(), b, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(model.predict(x), (x @ w + b) > 0)


def test_logistic_regression_cost_is_finite_where_the_sigmoid_saturates(logreg):
    # |z| of several hundred: the naive -log(1 - sigmoid(z)) would be inf.
    x = np.array([[400.0, 0.0], [0.0, -300.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0])
    model = logreg.build_model(np.ones(2), 0.0, learning_rate=0.1, l2=0.0)
    _, xent = model.train(x, y)
    np.testing.assert_allclose(xent, [400.0, 300.0, np.logaddexp(0, -2.0)], rtol=1e-12)
    # gz = (p - y) / 3 = (1, -1, sigmoid(2) - 1) / 3
    gz = np.array([1.0, -1.0, 1 / (1 + np.exp(-2.0)) - 1]) / 3
    np.testing.assert_allclose(model.w.get_value(), 1 - 0.1 * (x.T @ gz), rtol=1e-12)
    assert np.all(np.isfinite(model.w.get_value()))


def test_logistic_regression_tutorial_memorizes_its_training_set(logreg, capsys):
    accuracy = logreg.main(["--steps", "400"])
    out = capsys.readouterr().out
    costs = [float(line.split()[-1]) for line in out.splitlines() if line.startswith("step")]
    assert len(costs) == 400
    assert costs[-1] < costs[0] / 100
    assert accuracy >= 0.99


# ---------------------------------------------------------------------------
# The digits MLP
# ---------------------------------------------------------------------------


def np_softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def np_mlp_forward(x, params, activation):
    w1, b1, w2, b2 = params
    a = x @ w1 + b1
    h = np.tanh(a) if activation == "tanh" else np.maximum(a, 0)
    return a, h, np_softmax(h @ w2 + b2)


def np_mlp_step(x, y, params, activation, lr, l2, scale=1.0):
    """(loss, new params): backpropagation written out by hand. ``scale``:
    the dropout factor of each hidden unit (mask / keep; 1 without
    dropout)."""
    w1, b1, w2, b2 = params
    a, h, _ = np_mlp_forward(x, params, activation)
    hd = h * scale
    p = np_softmax(hd @ w2 + b2)
    rows = np.arange(len(y))
    loss = -np.mean(np.log(p[rows, y]))
    ds = p.copy()
    ds[rows, y] -= 1
    ds /= len(y)
    dh = (ds @ w2.T) * scale
    # relu'(0) = 1, as in Theano (maximum gives the gradient to x at ties).
    da = dh * (1 - h * h) if activation == "tanh" else dh * (a >= 0)
    grads = (x.T @ da + 2 * l2 * w1, da.sum(axis=0), hd.T @ ds + 2 * l2 * w2, ds.sum(axis=0))
    return loss, tuple(v - lr * g for v, g in zip(params, grads))


@pytest.mark.parametrize("activation,l2", [("tanh", 0.0), ("relu", 0.0), ("tanh", 1e-3)])
def test_mlp_steps_match_numpy(mlp, activation, l2):
    rng = np.random.default_rng(1)
    x = rng.random((40, 9))
    y = rng.integers(0, 4, size=40)
    params = mlp.init_params(rng, 9, 7, 4)
    # A nonzero output layer, so that the hidden layer's gradient is too.
    params = params[:2] + (0.5 * rng.standard_normal((7, 4)), 0.1 * rng.standard_normal(4))
    model = mlp.build_mlp(params, activation=activation, learning_rate=0.3, l2=l2)
    for step in range(5):
        batch = rng.permutation(40)[:16]
        loss_ref, params = np_mlp_step(x[batch], y[batch], params, activation, 0.3, l2)
        np.testing.assert_allclose(model.train_step(x[batch], y[batch]), loss_ref, rtol=1e-12)
        for shared, want in zip(model.params, params):
            np.testing.assert_allclose(shared.get_value(), want, rtol=1e-11, atol=1e-13,
                                       err_msg=f"{shared.name} after step {step + 1}")
    p = np_mlp_forward(x, params, activation)[2]
    loss, accuracy = model.evaluate(x, y)
    np.testing.assert_allclose(loss, -np.mean(np.log(p[np.arange(40), y])), rtol=1e-12)
    assert accuracy == np.mean(p.argmax(axis=1) == y)
    np.testing.assert_array_equal(model.predict(x), p.argmax(axis=1))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_mlp_dropout_steps_match_numpy_with_the_streams_masks(mlp, activation):
    from symc.tensor.random import philox

    rng = np.random.default_rng(3)
    x = rng.random((40, 9))
    y = rng.integers(0, 4, size=40)
    params = mlp.init_params(rng, 9, 7, 4)
    params = params[:2] + (0.5 * rng.standard_normal((7, 4)), 0.1 * rng.standard_normal(4))
    model = mlp.build_mlp(params, activation=activation, learning_rate=0.3, dropout_rate=0.4, seed=11)
    ((state, _),) = model.srng.updates()
    masks = []
    for step in range(5):
        batch = rng.permutation(40)[:16]
        # The mask the training step draws: the generator's uniforms (the
        # NumPy reference of the compiled Philox) below keep = 0.6.
        u, _ = philox.uniform(state.get_value(), (16, 7), "float64")
        mask = (u < 0.6).astype(np.float64)
        masks.append(mask)
        loss_ref, params = np_mlp_step(x[batch], y[batch], params, activation, 0.3, 0.0, scale=mask * (1 / 0.6))
        np.testing.assert_allclose(model.train_step(x[batch], y[batch]), loss_ref, rtol=1e-12)
        for shared, want in zip(model.params, params):
            np.testing.assert_allclose(shared.get_value(), want, rtol=1e-11, atol=1e-13,
                                       err_msg=f"{shared.name} after step {step + 1}")
    # Fresh masks at every step, dropping about 40% of the units.
    assert all(not np.array_equal(masks[0], m) for m in masks[1:])
    assert 0.25 < 1 - np.mean(masks) < 0.55
    # Evaluation uses the whole layer, unscaled, and draws nothing.
    before = state.get_value().copy()
    p = np_mlp_forward(x, params, activation)[2]
    for _ in range(2):
        loss, accuracy = model.evaluate(x, y)
        np.testing.assert_allclose(loss, -np.mean(np.log(p[np.arange(40), y])), rtol=1e-12)
    np.testing.assert_array_equal(state.get_value(), before)
    np.testing.assert_array_equal(model.predict(x), p.argmax(axis=1))


def test_mlp_dropout_is_reproducible_from_its_seed(mlp):
    rng = np.random.default_rng(4)
    x, y = rng.random((16, 9)), rng.integers(0, 4, size=16)
    params = mlp.init_params(rng, 9, 7, 4)
    params = params[:2] + (0.5 * rng.standard_normal((7, 4)), np.zeros(4))
    runs = []
    for seed in (5, 5, 6):
        model = mlp.build_mlp(params, learning_rate=0.3, dropout_rate=0.5, seed=seed)
        runs.append([float(model.train_step(x, y)) for _ in range(3)])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    with pytest.raises(ValueError, match="dropout rate"):
        mlp.build_mlp(params, dropout_rate=1.0)


def test_mlp_float32_step_matches_numpy(mlp):
    rng = np.random.default_rng(2)
    x = rng.random((20, 6)).astype(np.float32)
    y = rng.integers(0, 3, size=20)
    params = mlp.init_params(rng, 6, 5, 3, dtype="float32")
    params = params[:2] + ((0.5 * rng.standard_normal((5, 3))).astype(np.float32), np.zeros(3, np.float32))
    model = mlp.build_mlp(params, learning_rate=0.5)
    assert all(p.get_value().dtype == np.float32 for p in model.params)
    ref = tuple(p.astype(np.float64) for p in params)
    for _ in range(3):
        loss_ref, ref = np_mlp_step(x.astype(np.float64), y, ref, "tanh", 0.5, 0.0)
        loss = model.train_step(x, y)
        assert loss.dtype == np.float32
        np.testing.assert_allclose(loss, loss_ref, rtol=1e-5)
        for shared, want in zip(model.params, ref):
            np.testing.assert_allclose(shared.get_value(), want, rtol=1e-4, atol=1e-5)


def test_mlp_with_dropout_reaches_95_percent_on_the_digits(mlp):
    x_train, y_train, x_test, y_test = mlp.load_data()
    assert len(y_train) + len(y_test) == 1797 and x_train.shape[1] == 64
    rng = np.random.default_rng(0)
    model = mlp.build_mlp(mlp.init_params(rng, 64, 100, 10), dropout_rate=0.2)
    losses = []
    mlp.train(model, x_train, y_train, epochs=10, batch_size=16, rng=rng,
              on_epoch=lambda epoch, loss: losses.append(loss))
    assert len(losses) == 10 and losses[-1] < losses[0] / 3
    _, accuracy = model.evaluate(x_test, y_test)
    assert accuracy >= 0.95


def test_mlp_demo_prints_every_epoch(mlp, capsys):
    accuracy = mlp.main(["--epochs", "3", "--activation", "relu", "--hidden", "32", "--dropout", "0.3"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("epoch")]
    assert len(lines) == 3
    assert all("train loss" in line and "test accuracy" in line for line in lines)
    assert 0.5 < accuracy <= 1.0
