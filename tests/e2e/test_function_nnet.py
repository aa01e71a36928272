"""Neural-network ops compiled through symc.function against NumPy."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native, values  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402


def np_softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softmax_family_and_crossentropies(dtype):
    x = st.tensor(dtype, shape=(None, None))
    y = st.lvector("y")
    t = st.tensor(dtype, shape=(None, None))
    sm = st.nnet.softmax(x)
    f = symc.function([x, y, t], [sm, st.nnet.log_softmax(x), st.nnet.softmax(x, axis=0),
                                  st.nnet.categorical_crossentropy(sm, y), st.nnet.categorical_crossentropy(sm, t),
                                  st.nnet.relu(x), st.nnet.relu(x, 0.2)])
    vx = values(dtype, (4, 3), 1)
    vx[0] = [1000.0, 0.0, -1000.0]
    vy = np.array([0, 2, 1, 0])
    p = np_softmax(vx.astype(np.float64))
    got = f(vx, vy, np.eye(3, dtype=dtype)[vy])
    assert_close(got[0], p.astype(dtype))
    assert np.all(np.isfinite(got[1]))
    assert_close(got[2], np_softmax(vx.astype(np.float64), 0).astype(dtype))
    with np.errstate(divide="ignore"):
        ce = -np.log(p[np.arange(4), vy])
    assert_close(got[3][1:], ce[1:].astype(dtype))
    assert_close(got[4][1:], ce[1:].astype(dtype))
    assert_close(got[5], np.maximum(vx, 0))
    assert_close(got[6], np.where(vx > 0, vx, np.asarray(0.2, dtype) * vx))


def np_conv2d(x, w, pad, stride, flip):
    if flip:
        w = w[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    kh, kw = w.shape[2:]
    oh, ow = (xp.shape[2] - kh) // stride[0] + 1, (xp.shape[3] - kw) // stride[1] + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride[0]:i * stride[0] + kh, j * stride[1]:j * stride[1] + kw]
            out[:, :, i, j] = np.einsum("bchw,fchw->bf", patch, w)
    return out


@pytest.mark.parametrize("mode,pad", [("valid", (0, 0)), ("full", (2, 1)), ("half", (1, 1)), ((1, 2), (1, 2))])
@pytest.mark.parametrize("subsample", [(1, 1), (2, 1)])
@pytest.mark.parametrize("flip", [True, False])
def test_conv2d(mode, pad, subsample, flip):
    x = st.tensor("float64", shape=(None, 2, None, None))
    w = st.tensor("float64", shape=(3, 2, 3, 2))
    f = symc.function([x, w], st.nnet.conv2d(x, w, border_mode=mode, subsample=subsample, filter_flip=flip))
    vx, vw = values("float64", (2, 2, 6, 5), 1), values("float64", (3, 2, 3, 2), 2)
    assert_close(f(vx, vw), np_conv2d(vx, vw, pad, subsample, flip))


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize("ws,stride,pad,ignore_border", [
    ((2, 2), None, (0, 0), True), ((3, 2), (2, 1), (0, 0), True), ((3, 3), (2, 2), (0, 0), False),
    ((3, 3), (1, 2), (1, 1), True)])
def test_pooling(mode, ws, stride, pad, ignore_border):
    from symc.tensor.nnet import Pool2D

    x = st.tensor("float64", shape=(None, 2, None, None))
    out = st.nnet.pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)
    f = symc.function([x], out)
    vx = values("float64", (2, 2, 7, 6), 3)
    expected = out.owner.op.perform(out.owner, [vx])[0]   # the reference is Theano's loop, tested separately
    assert isinstance(out.owner.op, Pool2D)
    assert_close(f(vx), expected)
