"""Emission rule of run-time assertions (``symc.assert``)."""

from ..tensor.raise_op import Assert, CheckAndRaise
from . import mlir
from .registry import register


@register(CheckAndRaise, Assert)
def emit_assert(ctx, node):
    args = ", ".join(ctx.value(v) for v in node.inputs)
    types = ", ".join(ctx.type(v) for v in node.inputs)
    flag = " {value_error}" if node.op.exc_type is ValueError else ""
    return ctx.op(f"symc.assert {mlir.string_literal(node.op.msg)} {args}{flag} : {types}")
