"""The IR of gradient graphs: the backward ops' syntax checked line by line,
gates and OpFromGraph leaving no trace of themselves, and whole training
steps verified by the dialect (where symc-opt is built)."""

import re

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.emit import emit
from symc.gradient import OpFromGraph, zero_grad

from ..utils import check_lines, free_inputs, needs_symc_opt, verify_ir


def ir_of(outputs, name="f"):
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return emit(free_inputs(outputs), outputs, name)


def test_crossentropy_of_softmax_gradient():
    x, y = st.fmatrix("x"), st.lvector("y")
    g = symc.grad(st.nnet.categorical_crossentropy(st.nnet.softmax(x), y).mean(), x)
    check_lines(ir_of(g), [
        r"%(\d+) = symc.crossentropy_softmax_grad %\d+, %arg0, %arg1 : tensor<\?xf32>, tensor<\?x\?xf32>, "
        r"tensor<\?xi64>",
        r"return %\d+ : tensor<\?x\?xf32>",
    ])


def test_tanh_gradient_is_one_op_on_the_forward_output():
    x = st.fvector("x")
    ir = ir_of(symc.grad((st.tanh(x) * 3).sum(), x))
    check_lines(ir, [
        r"%(\d+) = symc.tanh %arg0 : tensor<\?xf32>",
        r"symc.tanh_grad %\d+, %\d+ : tensor<\?xf32>",
        r"return",
    ])
    assert "symc.sqr" not in ir and "symc.sub" not in ir


def test_conv2d_gradients():
    x = st.tensor("float32", shape=(None, 3, 8, 8), name="x")
    w = st.tensor("float32", shape=(4, 3, 3, 3), name="w")
    y = st.nnet.conv2d(x, w, border_mode="half", subsample=(2, 1), filter_flip=False)
    gx, gw = symc.grad(y.sum(), [x, w])
    ir = ir_of([gx, gw])
    check_lines(ir, [
        r"symc.conv2d_grad_input %\d+, %arg1, %\d+ border_mode = half padding = \[0, 0\] strides = \[2, 1\] "
        r"dilation = \[1, 1\] : \(tensor<\?x4x4x8xf32>, tensor<4x3x3x3xf32>, tensor<4xi64>\) -> "
        r"tensor<\?x3x8x8xf32>",
        r"symc.conv2d_grad_filters %arg0, %\d+, %\d+ border_mode = half padding = \[0, 0\] strides = \[2, 1\] "
        r"dilation = \[1, 1\] : \(tensor<\?x3x8x8xf32>, tensor<\?x4x4x8xf32>, tensor<4xi64>\) -> "
        r"tensor<4x3x3x3xf32>",
    ])
    assert " flip" not in ir
    flipped = ir_of(symc.grad(st.nnet.conv2d(x, w).sum(), x))
    assert re.search(r"symc.conv2d_grad_input .* dilation = \[1, 1\] flip :", flipped)


def test_pool2d_gradient():
    x = st.dtensor4("x")
    g = symc.grad(st.nnet.pool_2d(x, (2, 3), ignore_border=False, stride=(1, 2), mode="average_exc_pad").sum(), x)
    check_lines(ir_of(g), [
        r"symc.pool2d_grad %arg0, %\d+ mode = average_exc_pad window = \[2, 3\] strides = \[1, 2\] padding = "
        r"\[0, 0\] : tensor<\?x\?x\?x\?xf64>, tensor<\?x\?x\?x\?xf64>",
    ])
    assert "ignore_border" not in ir_of(g)


def test_gradient_gates_emit_nothing():
    x = st.dvector("x")
    ir = ir_of([st.stop_gradient(x) * zero_grad(x)])
    check_lines(ir, [r"%(\d+) = symc.mul %arg0, %arg0 : tensor<\?xf64>"])
    assert "stop_gradient" not in ir and "zero_grad" not in ir


def test_op_from_graph_is_inlined_once_per_application():
    a = st.dvector()
    op = OpFromGraph([a], st.exp(a) * 2.0, name="twice_exp")
    x, y = st.dvector("x"), st.dvector("y")
    ir = ir_of([op(x), op(y)])
    check_lines(ir, [r"symc.exp %arg0", r"symc.mul", r"symc.exp %arg1", r"symc.mul", r"return %\d+, %\d+"])
    assert ir.count("symc.exp") == 2 and "twice_exp" not in ir


def training_step():
    """Gradients of a small convolutional classifier's loss."""
    img = st.tensor("float32", shape=(None, 1, 8, 8), name="img")
    labels = st.lvector("labels")
    w1 = symc.shared(np.zeros((4, 1, 3, 3), "float32"), name="w1")
    w2 = symc.shared(np.zeros((36, 10), "float32"), name="w2")
    b2 = symc.shared(np.zeros((10,), "float32"), name="b2")
    h = st.nnet.relu(st.nnet.conv2d(img, w1))
    h = st.nnet.max_pool_2d(h, (2, 2))
    logits = st.dot(st.flatten(h, 2), w2) + b2
    loss = st.nnet.categorical_crossentropy(st.nnet.softmax(logits), labels).mean()
    loss = loss + 1e-4 * (w2 ** 2).sum() + 0.1 * st.logsumexp(logits, axis=1).std()
    return [loss, *symc.grad(loss, [w1, w2, b2])]


@needs_symc_opt
def test_a_training_step_verifies():
    ir = ir_of(training_step(), "train")
    verify_ir(ir)
    out = verify_ir(ir, "builtin.module(func.func(symc-infer-shapes))")
    assert "tensor.cast" not in out


@needs_symc_opt
@pytest.mark.parametrize("family", ["elementwise", "reductions", "indexing", "linalg", "second_order"])
def test_gradient_graphs_verify(family):
    x = st.dmatrix("x")
    v = st.dvector("v")
    i = st.lvector("i")
    if family == "elementwise":
        cost = (st.sigmoid(x) * st.softplus(x) + st.clip(x, -1, 1) ** 3 + st.maximum(x, v) / (1 + st.abs(x))).sum()
    elif family == "reductions":
        cost = x.prod(axis=1).sum() + x.max(axis=0).mean() + x.var() + st.logsumexp(x, axis=1, keepdims=True).sum()
    elif family == "indexing":
        cost = (x[1:, ::-1] ** 2).sum() + x[i].sum() + st.inc_subtensor(x[i, 0], v[:1]).sum() + \
            st.set_subtensor(x[:, 1], 0.0).sum()
    elif family == "linalg":
        cost = st.dot(x, x.T).sum() + st.outer(v, v).sum() + st.matmul(st.stack([x, x]), v).sum()
    else:
        g = symc.grad((st.tanh(st.dot(x, v)) ** 2).sum(), [x, v])
        cost = (g[0] ** 2).sum() + (g[1] ** 2).sum()
    wrt = [x, v] if family != "reductions" else [x]
    verify_ir(ir_of(symc.grad(cost, wrt, disconnected_inputs="ignore")))
