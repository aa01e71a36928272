"""Emission rules of shape ops."""

from ..tensor.shape import Arange, BroadcastTo, Concatenate, Eye, MakeVector, Reshape, Shape
from .registry import register


@register(Shape)
def emit_shape(ctx, node):
    (x,) = node.inputs
    return ctx.op(f"symc.shape {ctx.value(x)} : {ctx.type(x)}")


@register(MakeVector)
def emit_make_vector(ctx, node):
    # A vector of scalars: each scalar becomes a 1-element tensor, joined by
    # one concatenate.
    if not node.inputs:
        return ctx.op("symc.constant dense<> : tensor<0xi64>")
    parts = [ctx.op(f"symc.dimshuffle {ctx.value(s)} [x] : tensor<i64>") for s in node.inputs]
    if len(parts) == 1:
        return parts[0]
    types = ", ".join(["tensor<1xi64>"] * len(parts))
    return ctx.op(f"symc.concatenate {', '.join(parts)} axis = 0 : {types}")


@register(Reshape, BroadcastTo)
def emit_reshape_like(ctx, node):
    x, shp = node.inputs
    mnemonic = "reshape" if isinstance(node.op, Reshape) else "broadcast_to"
    return ctx.op(f"symc.{mnemonic} {ctx.value(x)}, {ctx.value(shp)} : ({ctx.type(x)}, {ctx.type(shp)}) -> "
                  f"{ctx.type(node.outputs[0])}")


@register(Concatenate)
def emit_concatenate(ctx, node):
    args = ", ".join(ctx.value(t) for t in node.inputs)
    types = ", ".join(ctx.type(t) for t in node.inputs)
    return ctx.op(f"symc.concatenate {args} axis = {node.op.axis} : {types}")


@register(Arange)
def emit_arange(ctx, node):
    a, b, s = node.inputs
    return ctx.op(f"symc.arange {ctx.value(a)}, {ctx.value(b)}, {ctx.value(s)} : {ctx.type(a)}, {ctx.type(b)}, "
                  f"{ctx.type(s)} -> {ctx.type(node.outputs[0])}")


@register(Eye)
def emit_eye(ctx, node):
    n, m, k = node.inputs
    return ctx.op(f"symc.eye {ctx.value(n)}, {ctx.value(m)}, {ctx.value(k)} : {ctx.type(node.outputs[0])}")
