"""A two-layer perceptron that reads handwritten digits, trained with symc.

The 1797 8x8 digit images that ship inside scikit-learn
(``sklearn.datasets.load_digits``, no download) are split into a training
and a test set; a tanh (or relu) hidden layer and a softmax output layer are
trained by minibatch SGD on the mean cross-entropy. During training the
hidden layer goes through dropout: each unit is kept with probability
``1 - dropout`` (a mask drawn from a ``st.random.RandomStream`` at every
step) and the kept ones are scaled by ``1 / (1 - dropout)`` ("inverted"
dropout), so the evaluation function uses the whole layer unscaled. Each
epoch prints the training loss and the test loss and accuracy.

    python examples/mlp_digits.py [--epochs 20] [--hidden 100] [--activation tanh|relu] [--dropout 0.2]

The model is built by small functions (``hidden_layer``, ``dropout``,
``forward``, ``build_mlp``) so that variants change one of them;
``tests/e2e/test_examples.py`` checks a training step, dropout mask
included, against NumPy.
"""

import argparse
import time
from dataclasses import dataclass

import numpy as np

import symc
import symc.tensor as st

ACTIVATIONS = {"tanh": st.tanh, "relu": st.nnet.relu}


def load_data(test_fraction=0.25, seed=0, dtype="float64"):
    """The digits as (x_train, y_train, x_test, y_test) after a seeded random
    split, int64 labels. Each pixel is standardized with the training set's
    mean and standard deviation (pixels that never vary keep their scale):
    SGD then converges steadily instead of oscillating."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data.astype(np.float64)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
    std[std < 1e-3] = 1.0
    x = ((x - mean) / std).astype(dtype)
    return x[train], y[train], x[test], y[test]


def init_params(rng, n_in, n_hidden, n_out, dtype="float64"):
    """Initial values (W1, b1, W2, b2): Glorot-uniform hidden weights, as in
    the Theano MLP tutorial, and a zero output layer."""
    bound = np.sqrt(6.0 / (n_in + n_hidden))
    return (rng.uniform(-bound, bound, size=(n_in, n_hidden)).astype(dtype),
            np.zeros(n_hidden, dtype),
            np.zeros((n_hidden, n_out), dtype),
            np.zeros(n_out, dtype))


def hidden_layer(x, w, b, activation="tanh"):
    """activation(x @ w + b): the one place a hidden layer is built (a
    dropout variant wraps its result here)."""
    return ACTIVATIONS[activation](st.dot(x, w) + b)


def dropout(h, srng, rate):
    """``h`` with each entry zeroed with probability ``rate`` and the others
    scaled by ``1 / (1 - rate)``, so that its expectation is ``h``: the
    mask is ``u < 1 - rate`` for ``u`` uniform in [0, 1) from ``srng``, a
    fresh one at every call of the compiled function."""
    keep = 1.0 - rate
    u = srng.uniform(size=h.shape, dtype=h.dtype)
    mask = st.cast(st.lt(u, keep), h.dtype)
    return h * (mask * np.asarray(1.0 / keep, h.dtype))


def forward(x, params, activation="tanh", srng=None, rate=0.0):
    """Class probabilities (softmax) of the minibatch ``x``; with ``srng``
    and a positive ``rate``, the hidden layer goes through dropout."""
    w1, b1, w2, b2 = params
    h = hidden_layer(x, w1, b1, activation)
    if srng is not None and rate > 0:
        h = dropout(h, srng, rate)
    return st.nnet.softmax(st.dot(h, w2) + b2)


@dataclass
class MLP:
    params: list          # shared W1, b1, W2, b2
    srng: object          # the RandomStream of the dropout masks (None without dropout)
    train_step: object    # train_step(x, y) -> mean cross-entropy of the minibatch (with dropout); SGD update of params
    evaluate: object      # evaluate(x, y) -> [mean cross-entropy, accuracy] (no update, no dropout)
    predict: object       # predict(x) -> int64 labels


def build_mlp(initial_params, activation="tanh", learning_rate=0.1, l2=0.0, dropout_rate=0.0, seed=0):
    """Compiles the training step and the evaluation of an MLP whose
    parameters start at ``initial_params`` (see ``init_params``). With a
    positive ``dropout_rate`` the training step drops hidden units (masks
    from a RandomStream seeded with ``seed``); evaluation and prediction
    never do."""
    if not 0.0 <= dropout_rate < 1.0:
        raise ValueError(f"the dropout rate must be in [0, 1), got {dropout_rate}")
    names = ("W1", "b1", "W2", "b2")
    params = [symc.shared(v, name=n) for n, v in zip(names, initial_params)]
    dtype = params[0].dtype
    x = st.tensor(dtype, shape=(None, None), name="x")
    y = st.lvector("y")

    srng = st.random.RandomStream(seed) if dropout_rate > 0 else None
    train_probs = forward(x, params, activation, srng, dropout_rate)
    loss = st.nnet.categorical_crossentropy(train_probs, y).mean()
    cost = loss
    if l2:
        cost = cost + l2 * sum((p ** 2).sum() for p in params[::2])
    grads = symc.grad(cost, params)
    lr = np.asarray(learning_rate, dtype)
    train_step = symc.function([x, y], loss, name="train_step",
                               updates=[(p, p - lr * g) for p, g in zip(params, grads)])

    # The dropout mask's state advances with every training step (its
    # default update); evaluation and prediction use the whole layer.
    probs = forward(x, params, activation)
    eval_loss = st.nnet.categorical_crossentropy(probs, y).mean()
    prediction = st.argmax(probs, axis=1)
    evaluate = symc.function([x, y], [eval_loss, st.mean(st.eq(prediction, y))], name="evaluate")
    predict = symc.function([x], prediction, name="predict")
    return MLP(params=params, srng=srng, train_step=train_step, evaluate=evaluate, predict=predict)


def train(model, x_train, y_train, epochs, batch_size, rng, on_epoch=None):
    """Minibatch SGD over shuffled training data; ``on_epoch(epoch,
    mean_training_loss)`` is called after each epoch."""
    n = len(y_train)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            losses.append(float(model.train_step(x_train[batch], y_train[batch])))
        if on_epoch is not None:
            on_epoch(epoch, float(np.mean(losses)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--activation", choices=sorted(ACTIVATIONS), default="tanh")
    parser.add_argument("--dropout", type=float, default=0.2, help="the dropout rate of the hidden layer in training")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    x_train, y_train, x_test, y_test = load_data(seed=args.seed, dtype=args.dtype)
    print(f"digits: {len(y_train)} training and {len(y_test)} test images of {x_train.shape[1]} pixels "
          f"(loaded in {time.perf_counter() - t0:.2f} s)")
    t1 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    model = build_mlp(init_params(rng, x_train.shape[1], args.hidden, 10, args.dtype),
                      activation=args.activation, learning_rate=args.learning_rate, dropout_rate=args.dropout,
                      seed=args.seed)
    print(f"MLP {x_train.shape[1]}-{args.hidden}({args.activation}, dropout {args.dropout})-10 built and compiled in "
          f"{time.perf_counter() - t1:.2f} s")

    result = {}

    def report(epoch, train_loss):
        test_loss, test_acc = model.evaluate(x_test, y_test)
        _, train_acc = model.evaluate(x_train, y_train)
        result.update(test_accuracy=float(test_acc), train_loss=train_loss)
        print(f"epoch {epoch:3d}  train loss {train_loss:.4f}  train accuracy {float(train_acc):.4f}  "
              f"test loss {float(test_loss):.4f}  test accuracy {float(test_acc):.4f}")

    train(model, x_train, y_train, args.epochs, args.batch_size, rng, on_epoch=report)
    print(f"test accuracy {result['test_accuracy']:.4f} after {args.epochs} epochs "
          f"({time.perf_counter() - t0:.2f} s in all)")
    return result["test_accuracy"]


if __name__ == "__main__":
    main()
