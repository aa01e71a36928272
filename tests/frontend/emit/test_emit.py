"""The IR the emitter writes for every Op family: checked line by line
(FileCheck style) and, where symc-opt is built, verified by the dialect."""

import re

import numpy as np
import pytest

import symc.tensor as st
from symc.emit import emit
from symc.emit.mlir import dense_attr, location, string_literal, symbol_name
from symc.graph.location import Location

from ..utils import SYMC_OPT, check_lines, free_inputs, needs_symc_opt, verify_ir


def ir_of(outputs, name="f"):
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return emit(free_inputs(outputs), outputs, name)


def test_signature_and_return():
    x, y = st.dmatrix("x"), st.fvector("y")
    ir = ir_of([x + 1, y * 2], "my_fn")
    check_lines(ir, [
        r'func.func @my_fn\(%arg0: tensor<\?x\?xf64> loc\("x"\), %arg1: tensor<\?xf32> loc\("y"\)\) '
        r'-> \(tensor<\?x\?xf64>, tensor<\?xf32>\)',
        r"symc.add %arg0, %\d+ : tensor<\?x\?xf64>, tensor<1x1xf64>",
        r"return %\d+, %\d+ : tensor<\?x\?xf64>, tensor<\?xf32>",
    ])


def test_every_node_carries_the_users_location():
    x = st.dvector("x")
    y = st.exp(x); line = __import__("inspect").currentframe().f_lineno  # noqa: E702
    y.name = "y"
    ir = ir_of(y)
    alias = re.search(r"symc.exp %arg0 : tensor<\?xf64> loc\((#loc\d+)\)", ir).group(1)
    assert f'{alias} = loc("y"({string_literal(__file__)}:{line}:' in ir


def test_constants_are_materialized_once():
    x = st.dvector("x")
    c = st.constant(np.array([1.0, 2.0]))
    ir = ir_of([x + c, x * c])
    assert ir.count("symc.constant dense<[1.0, 2.0]> : tensor<2xf64>") == 1


def test_a_python_scalar_of_a_chain_is_one_constant():
    x = st.dvector("x")
    y = x
    for _ in range(3):
        y = st.tanh(y) * 1.01 + st.sin(y)
    ir = ir_of(y)
    assert ir.count("symc.constant") == 1 and ir.count("symc.mul") == 3


def test_outputs_that_are_inputs_or_constants():
    x = st.dvector("x")
    ir = emit([x], [x, st.constant(3)])
    check_lines(ir, [r"%(\d+) = symc.constant dense<3> : tensor<i64>", r"return %arg0, %\d+ :"])


def test_no_outputs():
    x = st.dvector("x")
    ir = emit([x], [])
    assert "func.func @f(%arg0: tensor<?xf64>" in ir and "    return\n" in ir


CASES = {
    "unary": lambda x, y, i, b, k: [st.exp(x), st.log1p(x), st.sigmoid(x), st.softplus(x), abs(x), -x, st.sqr(i),
                                    st.isnan(x), ~b, st.round(x), st.erfc(x), st.reciprocal(x)],
    "binary": lambda x, y, i, b, k: [x + y, x - y, x * y, x / y, x // y, x % y, x ** y, st.maximum(x, y),
                                     st.arctan2(x, y), i & i, i | 1, b ^ b, st.nnet.binary_crossentropy(x, y)],
    "compare": lambda x, y, i, b, k: [x < y, x <= y, x > y, x >= y, st.eq(x, y), st.neq(i, 2)],
    "select": lambda x, y, i, b, k: [st.switch(b, x, y), st.clip(x, 0.0, y), st.cast(i, "float32"),
                                     st.cast(x, "uint8"), st.cast(b, "int64")],
    "reduce": lambda x, y, i, b, k: [x.sum(axis=1), x.prod(keepdims=True), x.mean(axis=0), x.max(), x.min(axis=0),
                                     b.all(axis=1), b.any(), st.logsumexp(x, axis=1), x.argmax(axis=1),
                                     x.argmin(axis=0, keepdims=True), x.var(), i.sum()],
    "products": lambda x, y, i, b, k: [st.dot(x, y), st.dot(y, y), x @ x, st.outer(y, y),
                                       st.batched_dot(st.dtensor3(), st.dtensor3()), x.T,
                                       st.tensordot(st.dtensor3(), x, 1)],
    "shape": lambda x, y, i, b, k: [x.shape, x.reshape((k, -1)), x.flatten(), x.dimshuffle(1, "x", 0),
                                    st.concatenate([x, x], axis=1), st.stack([y, y]), st.broadcast_to(y, (3, k)),
                                    st.zeros((k, 2)), st.arange(k), st.arange(0.0, 1.0, 0.5), st.eye(k, 3, 1),
                                    st.squeeze(x, 0), st.zeros(())],
    "indexing": lambda x, y, i, b, k: [x[1:, ::-1], x[k], x[k:-1:2], y[i], x[:, i], x[i, 1:], x[None, 0],
                                       st.set_subtensor(x[1, ::2], y), st.inc_subtensor(y[i], 1.0),
                                       st.set_subtensor(x[:, i], 0.0), st.inc_subtensor(x[k], y)],
    "nnet": lambda x, y, i, b, k: [st.nnet.softmax(x), st.nnet.log_softmax(x, axis=0),
                                   st.nnet.categorical_crossentropy(st.nnet.softmax(x), st.lvector()),
                                   st.nnet.categorical_crossentropy(x, x),
                                   st.conv2d(st.dtensor4(), st.dtensor4(), border_mode="half", subsample=(2, 1)),
                                   st.conv2d(st.dtensor4(), st.dtensor4(), border_mode=(1, 2), filter_flip=False),
                                   st.pool_2d(st.dtensor4(), (2, 2), mode="average_exc_pad", pad=(1, 1)),
                                   st.max_pool_2d(x, (3, 2), ignore_border=False)],
}


