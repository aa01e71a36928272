"""Emission rule of Scan: one ``symc.scan`` op whose body is the inner graph.

The body is isolated from above, so it is emitted with its own table of SSA
names (constants are materialized inside it again) while sharing the
counter, the lines and the location aliases of the function.
"""

from ..graph.traversal import toposort
from ..scan.op import Scan, stacked_type
from .registry import emit_node, register


def _operands(ctx, outer, slot_types):
    """SSA names of ``outer`` as operands whose types are ``slot_types``
    (``tensor.cast`` to the less static slot type where needed)."""
    names = []
    for var, want in zip(outer, slot_types):
        name = ctx.value(var)
        if var.type != want:
            name = ctx.op(f"tensor.cast {name} : {var.type.mlir()} to {want.mlir()}")
        names.append(name)
    return names


def _group(keyword, names, types):
    if not names:
        return ""
    return f" {keyword}({', '.join(names)} : {', '.join(t.mlir() for t in types)})"


@register(Scan)
def emit_scan(ctx, node):
    op = node.op
    n, carries, seqs, invs = op.split_inputs(node.inputs)
    carry_types = [p.type for p in op.carry_inputs]
    seq_types = [stacked_type(p.type) for p in op.sequence_inputs]
    inv_types = [p.type for p in op.invariant_inputs]
    n_name = ctx.value(n)
    carry_names = _operands(ctx, carries, carry_types)
    seq_names = _operands(ctx, seqs, seq_types)
    inv_names = _operands(ctx, invs, inv_types)

    count = len(node.outputs)
    result = ctx.fresh()
    if count == 0:
        head, names = "", []
    elif count == 1:
        head, names = f"{result} = ", [result]
    else:
        head, names = f"{result}:{count} = ", [f"{result}#{i}" for i in range(count)]
    attrs = ""
    if op.history:
        attrs += f" history [{', '.join(map(str, op.history))}]"
    if op.stop is not None:
        attrs += " until"
    if op.reverse:
        attrs += " reverse"
    result_types = ", ".join(o.type.mlir() for o in node.outputs)
    ctx.lines.append(f"    {head}symc.scan steps {n_name}{_group('carries', carry_names, carry_types)}"
                     f"{_group('sequences', seq_names, seq_types)}{_group('invariants', inv_names, inv_types)}"
                     f"{attrs} -> ({result_types}) {{")

    # The body, with its own names.
    outer_names = ctx._names
    ctx._names = {}
    try:
        args = []
        for p in op.inner_inputs:
            arg = ctx.fresh()
            ctx.bind(p, arg)
            args.append(f"{arg}: {p.type.mlir()}")
        ctx.lines.append(f"    ^bb0({', '.join(args)}):")
        for inner in toposort(op.inner_outputs, blockers=op.inner_inputs):
            emit_node(ctx, inner)
        ctx.set_node(node)
        values = [ctx.value(v) for v in op.inner_outputs]
        types = ", ".join(v.type.mlir() for v in op.inner_outputs)
        if values:
            ctx.raw(f"symc.scan.yield {', '.join(values)} : {types}")
        else:
            ctx.raw("symc.scan.yield")
    finally:
        ctx._names = outer_names
    ctx.set_node(node)
    ctx.lines.append(f"    }} {ctx._loc}")
    return names
