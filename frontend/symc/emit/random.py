"""Emission rules of the random draws: each op yields the next generator
state and the sample (``%N:2 = symc.random_* ...``)."""

from ..tensor.random.ops import RandomDraw, RandomPermutation
from .registry import register


def _two_results(ctx, text):
    name = ctx.fresh()
    ctx.raw(f"{name}:2 = {text}")
    return [f"{name}#0", f"{name}#1"]


@register(RandomDraw)
def emit_random_draw(ctx, node):
    state, shp = node.inputs
    return _two_results(ctx, f"symc.random_{node.op.kind} {ctx.value(state)}, {ctx.value(shp)} : {ctx.type(shp)} -> "
                             f"{ctx.type(node.outputs[1])}")


@register(RandomPermutation)
def emit_random_permutation(ctx, node):
    state, n = node.inputs
    return _two_results(ctx, f"symc.random_permutation {ctx.value(state)}, {ctx.value(n)} : "
                             f"{ctx.type(node.outputs[1])}")
