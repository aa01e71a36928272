"""The emitted IR of Scan: one symc.scan op per node, its body isolated
(constants materialized inside it, outer values passed as operands), and
the gradient as a reverse scan that reads the forward's history."""

import re

import numpy as np

import symc
import symc.tensor as st
from symc.emit import emit


def test_scan_emits_one_region_op_with_isolated_body():
    x, h0, w = st.dmatrix("x"), st.dvector("h0"), st.dmatrix("w")
    hs, _ = symc.scan(lambda xt, h: st.tanh(st.dot(w, h) + xt * 2.0), sequences=x, outputs_info=h0)
    text = emit([x, h0, w], hs)
    assert text.count("symc.scan steps") == 1
    head = next(line for line in text.splitlines() if "symc.scan steps" in line)
    # The initial state, the sequence and the implicitly used w are operands.
    assert re.search(r"carries\(%arg1 : tensor<\?xf64>\) sequences\(%arg0 : tensor<\?x\?xf64>\) "
                     r"invariants\(%arg2 : tensor<\?x\?xf64>\) history \[0\] -> \(tensor<\?x\?xf64>\) \{", head)
    body = text.split("symc.scan steps", 1)[1].split("symc.scan.yield", 1)[0]
    # Nothing in the body refers to a function argument; the constant 2.0 is
    # materialized inside.
    assert "%arg" not in body.split("\n", 1)[1]
    assert "symc.constant dense<2.0>" in body
    assert re.search(r"symc.scan.yield %\d+ : tensor<\?xf64>", text)
    # Theano's output is the history without its initial row.
    assert re.search(r"symc.subtensor %\d+\[1:\]", text)


def test_gradient_is_a_reverse_scan_reading_the_history():
    x, h0, w = st.dmatrix("x"), st.dvector("h0"), st.dmatrix("w")
    hs, _ = symc.scan(lambda xt, h: st.tanh(st.dot(w, h) + xt), sequences=x, outputs_info=h0)
    gw, = symc.grad((hs ** 2).sum(), [w])
    text = emit([x, h0, w], gw)
    heads = [line for line in text.splitlines() if "symc.scan steps" in line]
    assert len(heads) == 2
    assert "reverse" in heads[1] and "reverse" not in heads[0]
    # The backward body uses the stored next state for tanh's derivative
    # and never recomputes the forward's tanh.
    backward = text.split(heads[1], 1)[1].split("symc.scan.yield", 1)[0]
    assert "symc.tanh " not in backward
    assert "symc.tanh_grad" in backward


def test_until_and_map_outputs():
    x = st.dvector("x")

    def step(xt):
        return xt * 2, symc.scan.until(xt > 3)

    out, _ = symc.scan(step, sequences=x)
    text = emit([x], out)
    head = next(line for line in text.splitlines() if "symc.scan steps" in line)
    assert " until -> (tensor<?xf64>)" in head and "carries" not in head
    assert re.search(r"symc.scan.yield %\d+, %\d+ : tensor<i1>, tensor<f64>", text)


def test_states_keep_static_sizes_unless_the_body_loses_them():
    h0 = st.tensor("float64", shape=(3,), name="h0")
    out, _ = symc.scan(lambda h: h * 0.5, outputs_info=h0, n_steps=np.int64(4))
    text = emit([h0], out)
    assert "carries(%arg0 : tensor<3xf64>)" in text and "tensor.cast" not in text
    # dot with a matrix of unknown size gives a state of unknown size: the
    # state type is relaxed and the initial value cast to it.
    w = st.dmatrix("w")
    out, _ = symc.scan(lambda h, w: st.dot(w, h), outputs_info=h0, non_sequences=w, n_steps=np.int64(4))
    text = emit([h0, w], out)
    assert "tensor.cast %arg0 : tensor<3xf64> to tensor<?xf64>" in text
