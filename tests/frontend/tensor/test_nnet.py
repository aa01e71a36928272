"""Neural-network ops against NumPy references written here."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError

from ..utils import evaluate, rng


def np_softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_softmax_and_log_softmax():
    x = st.dmatrix()
    v = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    np.testing.assert_allclose(evaluate(st.nnet.softmax(x), {x: v}), np_softmax(v))
    np.testing.assert_allclose(evaluate(st.softmax(x, axis=0), {x: v}), np_softmax(v, 0))
    ls = evaluate(st.nnet.log_softmax(x), {x: v})
    assert np.all(np.isfinite(ls))
    np.testing.assert_allclose(ls[1], np.log(np_softmax(v[1])))
    np.testing.assert_allclose(ls[0], [0.0, -1000.0, -2000.0])


def test_categorical_crossentropy_with_labels_and_one_hot():
    p = st.dmatrix()
    labels = st.ivector()
    v = np_softmax(rng().normal(size=(4, 3)))
    y = np.array([0, 2, 1, 2], np.int32)
    expected = -np.log(v[np.arange(4), y])
    np.testing.assert_allclose(evaluate(st.nnet.categorical_crossentropy(p, labels), {p: v, labels: y}), expected)
    onehot = st.dmatrix()
    np.testing.assert_allclose(evaluate(st.nnet.categorical_crossentropy(p, onehot), {p: v, onehot: np.eye(3)[y]}),
                               expected)
    with pytest.raises(SymcTypeError, match="label vector must hold integers"):
        st.nnet.categorical_crossentropy(p, st.dvector())
    with pytest.raises(SymcTypeError, match="float matrix"):
        st.nnet.categorical_crossentropy(st.dvector(), labels)


def test_binary_crossentropy_sigmoid_softplus_relu():
    p, t = st.dvector(), st.dvector()
    vp, vt = np.array([0.1, 0.5, 0.9]), np.array([0.0, 1.0, 1.0])
    np.testing.assert_allclose(evaluate(st.nnet.binary_crossentropy(p, t), {p: vp, t: vt}),
                               -(vt * np.log(vp) + (1 - vt) * np.log(1 - vp)))
    x = st.dvector()
    vx = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(evaluate(st.nnet.relu(x), {x: vx}), np.maximum(vx, 0))
    np.testing.assert_allclose(evaluate(st.nnet.relu(x, 0.1), {x: vx}), np.where(vx > 0, vx, 0.1 * vx))
    assert st.nnet.sigmoid is st.sigmoid


def np_conv2d(x, w, pad, stride, dilation, flip):
    if flip:
        w = w[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    kh, kw = w.shape[2:]
    oh = (xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for b in range(x.shape[0]):
        for f in range(w.shape[0]):
            for i in range(oh):
                for j in range(ow):
                    r, c = i * stride[0], j * stride[1]
                    patch = xp[b, :, r:r + dilation[0] * (kh - 1) + 1:dilation[0],
                               c:c + dilation[1] * (kw - 1) + 1:dilation[1]]
                    out[b, f, i, j] = np.sum(patch * w[f])
    return out


@pytest.mark.parametrize("mode,pad", [("valid", (0, 0)), ("full", (2, 1)), ("half", (1, 1)), ((1, 2), (1, 2)),
                                      (1, (1, 1))])
@pytest.mark.parametrize("subsample", [(1, 1), (2, 1)])
@pytest.mark.parametrize("flip", [True, False])
def test_conv2d_matches_a_direct_loop(mode, pad, subsample, flip):
    x = st.tensor("float64", shape=(None, 2, None, None))
    w = st.tensor("float64", shape=(3, 2, 3, 2))
    vx, vw = rng(1).normal(size=(2, 2, 6, 5)), rng(2).normal(size=(3, 2, 3, 2))
    out = st.nnet.conv2d(x, w, border_mode=mode, subsample=subsample, filter_flip=flip)
    expected = np_conv2d(vx, vw, pad, subsample, (1, 1), flip)
    np.testing.assert_allclose(evaluate(out, {x: vx, w: vw}), expected, rtol=1e-10)
    xs = st.tensor("float64", shape=(2, 2, 6, 5))
    assert st.nnet.conv2d(xs, w, border_mode=mode, subsample=subsample).type.shape == expected.shape


def test_conv2d_dilation_and_channel_check():
    x = st.tensor("float64", shape=(1, 2, 7, 7))
    w = st.tensor("float64", shape=(1, 2, 2, 2))
    vx, vw = rng(3).normal(size=(1, 2, 7, 7)), rng(4).normal(size=(1, 2, 2, 2))
    out = st.conv2d(x, w, filter_dilation=(2, 3))
    np.testing.assert_allclose(evaluate(out, {x: vx, w: vw}), np_conv2d(vx, vw, (0, 0), (1, 1), (2, 3), True))
    with pytest.raises(SymcTypeError, match="3 channels"):
        st.conv2d(st.tensor("float64", shape=(1, 3, 5, 5)), w)
    with pytest.raises(SymcTypeError, match="border_mode"):
        st.conv2d(x, w, border_mode="same")


def np_pool(x, ws, stride, pad, mode, ignore_border):
    # Theano's definition, written out independently of the frontend.
    rows, cols = x.shape[-2] + 2 * pad[0], x.shape[-1] + 2 * pad[1]

    def count(n, w, s):
        if ignore_border:
            return max(0, (n - w) // s + 1)
        return (n - 1) // s + 1 if s >= w else max(0, (n - 1 - w + s) // s) + 1

    oh, ow = count(rows, ws[0], stride[0]), count(cols, ws[1], stride[1])
    y = np.zeros(x.shape[:-2] + (rows, cols))
    y[..., pad[0]:rows - pad[0], pad[1]:cols - pad[1]] = x
    out = np.zeros(x.shape[:-2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, r1 = i * stride[0], min(i * stride[0] + ws[0], rows)
            c0, c1 = j * stride[1], min(j * stride[1] + ws[1], cols)
            if mode != "average_inc_pad":
                r0, r1 = max(r0, pad[0]), min(r1, x.shape[-2] + pad[0])
                c0, c1 = max(c0, pad[1]), min(c1, x.shape[-1] + pad[1])
            win = y[..., r0:r1, c0:c1]
            out[..., i, j] = {"max": np.max, "sum": np.sum}.get(mode, np.mean)(win, axis=(-2, -1))
    return out


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize("ws,stride,pad,ignore_border", [((2, 2), None, (0, 0), True), ((3, 2), (2, 1), (0, 0), True),
                                                        ((3, 3), (2, 2), (0, 0), False), ((2, 2), None, (0, 0), False),
                                                        ((3, 3), (1, 2), (1, 1), True)])
def test_pool_2d_matches_theano_definition(mode, ws, stride, pad, ignore_border):
    x = st.tensor("float64", shape=(None, 2, None, None))
    vx = rng(5).normal(size=(2, 2, 7, 6))
    out = st.nnet.pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)
    expected = np_pool(vx, ws, stride or ws, pad, mode, ignore_border)
    np.testing.assert_allclose(evaluate(out, {x: vx}), expected, rtol=1e-12)
    xs = st.tensor("float64", shape=(2, 2, 7, 6))
    assert st.nnet.pool_2d(xs, ws, ignore_border, stride, pad, mode).type.shape == expected.shape


def test_max_pool_2d_and_pooling_errors():
    x = st.dmatrix()
    v = rng(6).normal(size=(5, 4))
    np.testing.assert_allclose(evaluate(st.max_pool_2d(x, (2, 2)), {x: v}),
                               np_pool(v, (2, 2), (2, 2), (0, 0), "max", True))
    with pytest.raises(SymcTypeError, match="ignore_border"):
        st.pool_2d(x, (2, 2), ignore_border=False, pad=(1, 1))
    with pytest.raises(SymcTypeError, match="smaller than ws"):
        st.pool_2d(x, (2, 2), pad=(2, 0))
    with pytest.raises(SymcTypeError, match="mode"):
        st.pool_2d(x, (2, 2), mode="median")


def test_pool_2d_without_ignore_border_and_a_stride_larger_than_the_window_follows_theano():
    # Theano: windows start at 0 and 3 on a size-6 axis; no window starts past the edge.
    x = st.dmatrix()
    v = rng(7).normal(size=(6, 7))
    got = evaluate(st.pool_2d(x, (2, 2), ignore_border=False, stride=(3, 3)), {x: v})
    expected = np.array([[v[r:r + 2, c:c + 2].max() for c in (0, 3, 6)] for r in (0, 3)])
    np.testing.assert_allclose(got, expected)
