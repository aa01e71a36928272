"""Products: dot, matmul (``@``), outer, tensordot, batched_dot.

The dialect has ``symc.dot`` for vectors and matrices, ``symc.batched_dot``
for stacks of matrices and ``symc.outer``; other ranks are expressed with
transposes and reshapes around them, the way Theano's tensordot does.
"""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op
from . import math as m
from .elemwise import DimShuffle, describe, promote, to_dtype
from .type import TensorType
from .variable import as_tensor_variable, constant


def _same_dtype(opname, a, b):
    dtype = promote(opname, [a, b])
    if dtype == "bool":
        raise SymcTypeError(f"{opname} of bool tensors is not supported; cast them to an integer or float dtype")
    return to_dtype(a, dtype), to_dtype(b, dtype)


def _check_contracted(opname, a, b, sa, sb):
    if sa is not None and sb is not None and sa != sb:
        raise SymcTypeError(f"{opname}: contracted sizes differ: {describe(a)} of shape {a.type.shape_str()} and "
                            f"{describe(b)} of shape {b.type.shape_str()} ({sa} vs {sb})")


class Dot(Op):
    """NumPy's dot for vectors and matrices (``symc.dot``)."""

    __props__ = ()
    mnemonic = "dot"

    def make_node(self, a, b):
        a, b = _same_dtype("dot", a, b)
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise SymcTypeError(f"Dot takes vectors and matrices, got ranks {a.ndim} and {b.ndim}")
        _check_contracted("dot", a, b, a.type.shape[-1], b.type.shape[0])
        shape = ([a.type.shape[0]] if a.ndim == 2 else []) + ([b.type.shape[1]] if b.ndim == 2 else [])
        return Apply(self, [a, b], [TensorType(a.dtype, shape)])

    def perform(self, node, inputs):
        return [np.asarray(np.dot(*inputs), dtype=node.outputs[0].dtype)]


class BatchedDot(Op):
    """result[b] = a[b] @ b[b] for rank-3 operands; a static batch size of 1
    broadcasts (``symc.batched_dot``)."""

    __props__ = ()
    mnemonic = "batched_dot"

    def make_node(self, a, b):
        a, b = _same_dtype("batched_dot", a, b)
        if a.ndim != 3 or b.ndim != 3:
            raise SymcTypeError(f"BatchedDot takes rank-3 operands, got ranks {a.ndim} and {b.ndim}")
        _check_contracted("batched_dot", a, b, a.type.shape[2], b.type.shape[1])
        la, lb = a.type.shape[0], b.type.shape[0]
        if la == 1:
            batch = lb
        elif lb == 1:
            batch = la
        elif la is not None and lb is not None and la != lb:
            raise SymcTypeError(f"batched_dot: batch sizes {la} and {lb} of {describe(a)} and {describe(b)} differ")
        else:
            batch = la if la is not None else lb
        return Apply(self, [a, b], [TensorType(a.dtype, (batch, a.type.shape[1], b.type.shape[2]))])

    def perform(self, node, inputs):
        return [np.asarray(np.matmul(*inputs), dtype=node.outputs[0].dtype)]


class Outer(Op):
    """result[i, j] = a[i] * b[j] for vectors (``symc.outer``)."""

    __props__ = ()
    mnemonic = "outer"

    def make_node(self, a, b):
        a, b = _same_dtype("outer", a, b)
        if a.ndim != 1 or b.ndim != 1:
            raise SymcTypeError(f"Outer takes vectors, got ranks {a.ndim} and {b.ndim}")
        return Apply(self, [a, b], [TensorType(a.dtype, (a.type.shape[0], b.type.shape[0]))])

    def perform(self, node, inputs):
        return [np.asarray(np.outer(*inputs), dtype=node.outputs[0].dtype)]


