"""Emission rules of the elementwise family: unary and binary ops,
comparisons, select, clip, cast and dimshuffle."""

from ..tensor import elemwise as ew
from .registry import broadcast_types, register


def emit_elemwise(ctx, node):
    inputs = node.inputs
    value = ctx.value
    if len(inputs) == 1:
        x = inputs[0]
        return ctx.op(f"symc.{node.op.mnemonic} {value(x)} : {x.type.mlir()}")
    if len(inputs) == 2:
        # broadcast_types for two operands, written out: most nodes are
        # binary, and the general helper's lists cost 15% of emission.
        a, b = inputs
        ta, tb = a.type.mlir(), b.type.mlir()
        types = ta if ta == tb else f"{ta}, {tb}"
        return ctx.op(f"symc.{node.op.mnemonic} {value(a)}, {value(b)} : {types}")
    args = ", ".join([value(v) for v in inputs])
    return ctx.op(f"symc.{node.op.mnemonic} {args} : {broadcast_types(*inputs)}")


register(*ew.ELEMWISE_CLASSES)(emit_elemwise)


@register(ew.Switch)
def emit_switch(ctx, node):
    c, a, b = node.inputs
    return ctx.op(f"symc.select {ctx.value(c)}, {ctx.value(a)}, {ctx.value(b)} : {broadcast_types(c, a, b)}")


@register(ew.Clip)
def emit_clip(ctx, node):
    x, lo, hi = node.inputs
    return ctx.op(f"symc.clip {ctx.value(x)}, {ctx.value(lo)}, {ctx.value(hi)} : {broadcast_types(x, lo, hi)}")


@register(ew.Cast)
def emit_cast(ctx, node):
    (x,) = node.inputs
    return ctx.op(f"symc.cast {ctx.value(x)} : {ctx.type(x)} to {ctx.type(node.outputs[0])}")


@register(ew.TensorCopy)
def emit_tensor_copy(ctx, node):
    # Values are immutable tensors: the copy is the input's value. Where it is
    # returned, the runtime hands back a fresh array (python/README.md).
    return ctx.value(node.inputs[0])


@register(ew.DimShuffle)
def emit_dimshuffle(ctx, node):
    (x,) = node.inputs
    pattern = ", ".join(str(p) for p in node.op.pattern)
    return ctx.op(f"symc.dimshuffle {ctx.value(x)} [{pattern}] : {ctx.type(x)}")
