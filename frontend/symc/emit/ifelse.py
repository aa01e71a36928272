"""Emission rule of the lazy conditional: one ``symc.ifelse`` region op.

Each region holds the nodes of one branch (a fresh copy of the Op's inner
graph applied to the node's inputs), emitted with the same rules as the
function body and ended by ``symc.yield``. Names bound inside a region
(materialized constants, the branch's values) are forgotten when it closes,
so nothing after the op refers to a value that does not dominate it.
"""

from ..graph.traversal import toposort
from ..ifelse import IfElse
from .registry import emit_node, register


def _emit_region(ctx, node, taken):
    outputs = node.op.branch(taken, node.inputs[1:])
    saved = dict(ctx._names)
    for inner in toposort(outputs, blockers=node.inputs[1:]):
        emit_node(ctx, inner)
    ctx.set_node(node)
    values = ", ".join(ctx.value(o) for o in outputs)
    types = ", ".join(ctx.type(o) for o in outputs)
    ctx.lines.append(f"      symc.yield {values} : {types}")
    ctx._names = saved


@register(IfElse)
def emit_ifelse(ctx, node):
    cond = ctx.value(node.inputs[0])
    # The outer values the branches read are defined before the op.
    for var in node.inputs[1:]:
        ctx.value(var)
    name = ctx.fresh()
    n = len(node.outputs)
    types = ", ".join(ctx.type(o) for o in node.outputs)
    head = f"{name}:{n}" if n > 1 else name
    ctx.lines.append(f"    {head} = symc.ifelse {cond} -> ({types}) {{")
    _emit_region(ctx, node, True)
    ctx.lines.append("    } else {")
    _emit_region(ctx, node, False)
    ctx.set_node(node)
    ctx.raw("}")
    return [f"{name}#{i}" for i in range(n)] if n > 1 else name