def _case(name):
    x, y = st.dmatrix("x"), st.dvector("y")
    i, b, k = st.ivector("i"), st.tensor("bool", shape=(None, None), name="b"), st.lscalar("k")
    return CASES[name](x, y, i, b, k)


EXPECTED = {
    "unary": [r"symc.exp %arg0 : tensor<\?x\?xf64>", r"symc.log1p", r"symc.sigmoid", r"symc.softplus", r"symc.abs",
              r"symc.neg", r"symc.sqr %arg\d : tensor<\?xi32>", r"symc.isnan", r"symc.not %arg\d : tensor<\?x\?xi1>",
              r"symc.round", r"symc.erfc", r"symc.reciprocal"],
    "binary": [r"symc.add %arg\d, %\d+ : tensor<\?x\?xf64>, tensor<1x\?xf64>", r"symc.sub", r"symc.mul", r"symc.div",
               r"symc.floordiv", r"symc.mod", r"symc.pow", r"symc.maximum", r"symc.atan2",
               r"symc.and %arg\d, %arg\d : tensor<\?xi32>", r"symc.or", r"symc.xor", r"symc.binary_crossentropy"],
    "compare": [r"symc.lt", r"symc.le", r"symc.gt", r"symc.ge", r"symc.eq", r"symc.ne"],
    "select": [r"symc.select %arg\d, %arg\d, %\d+ : tensor<\?x\?xi1>, tensor<\?x\?xf64>, tensor<1x\?xf64>",
               r"symc.clip %arg\d, %\d+, %\d+ : tensor<\?x\?xf64>, tensor<1x1xf64>, tensor<1x\?xf64>",
               r"symc.cast %arg\d : tensor<\?xi32> to tensor<\?xf32>", r"symc.cast %arg\d : tensor<\?x\?xf64> to "
               r"tensor<\?x\?xui8>"],
    "reduce": [r"symc.reduce_sum %arg0 axes = \[1\] : tensor<\?x\?xf64>",
               r"symc.reduce_prod %arg0 axes = \[0, 1\] keepdims : tensor<\?x\?xf64>", r"symc.reduce_mean",
               r"symc.reduce_max", r"symc.reduce_min", r"symc.reduce_all", r"symc.reduce_any",
               r"symc.logsumexp %arg0 axes = \[1\]", r"symc.argmax %arg0 axis = 1 : tensor<\?x\?xf64>",
               r"symc.argmin %arg0 axis = 0 keepdims :", r"symc.cast %arg\d : tensor<\?xi32> to tensor<\?xi64>",
               r"symc.reduce_sum %\d+ axes = \[0\] : tensor<\?xi64>"],
    "products": [r"symc.dot %arg0, %arg1 : tensor<\?x\?xf64>, tensor<\?xf64>", r"symc.dot %arg1, %arg1",
                 r"symc.dot %arg0, %arg0 : tensor<\?x\?xf64>, tensor<\?x\?xf64>", r"symc.outer %arg1, %arg1",
                 r"symc.batched_dot %arg\d, %arg\d : tensor<\?x\?x\?xf64>, tensor<\?x\?x\?xf64>",
                 r"symc.dimshuffle %arg0 \[1, 0\]", r"symc.reshape .* -> tensor<\?x\?xf64>",
                 r"symc.dot", r"symc.reshape .* -> tensor<\?x\?x\?xf64>"],
    "shape": [r"symc.shape %arg0 : tensor<\?x\?xf64>",
              r"symc.reshape %arg0, %\d+ : \(tensor<\?x\?xf64>, tensor<2xi64>\) -> tensor<\?x\?xf64>",
              r"symc.reshape %arg0, %\d+ : \(tensor<\?x\?xf64>, tensor<1xi64>\) -> tensor<\?xf64>",
              r"symc.dimshuffle %arg0 \[1, x, 0\] : tensor<\?x\?xf64>",
              r"symc.concatenate %arg0, %arg0 axis = 1 : tensor<\?x\?xf64>, tensor<\?x\?xf64>",
              r"symc.concatenate %\d+, %\d+ axis = 0 : tensor<1x\?xf64>, tensor<1x\?xf64>",
              r"symc.broadcast_to %\d+, %\d+ : \(tensor<1x\?xf64>, tensor<2xi64>\) -> tensor<3x\?xf64>",
              r"symc.broadcast_to %\d+, %\d+ : \(tensor<1x1xf64>, tensor<2xi64>\) -> tensor<\?x2xf64>",
              r"symc.arange %\d+, %arg\d, %\d+ : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<\?xi64>",
              r"symc.arange .* -> tensor<\?xf64>", r"symc.eye %arg\d, %\d+, %\d+ : tensor<\?x3xf64>",
              r"symc.reshape %arg0, %\d+ : \(tensor<\?x\?xf64>, tensor<1xi64>\) -> tensor<\?xf64>",
              r"symc.constant dense<> : tensor<0xi64>",
              r"symc.broadcast_to %\d+, %\d+ : \(tensor<f64>, tensor<0xi64>\) -> tensor<f64>"],
    "indexing": [r"symc.subtensor %arg0\[1:, ::-1\] : tensor<\?x\?xf64>", r"symc.subtensor %arg0\[%arg\d\] :",
                 r"symc.subtensor %arg0\[%arg\d:-1:2\] :",
                 r"symc.advanced_subtensor %arg\d\[%\d+\] : tensor<\?xf64>, tensor<\?xi64>",
                 r"symc.advanced_subtensor %arg0\[:, %\d+\] : tensor<\?x\?xf64>, tensor<\?xi64>",
                 r"symc.subtensor %arg0\[:, 1:\]", r"symc.advanced_subtensor %\d+\[%\d+\]",
                 r"symc.subtensor %arg0\[0\]", r"symc.dimshuffle %\d+ \[x, 0\]",
                 r"symc.set_subtensor %arg0\[1, ::2\], %arg\d : tensor<\?x\?xf64>, tensor<\?xf64>",
                 r"symc.advanced_inc_subtensor %arg\d\[%\d+\], %\d+ : tensor<\?xf64>, tensor<1xf64>, tensor<\?xi64>",
                 r"symc.advanced_set_subtensor %arg0\[:, %\d+\], %\d+ : tensor<\?x\?xf64>, tensor<1x1xf64>, "
                 r"tensor<\?xi64>",
                 r"symc.inc_subtensor %arg0\[%arg\d\], %arg\d : tensor<\?x\?xf64>, tensor<\?xf64>"],
    "nnet": [r"symc.softmax %arg0 axis = 1 : tensor<\?x\?xf64>", r"symc.log_softmax %arg0 axis = 0",
             r"symc.categorical_crossentropy %\d+, %arg\d : tensor<\?x\?xf64>, tensor<\?xi64>",
             r"symc.categorical_crossentropy %arg0, %arg0 : tensor<\?x\?xf64>, tensor<\?x\?xf64>",
             r"symc.conv2d %arg\d, %arg\d border_mode = half padding = \[0, 0\] strides = \[2, 1\] dilation = "
             r"\[1, 1\] flip : tensor<\?x\?x\?x\?xf64>, tensor<\?x\?x\?x\?xf64>",
             r"symc.conv2d .* border_mode = explicit padding = \[1, 2\] strides = \[1, 1\] dilation = \[1, 1\] :",
             r"symc.pool2d %arg\d mode = average_exc_pad window = \[2, 2\] strides = \[2, 2\] padding = \[1, 1\] "
             r"ignore_border : tensor<\?x\?x\?x\?xf64>",
             r"symc.pool2d %arg0 mode = max window = \[3, 2\] strides = \[3, 2\] padding = \[0, 0\] : "],
}


