"""Values known while the graph is built.

Shapes, sizes and indices are often constants or static dimensions read
through ``x.shape[i]``. Type inference (reshape, broadcast_to, arange, eye,
zeros_like, ...) uses these helpers to give results static sizes; this is
not an optimization: the graph and the emitted IR keep every node, and the
IR's folders compute the same values.
"""

import numpy as np

# Past this depth a value is treated as unknown rather than followed further,
# so that no graph can exhaust Python's recursion limit here.
_MAX_DEPTH = 64


def scalar_value(var, _depth=0):
    """The Python number ``var`` (a 0-d or one-element tensor) always has, or
    None when it is not known while building the graph."""
    from .variable import TensorConstant

    if _depth > _MAX_DEPTH:
        return None
    if isinstance(var, TensorConstant):
        if var.data.size != 1:
            return None
        return var.data.reshape(()).item()
    node = var.owner
    if node is None:
        return None
    from . import elemwise as ew
    from .reduction import Reduce
    from .subtensor import Subtensor

    op = node.op
    d = _depth + 1
    if isinstance(op, ew.Cast):
        v = scalar_value(node.inputs[0], d)
        if v is None:
            return None
        return np.asarray(v).astype(op.dtype).item()
    if isinstance(op, ew.DimShuffle):
        return scalar_value(node.inputs[0], d)
    if isinstance(op, Subtensor) and node.inputs[0].ndim == 1 and len(op.idx_list) == 1 \
            and not isinstance(op.idx_list[0], slice):
        entry = op.idx_list[0]
        index = scalar_value(node.inputs[1], d) if entry == "dyn" else entry
        values = vector_values(node.inputs[0], d)
        if index is None or not -len(values) <= index < len(values):
            return None
        return values[int(index)]
    if isinstance(op, ew.Elemwise) and type(op).__name__ in _ARITH:
        args = [scalar_value(v, d) for v in node.inputs]
        if any(a is None for a in args) or node.outputs[0].type.ndim != 0 and any(
                s != 1 for s in node.outputs[0].type.shape):
            return None
        try:
            result = _ARITH[type(op).__name__](*args)
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
        return np.asarray(result).astype(node.outputs[0].dtype).item()
    if isinstance(op, Reduce) and op.mnemonic in ("reduce_prod", "reduce_sum") and node.inputs[0].ndim == 1:
        values = vector_values(node.inputs[0], d)
        if any(v is None for v in values):
            return None
        return int(np.prod(values)) if op.mnemonic == "reduce_prod" else int(np.sum(values))
    return None


def _floordiv(a, b):
    return a // b if b != 0 else 0


_ARITH = {
    "Add": lambda a, b: a + b, "Sub": lambda a, b: a - b, "Mul": lambda a, b: a * b,
    "FloorDiv": _floordiv, "Maximum": max, "Minimum": min, "Neg": lambda a: -a,
}


def vector_values(var, _depth=0):
    """The entries of a 1-d integer tensor with static length that are known
    while building the graph (None for the unknown ones)."""
    from .variable import TensorConstant

    n = var.type.shape[0] if var.type.ndim == 1 else None
    unknown = [None] * (n or 0)
    if _depth > _MAX_DEPTH:
        return unknown
    if isinstance(var, TensorConstant):
        return [int(v) for v in var.data.reshape(-1)]
    node = var.owner
    if node is None:
        return unknown
    from . import elemwise as ew
    from .shape import Concatenate, MakeVector, Reshape, Shape

    op = node.op
    d = _depth + 1
    if isinstance(op, Shape):
        return list(node.inputs[0].type.shape)
    if isinstance(op, MakeVector):
        return [_int_or_none(scalar_value(s, d)) for s in node.inputs]
    if isinstance(op, ew.Cast) and node.inputs[0].ndim == 1:
        return vector_values(node.inputs[0], d)
    if isinstance(op, Concatenate) and op.axis == 0:
        values = []
        for t in node.inputs:
            values.extend(vector_values(t, d))
        return values if len(values) == len(unknown) else unknown
    if isinstance(op, ew.DimShuffle) and node.inputs[0].ndim == 0:
        return [_int_or_none(scalar_value(node.inputs[0], d))]
    if isinstance(op, Reshape) and op.ndim == 1 and node.inputs[0].ndim == 1:
        values = vector_values(node.inputs[0], d)
        return values if len(values) == len(unknown) else unknown
    return unknown


def _int_or_none(v):
    return None if v is None else int(v)
