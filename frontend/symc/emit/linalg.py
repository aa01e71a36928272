"""Emission rules of products."""

from ..tensor import linalg
from .registry import register

_MNEMONIC = {linalg.Dot: "dot", linalg.BatchedDot: "batched_dot", linalg.Outer: "outer"}


@register(linalg.Dot, linalg.BatchedDot, linalg.Outer)
def emit_product(ctx, node):
    a, b = node.inputs
    return ctx.op(f"symc.{_MNEMONIC[type(node.op)]} {ctx.value(a)}, {ctx.value(b)} : {ctx.type(a)}, {ctx.type(b)}")
