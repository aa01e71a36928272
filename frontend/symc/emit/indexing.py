"""Emission rules of basic and advanced indexing."""

from ..tensor import subtensor as st
from .registry import register


def index_list(ctx, idx_list, dynamic):
    """The dialect's ``[i, a:b:c, ...]`` list; 'dyn' parts take the next
    dynamic operand."""
    it = iter(dynamic)

    def bound(p):
        if p is None:
            return ""
        if p == st.DYN:
            return ctx.value(next(it))
        return str(p)

    entries = []
    for entry in idx_list:
        if isinstance(entry, tuple):
            start, stop, step = entry
            text = f"{bound(start)}:{bound(stop)}"
            if step is not None:
                text += f":{bound(step)}"
            entries.append(text)
        else:
            entries.append(bound(entry))
    return "[" + ", ".join(entries) + "]"


def advanced_index_list(ctx, positions, indices):
    names = iter(ctx.value(i) for i in indices)
    entries = [next(names) if d in positions else ":" for d in range(positions[-1] + 1)]
    return "[" + ", ".join(entries) + "]"


@register(st.Subtensor)
def emit_subtensor(ctx, node):
    x, *dyn = node.inputs
    return ctx.op(f"symc.subtensor {ctx.value(x)}{index_list(ctx, node.op.idx_list, dyn)} : {ctx.type(x)}")


@register(st.SetSubtensor, st.IncSubtensor)
def emit_subtensor_update(ctx, node):
    x, value, *dyn = node.inputs
    mnemonic = "inc_subtensor" if node.op.accumulate else "set_subtensor"
    return ctx.op(f"symc.{mnemonic} {ctx.value(x)}{index_list(ctx, node.op.idx_list, dyn)}, {ctx.value(value)} : "
                  f"{ctx.type(x)}, {ctx.type(value)}")


@register(st.AdvancedSubtensor)
def emit_advanced_subtensor(ctx, node):
    x, *indices = node.inputs
    types = ", ".join([ctx.type(x)] + [ctx.type(i) for i in indices])
    return ctx.op(f"symc.advanced_subtensor {ctx.value(x)}{advanced_index_list(ctx, node.op.positions, indices)} : "
                  f"{types}")


@register(st.AdvancedSetSubtensor, st.AdvancedIncSubtensor)
def emit_advanced_update(ctx, node):
    x, value, *indices = node.inputs
    mnemonic = "advanced_inc_subtensor" if node.op.accumulate else "advanced_set_subtensor"
    types = ", ".join([ctx.type(x), ctx.type(value)] + [ctx.type(i) for i in indices])
    return ctx.op(f"symc.{mnemonic} {ctx.value(x)}{advanced_index_list(ctx, node.op.positions, indices)}, "
                  f"{ctx.value(value)} : {types}")
