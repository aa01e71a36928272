"""Emission rules of the Ops gradients are made of: the backward ops of the
neural-network family, the gradient gates (no op: they are the identity on
values) and OpFromGraph (its inner graph, inlined)."""

from ..gradient.op_from_graph import OpFromGraph
from ..gradient.ops import DisconnectedGrad, ZeroGrad
from ..graph.traversal import toposort
from ..tensor import nnet_grad
from . import mlir
from .registry import emit_node, register


@register(nnet_grad.CrossentropySoftmaxGrad)
def emit_crossentropy_softmax_grad(ctx, node):
    dl, x, t = node.inputs
    return ctx.op(f"symc.crossentropy_softmax_grad {ctx.value(dl)}, {ctx.value(x)}, {ctx.value(t)} : "
                  f"{ctx.type(dl)}, {ctx.type(x)}, {ctx.type(t)}")


@register(nnet_grad.Conv2DGradInput, nnet_grad.Conv2DGradFilters)
def emit_conv2d_grad(ctx, node):
    a, b, s = node.inputs
    op = node.op
    flip = " flip" if op.flip else ""
    return ctx.op(f"symc.{op.mnemonic} {ctx.value(a)}, {ctx.value(b)}, {ctx.value(s)} border_mode = "
                  f"{op.border_mode} padding = {mlir.i64_array(op.padding)} strides = {mlir.i64_array(op.strides)} "
                  f"dilation = {mlir.i64_array(op.dilation)}{flip} : ({ctx.type(a)}, {ctx.type(b)}, {ctx.type(s)}) -> "
                  f"{ctx.type(node.outputs[0])}")


@register(nnet_grad.Pool2DGrad)
def emit_pool2d_grad(ctx, node):
    x, dy = node.inputs
    op = node.op
    ignore = " ignore_border" if op.ignore_border else ""
    return ctx.op(f"symc.pool2d_grad {ctx.value(x)}, {ctx.value(dy)} mode = {op.mode} window = "
                  f"{mlir.i64_array(op.window)} strides = {mlir.i64_array(op.strides)} padding = "
                  f"{mlir.i64_array(op.padding)}{ignore} : {ctx.type(x)}, {ctx.type(dy)}")


@register(DisconnectedGrad, ZeroGrad)
def emit_gradient_gate(ctx, node):
    return ctx.value(node.inputs[0])


@register(OpFromGraph)
def emit_op_from_graph(ctx, node):
    # A fresh copy of the inner graph per application: its variables get
    # their own SSA names.
    outputs = node.op.inline(node.inputs)
    for inner in toposort(outputs, blockers=node.inputs):
        emit_node(ctx, inner)
    ctx.set_node(node)
    return [ctx.value(o) for o in outputs]
