"""Emission rules of reductions."""

from ..tensor import reduction as red
from . import mlir
from .registry import register


@register(*red.REDUCE_CLASSES)
def emit_reduce(ctx, node):
    (x,) = node.inputs
    keep = " keepdims" if node.op.keepdims else ""
    return ctx.op(f"symc.{node.op.mnemonic} {ctx.value(x)} axes = {mlir.i64_array(node.op.axes)}{keep} : "
                  f"{ctx.type(x)}")


@register(red.Argmax, red.Argmin)
def emit_arg_reduce(ctx, node):
    (x,) = node.inputs
    keep = " keepdims" if node.op.keepdims else ""
    return ctx.op(f"symc.{node.op.mnemonic} {ctx.value(x)} axis = {node.op.axis}{keep} : {ctx.type(x)}")
