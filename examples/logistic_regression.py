"""Logistic regression trained by gradient descent: the classic Theano tutorial.

400 random examples of 784 features with random 0/1 labels; the weights
``w`` and the bias ``b`` are shared variables, ``train`` computes the
predictions and the cross-entropy and updates ``w`` and ``b`` with one
gradient step (learning rate 0.1, L2 penalty 0.01), ``predict`` classifies.
The labels are random, so what the model learns is to memorize the training
set: the accuracy on it climbs towards 1.

    python examples/logistic_regression.py [--steps 400] [--seed 0]

``build_model`` is what ``tests/e2e/test_examples.py`` checks step for step
against the same model written in NumPy.
"""

import argparse
from dataclasses import dataclass

import numpy as np

import symc
import symc.tensor as st

N_EXAMPLES = 400
N_FEATURES = 784


@dataclass
class Model:
    """The compiled functions of the tutorial and the shared parameters."""

    w: object             # shared (n_features,)
    b: object             # shared scalar
    train: object         # train(x, y) -> [prediction, xent]; updates w and b
    predict: object       # predict(x) -> prediction (bool)
    cost: object          # cost(x, y) -> the regularized mean cross-entropy (no update)


def make_data(rng, n=N_EXAMPLES, n_features=N_FEATURES):
    """The tutorial's data set: Gaussian features, uniformly random labels."""
    return rng.standard_normal((n, n_features)), rng.integers(0, 2, size=n).astype(np.float64)


def build_model(w_init, b_init=0.0, learning_rate=0.1, l2=0.01):
    """Compiles the tutorial's functions for weights starting at ``w_init``."""
    w = symc.shared(np.asarray(w_init, dtype=np.float64), name="w")
    b = symc.shared(np.float64(b_init), name="b")
    x = st.dmatrix("x")
    y = st.dvector("y")

    z = st.dot(x, w) + b
    p_1 = st.nnet.sigmoid(z)                       # probability that the target is 1
    prediction = p_1 > 0.5                         # the prediction, thresholded
    # -y*log(p_1) - (1-y)*log(1-p_1), written with log(sigmoid(z)) = -softplus(-z)
    # and log(1 - sigmoid(z)) = -softplus(z): with random 784-dimensional weights
    # |z| is often above 40, where 1 - p_1 rounds to 0 and the naive form is inf.
    xent = y * st.nnet.softplus(-z) + (1 - y) * st.nnet.softplus(z)
    cost = xent.mean() + l2 * (w ** 2).sum()       # the cost to minimize
    gw, gb = symc.grad(cost, [w, b])

    train = symc.function([x, y], [prediction, xent], name="train",
                          updates=[(w, w - learning_rate * gw), (b, b - learning_rate * gb)])
    predict = symc.function([x], prediction, name="predict")
    cost_fn = symc.function([x, y], cost, name="cost")
    return Model(w=w, b=b, train=train, predict=predict, cost=cost_fn)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400, help="training steps (the tutorial uses 10000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    x_train, y_train = make_data(rng)
    model = build_model(rng.standard_normal(N_FEATURES))

    print(f"initial model: b = {model.b.get_value():.4f}, |w| = {np.linalg.norm(model.w.get_value()):.2f}")
    for step in range(args.steps):
        _, xent = model.train(x_train, y_train)
        print(f"step {step + 1:4d}  mean cross-entropy {xent.mean():.6f}")
    accuracy = np.mean(model.predict(x_train) == (y_train == 1))
    print(f"final model: b = {model.b.get_value():.4f}, |w| = {np.linalg.norm(model.w.get_value()):.2f}")
    print(f"cost {model.cost(x_train, y_train):.6f}; accuracy on the training data: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    main()