def dot(a, b):
    """NumPy's dot: scalars multiply, vectors and matrices use ``symc.dot``,
    higher ranks contract the last axis of ``a`` with the second-to-last of
    ``b``."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return m.mul(a, b)
    if a.ndim <= 2 and b.ndim <= 2:
        return Dot()(a, b)
    return tensordot(a, b, [[a.ndim - 1], [max(0, b.ndim - 2)]])


def _prod(sizes):
    """The product of int64 scalars (a constant 1 for none)."""
    result = None
    for s in sizes:
        result = s if result is None else result * s
    return result if result is not None else constant(np.int64(1))


def tensordot(a, b, axes=2):
    """NumPy's tensordot: sums products over ``axes`` (an int n for the last n
    axes of ``a`` and the first n of ``b``, or a pair of axis lists)."""
    from .shape import reshape, transpose

    a, b = as_tensor_variable(a), as_tensor_variable(b)
    a, b = _same_dtype("tensordot", a, b)
    if isinstance(axes, (int, np.integer)):
        if axes < 0 or axes > min(a.ndim, b.ndim):
            raise SymcTypeError(f"tensordot: axes={axes} is out of range for ranks {a.ndim} and {b.ndim}")
        axes_a, axes_b = list(range(a.ndim - axes, a.ndim)), list(range(axes))
    else:
        try:
            axes_a, axes_b = axes
        except (TypeError, ValueError):
            raise SymcTypeError(f"tensordot: axes must be an int or a pair of axis lists, got {axes!r}") from None
        axes_a = [axes_a] if isinstance(axes_a, (int, np.integer)) else list(axes_a)
        axes_b = [axes_b] if isinstance(axes_b, (int, np.integer)) else list(axes_b)
    if len(axes_a) != len(axes_b):
        raise SymcTypeError(f"tensordot: {len(axes_a)} axes of a but {len(axes_b)} of b")
    try:
        axes_a = [int(x) % a.ndim if -a.ndim <= x < a.ndim else _bad(x) for x in axes_a]
        axes_b = [int(x) % b.ndim if -b.ndim <= x < b.ndim else _bad(x) for x in axes_b]
    except ZeroDivisionError:
        raise SymcTypeError("tensordot: axes given for a 0-dimensional operand") from None
    if len(set(axes_a)) != len(axes_a) or len(set(axes_b)) != len(axes_b):
        raise SymcTypeError(f"tensordot: repeated axis in {axes!r}")
    for x, y in zip(axes_a, axes_b):
        _check_contracted("tensordot", a, b, a.type.shape[x], b.type.shape[y])
    free_a = [d for d in range(a.ndim) if d not in axes_a]
    free_b = [d for d in range(b.ndim) if d not in axes_b]
    sa, sb = a.shape if a.ndim else None, b.shape if b.ndim else None
    k = _prod([sa[d] for d in axes_a])
    a2 = reshape(transpose(a, free_a + axes_a), [_prod([sa[d] for d in free_a]), k]) if a.ndim else a
    b2 = reshape(transpose(b, axes_b + free_b), [k, _prod([sb[d] for d in free_b])]) if b.ndim else b
    if a.ndim == 0 or b.ndim == 0:
        return m.mul(a, b)
    out = Dot()(a2, b2)
    return reshape(out, [sa[d] for d in free_a] + [sb[d] for d in free_b])


def _bad(axis):
    raise SymcTypeError(f"tensordot: axis {axis} is out of range")


def outer(a, b):
    """Outer product of the flattened operands."""
    from .shape import flatten

    a, b = as_tensor_variable(a), as_tensor_variable(b)
    a = flatten(a, 1) if a.ndim != 1 else a
    b = flatten(b, 1) if b.ndim != 1 else b
    return Outer()(a, b)


def batched_dot(a, b):
    """Theano's batched_dot: for each index i of the first axis,
    ``dot(a[i], b[i])``; operands of rank 2 and 3 (and higher, contracting the
    last axis of ``a`` with the second axis of ``b``)."""
    from .shape import reshape

    a, b = as_tensor_variable(a), as_tensor_variable(b)
    a, b = _same_dtype("batched_dot", a, b)
    if a.ndim < 2 or b.ndim < 2:
        raise SymcTypeError(f"batched_dot takes operands with at least 2 dimensions, got {a.ndim} and {b.ndim}")
    if a.ndim == 3 and b.ndim == 3:
        return BatchedDot()(a, b)
    _check_contracted("batched_dot", a, b, a.type.shape[-1], b.type.shape[1])
    sa, sb = a.shape, b.shape
    mid_a = list(range(1, a.ndim - 1))
    rest_b = list(range(2, b.ndim))
    a3 = reshape(a, [sa[0], _prod([sa[d] for d in mid_a]), sa[a.ndim - 1]])
    b3 = reshape(b, [sb[0], sb[1], _prod([sb[d] for d in rest_b])])
    out = BatchedDot()(a3, b3)
    batch = sa[0] if a.type.shape[0] != 1 else sb[0]
    return reshape(out, [batch] + [sa[d] for d in mid_a] + [sb[d] for d in rest_b])


def matmul(a, b):
    """NumPy's matmul (``a @ b``): vectors and matrices as dot, stacks of
    matrices batched with broadcasting of the leading dimensions."""
    from .shape import broadcast_to, reshape

    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        raise SymcTypeError("matmul: operands must have at least one dimension (use * for scalars)")
    if a.ndim <= 2 and b.ndim <= 2:
        return Dot()(a, b)
    a, b = _same_dtype("matmul", a, b)
    squeeze_a, squeeze_b = a.ndim == 1, b.ndim == 1
    if squeeze_a:
        a = DimShuffle(("x", 0))(a)
    if squeeze_b:
        b = DimShuffle((0, "x"))(b)
    _check_contracted("matmul", a, b, a.type.shape[-1], b.type.shape[-2])
    nb = max(a.ndim, b.ndim) - 2
    a = DimShuffle(("x",) * (nb + 2 - a.ndim) + tuple(range(a.ndim)))(a) if a.ndim < nb + 2 else a
    b = DimShuffle(("x",) * (nb + 2 - b.ndim) + tuple(range(b.ndim)))(b) if b.ndim < nb + 2 else b
    sa, sb = a.shape, b.shape
    batch = []
    grow_a = grow_b = False
    for d in range(nb):
        x, y = a.type.shape[d], b.type.shape[d]
        if x is not None and y is not None and x != y and 1 not in (x, y):
            raise SymcTypeError(f"matmul: batch dimensions of shapes {a.type.shape_str()} and {b.type.shape_str()} "
                                "cannot broadcast")
        if x == 1 and y != 1:
            batch.append(sb[d])
            grow_a = True
        elif y == 1 and x != 1:
            batch.append(sa[d])
            grow_b = True
        else:
            batch.append(sa[d])
    if grow_a:
        a = broadcast_to(a, batch + [sa[nb], sa[nb + 1]])
    if grow_b:
        b = broadcast_to(b, batch + [sb[nb], sb[nb + 1]])
    n_batch = _prod(batch)
    out = BatchedDot()(reshape(a, [n_batch, sa[nb], sa[nb + 1]]), reshape(b, [n_batch, sb[nb], sb[nb + 1]]))
    dims = batch + ([] if squeeze_a else [sa[nb]]) + ([] if squeeze_b else [sb[nb + 1]])
    return reshape(out, dims)


# ---------------------------------------------------------------------------
# Gradients (see symc.gradient; ``L_op`` returns one gradient per input)
# ---------------------------------------------------------------------------


def _t(x):
    return DimShuffle((1, 0))(x)


def _dot_L_op(self, inputs, outputs, output_grads):
    (a, b), (g,) = inputs, output_grads
    if a.ndim == 2 and b.ndim == 2:
        return [Dot()(g, _t(b)), Dot()(_t(a), g)]
    if a.ndim == 2:  # matrix . vector
        return [Outer()(g, b), Dot()(_t(a), g)]
    if b.ndim == 2:  # vector . matrix
        return [Dot()(b, g), Outer()(a, g)]
    return [m.mul(g, b), m.mul(g, a)]


def _batched_dot_L_op(self, inputs, outputs, output_grads):
    from .elemwise import sum_to_type

    (a, b), (g,) = inputs, output_grads
    swap = DimShuffle((0, 2, 1))
    # A static batch size of 1 was broadcast: its gradient sums over the batch.
    ga = sum_to_type(BatchedDot()(g, swap(b)), a.type)
    gb = sum_to_type(BatchedDot()(swap(a), g), b.type)
    return [ga, gb]


def _outer_L_op(self, inputs, outputs, output_grads):
    (a, b), (g,) = inputs, output_grads
    return [Dot()(g, b), Dot()(a, g)]


Dot.L_op = _dot_L_op
BatchedDot.L_op = _batched_dot_L_op
Outer.L_op = _outer_L_op