@pytest.mark.parametrize("family", sorted(CASES))
def test_emitted_ir_per_family(family):
    check_lines(ir_of(_case(family), family), EXPECTED[family])


@needs_symc_opt
@pytest.mark.parametrize("family", sorted(CASES))
def test_emitted_ir_verifies_and_types_agree_with_the_dialect(family):
    ir = ir_of(_case(family), family)
    verify_ir(ir)
    # symc-infer-shapes recomputes every inferred type; a frontend type less
    # static than the dialect's would show up as a tensor.cast.
    out = verify_ir(ir, "builtin.module(func.func(symc-infer-shapes))")
    assert "tensor.cast" not in out


@needs_symc_opt
def test_static_shapes_verify():
    s = st.tensor("float32", shape=(3, 1, 4), name="s")
    img = st.tensor("float32", shape=(2, 3, 8, 8), name="img")
    w = st.tensor("float32", shape=(4, 3, 3, 3), name="w")
    outs = [s + st.tensor("float32", shape=(1, 5, 1)), s.sum(axis=2), s[1:, 0, ::-2], s[[0, 2]],
            s.reshape((4, -1)), st.conv2d(img, w, border_mode="full"), st.pool_2d(img, (3, 3), False, (2, 2)),
            st.dot(s[0], s[0].T), st.concatenate([s, s], axis=1), st.zeros_like(s), st.arange(3, 12, 2),
            st.eye(3, 2), st.nnet.softmax(s[:, 0]), st.set_subtensor(s[:, :, 1:], 0.0), s.argmax(axis=2)]
    ir = ir_of(outs, "static")
    verify_ir(ir)
    assert "tensor.cast" not in verify_ir(ir, "builtin.module(func.func(symc-infer-shapes))")


