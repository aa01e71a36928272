"""A softmax classifier's forward pass, compiled with symc.

Three Gaussian blobs in 2-D are classified by the linear discriminant of
their class means (weights ``mu_k``, biases ``-|mu_k|^2 / 2``); symc computes
the class probabilities, the predictions, the mean crossentropy and the
accuracy in one compiled function, and the script checks every number
against NumPy.

    python examples/softmax_classifier.py
"""

import numpy as np

import symc
import symc.tensor as st


def make_data(rng, n_per_class=200):
    means = np.array([[0.0, 3.0], [3.0, -1.5], [-3.0, -1.5]])
    x = np.concatenate([rng.normal(m, 1.0, size=(n_per_class, 2)) for m in means])
    y = np.repeat(np.arange(len(means)), n_per_class)
    return x, y


def main():
    rng = np.random.default_rng(0)
    x_train, y_train = make_data(rng)
    x_test, y_test = make_data(rng)

    # Nearest-mean linear discriminant fitted on the training set (NumPy).
    mu = np.stack([x_train[y_train == k].mean(axis=0) for k in range(3)])
    w = symc.shared(mu.T.copy(), name="W")                 # (features, classes)
    b = symc.shared(-0.5 * np.sum(mu ** 2, axis=1), name="b")

    # The symbolic forward pass.
    x = st.dmatrix("x")
    y = st.lvector("y")
    scores = st.dot(x, w) + b
    probs = st.nnet.softmax(scores)
    probs.name = "probs"
    pred = st.argmax(probs, axis=1)
    loss = st.mean(st.nnet.categorical_crossentropy(probs, y))
    accuracy = st.mean(st.eq(pred, y))

    print("loss =", symc.pp(loss))
    print(symc.printing.debugprint(accuracy, file="str"))

    forward = symc.function([x, y], [probs, pred, loss, accuracy], name="forward")
    print("\n".join(forward.dump_mlir("input").splitlines()[:12]), "\n  ...\n")

    for name, xs, ys in (("train", x_train, y_train), ("test", x_test, y_test)):
        p, yhat, loss_value, acc = forward(xs, ys)
        # NumPy reference.
        s = xs @ mu.T - 0.5 * np.sum(mu ** 2, axis=1)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        p_ref = e / e.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(p, p_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_array_equal(yhat, p_ref.argmax(axis=1))
        np.testing.assert_allclose(loss_value, -np.mean(np.log(p_ref[np.arange(len(ys)), ys])), rtol=1e-10)
        assert acc == np.mean(p_ref.argmax(axis=1) == ys)
        print(f"{name}: {len(ys)} points, mean crossentropy {loss_value:.4f}, accuracy {acc:.3f} (matches NumPy)")


if __name__ == "__main__":
    main()
