"""Emission rules of the neural-network ops."""

from ..tensor import nnet
from . import mlir
from .registry import register


@register(nnet.Softmax, nnet.LogSoftmax)
def emit_softmax(ctx, node):
    (x,) = node.inputs
    return ctx.op(f"symc.{node.op.mnemonic} {ctx.value(x)} axis = {node.op.axis} : {ctx.type(x)}")


@register(nnet.CategoricalCrossentropy)
def emit_categorical_crossentropy(ctx, node):
    p, t = node.inputs
    return ctx.op(f"symc.categorical_crossentropy {ctx.value(p)}, {ctx.value(t)} : {ctx.type(p)}, {ctx.type(t)}")


@register(nnet.Conv2D)
def emit_conv2d(ctx, node):
    x, w = node.inputs
    op = node.op
    flip = " flip" if op.flip else ""
    return ctx.op(f"symc.conv2d {ctx.value(x)}, {ctx.value(w)} border_mode = {op.border_mode} padding = "
                  f"{mlir.i64_array(op.padding)} strides = {mlir.i64_array(op.strides)} dilation = "
                  f"{mlir.i64_array(op.dilation)}{flip} : {ctx.type(x)}, {ctx.type(w)}")


@register(nnet.Pool2D)
def emit_pool2d(ctx, node):
    (x,) = node.inputs
    op = node.op
    ignore = " ignore_border" if op.ignore_border else ""
    return ctx.op(f"symc.pool2d {ctx.value(x)} mode = {op.mode} window = {mlir.i64_array(op.window)} strides = "
                  f"{mlir.i64_array(op.strides)} padding = {mlir.i64_array(op.padding)}{ignore} : {ctx.type(x)}")