@needs_symc_opt
def test_mismatching_static_shape_is_rejected_by_the_verifier():
    # The negative control of the verification tests: hand-edited IR with a
    # wrong type must fail.
    x = st.tensor("float64", shape=(3,), name="x")
    ir = ir_of(st.exp(x)).replace("symc.exp %arg0 : tensor<3xf64>", "symc.exp %arg0 : tensor<4xf64>")
    import subprocess

    proc = subprocess.run([SYMC_OPT, "-"], input=ir, capture_output=True, text=True)
    assert proc.returncode != 0


def test_dense_attributes():
    assert dense_attr(np.array(2.0)) == "dense<2.0>"
    assert dense_attr(np.array([1, 2, 3], np.int32)) == "dense<[1, 2, 3]>"
    assert dense_attr(np.array([[1.5, 2], [3, 4]])) == "dense<[[1.5, 2.0], [3.0, 4.0]]>"
    assert dense_attr(np.full((3, 3), 7, np.int8)) == "dense<7>"
    assert dense_attr(np.array([True, False])) == "dense<[true, false]>"
    assert dense_attr(np.zeros((0, 2))) == "dense<>"
    assert dense_attr(np.array([1e-5, 1e300])) == "dense<[1.0e-05, 1.0e+300]>"
    assert dense_attr(np.array([np.inf, -np.inf, np.nan], np.float32)) == \
        "dense<[0x7F800000, 0xFF800000, 0x7FC00000]>"
    assert dense_attr(np.array([0.0, -0.0])) == "dense<[0.0, -0.0]>"
    big = dense_attr(np.arange(20, dtype=np.int16))
    assert big.startswith('dense<"0x00000100') and len(big) == len('dense<"0x">') + 80


@needs_symc_opt
def test_constants_round_trip_through_the_parser():
    values = [np.arange(40.0).reshape(5, 8), np.array([np.inf, -np.inf, np.nan]), np.array([True, False, True]),
              np.float32(1e-5), np.array([1e300, -0.0]), np.zeros((0, 3)), np.arange(20, dtype="uint8"),
              np.array([-128, 127], np.int8), np.arange(30, dtype=np.float32).reshape(2, 15)]
    outs = [st.constant(v) for v in values]
    out = verify_ir(emit([], outs, "consts"), "builtin.module()")
    for v in values:
        assert st.constant(v).type.mlir() in out


def test_locations_and_names():
    assert location(Location("a.py", 3, 7)) == 'loc("a.py":3:7)'
    assert location(Location("a.py", 3, 7), "h") == 'loc("h"("a.py":3:7))'
    assert location(None, "x") == 'loc("x")'
    assert string_literal('we"ird\\path\n') == '"we\\"ird\\\\path\\0A"'
    assert symbol_name("my func-1") == "my_func_1"
    assert symbol_name("1abc") == "f_1abc"


def test_emission_of_a_100000_node_chain(chain_100k):
    import sys

    x, y = chain_100k
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the depth of the graph
    try:
        ir = emit([x], [y])
    finally:
        sys.setrecursionlimit(limit)
    assert len(re.findall(r"symc.tanh", ir)) == 100_000
