"""Indexing: basic (integers and slices, Python semantics), integer-array
("advanced") indexing, and the functional updates set_subtensor and
inc_subtensor.

``x[index]`` is normalized here into the dialect's forms:

- integers and slices become one Subtensor (``symc.subtensor``); negative
  indices count from the end, slice bounds clamp, steps may be negative, and
  bounds may be symbolic int scalars;
- ``None`` (np.newaxis) inserts a dimension after indexing (a DimShuffle);
- integer arrays (lists, NumPy arrays, int tensors) index as in NumPy: the
  slices are applied first by a Subtensor, then an AdvancedSubtensor takes the
  arrays (integers mixed with arrays count as 0-d arrays, as in NumPy, which
  matters for where the broadcast index dimensions go);
- boolean masks are not supported (their result shape is data dependent).
"""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op, Variable
from . import dtype as dt
from .elemwise import DimShuffle, broadcast_shape, cast, describe, pad_left, to_dtype
from .type import TensorType
from .variable import TensorConstant, as_tensor_variable, constant

DYN = "dyn"
_INT64_MIN = -(2 ** 63)
FULL = (None, None, None)


def _is_slice(entry):
    return isinstance(entry, tuple)


def slice_length(size, entry):
    """Python's len(range(*slice(...).indices(size))) for a static slice
    entry and size (None when either is unknown); mirrors the dialect."""
    if size is None or DYN in entry:
        return None
    return len(range(*slice(*entry).indices(size)))


def subtensor_shape(x_type, idx_list, what="x"):
    """The static shape selected by ``idx_list`` (checks static integers)."""
    shape = []
    for d, entry in enumerate(idx_list):
        size = x_type.shape[d]
        if _is_slice(entry):
            shape.append(slice_length(size, entry))
        elif entry != DYN and size is not None and not -size <= entry < size:
            raise SymcTypeError(f"index {entry} is out of bounds for dimension {d} of {what} with shape "
                                f"{x_type.shape_str()}")
    shape.extend(x_type.shape[len(idx_list):])
    return tuple(shape)


def _check_idx_list(idx_list, ndim, n_dynamic):
    if len(idx_list) > ndim:
        raise SymcTypeError(f"too many indices: {len(idx_list)} for a tensor with {ndim} dimension(s)")
    count = 0
    for entry in idx_list:
        parts = entry if _is_slice(entry) else (entry,)
        if _is_slice(entry) and (len(entry) != 3 or entry[2] == 0):
            raise SymcTypeError(f"bad slice entry {entry} (slice step cannot be zero)")
        for p in parts:
            if p == DYN:
                count += 1
            elif p is not None and not isinstance(p, int):
                raise SymcTypeError(f"bad index entry {entry}")
    if count != n_dynamic:
        raise SymcTypeError(f"index list {idx_list} needs {count} dynamic indices, got {n_dynamic}")


def _check_dynamic(indices):
    for i in indices:
        if i.ndim != 0 or i.dtype != "int64":
            raise SymcTypeError(f"dynamic indices are int64 scalars, got {i.type}")


def _python_index(idx_list, dynamic):
    it = iter(int(v) for v in dynamic)
    out = []
    for entry in idx_list:
        if _is_slice(entry):
            out.append(slice(*[next(it) if p == DYN else p for p in entry]))
        else:
            out.append(next(it) if entry == DYN else entry)
    return tuple(out)


class Subtensor(Op):
    """Basic indexing ``x[i, a:b:c, ...]`` (``symc.subtensor``).

    ``idx_list`` has one entry per indexed leading dimension: an int, ``'dyn'``
    (the next dynamic input, an int64 scalar), or a ``(start, stop, step)``
    tuple whose parts are None, ints or ``'dyn'``.
    """

    __props__ = ("idx_list",)

    def __init__(self, idx_list):
        self.idx_list = tuple(tuple(e) if isinstance(e, (tuple, list)) else e for e in idx_list)

    def make_node(self, x, *dynamic):
        x = as_tensor_variable(x)
        dynamic = [as_tensor_variable(d) for d in dynamic]
        _check_idx_list(self.idx_list, x.ndim, len(dynamic))
        _check_dynamic(dynamic)
        shape = subtensor_shape(x.type, self.idx_list, describe(x))
        return Apply(self, [x, *dynamic], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        x, *dyn = inputs
        return [np.array(x[_python_index(self.idx_list, dyn)], dtype=x.dtype)]


class _SubtensorUpdate(Op):
    __props__ = ("idx_list",)
    accumulate = False

    def __init__(self, idx_list):
        self.idx_list = tuple(tuple(e) if isinstance(e, (tuple, list)) else e for e in idx_list)

    def make_node(self, x, value, *dynamic):
        x, value = as_tensor_variable(x), as_tensor_variable(value)
        dynamic = [as_tensor_variable(d) for d in dynamic]
        _check_idx_list(self.idx_list, x.ndim, len(dynamic))
        _check_dynamic(dynamic)
        target = subtensor_shape(x.type, self.idx_list, describe(x))
        check_update_value(type(self).__name__, x, target, value)
        return Apply(self, [x, value, *dynamic], [x.type])

    def perform(self, node, inputs):
        x, value, *dyn = inputs
        out = x.copy()
        index = _python_index(self.idx_list, dyn)
        if self.accumulate:
            out[index] += value
        else:
            out[index] = value
        return [out]


class SetSubtensor(_SubtensorUpdate):
    """A copy of x with the basic-indexed part replaced (``symc.set_subtensor``)."""


class IncSubtensor(_SubtensorUpdate):
    """A copy of x with the basic-indexed part incremented (``symc.inc_subtensor``)."""

    accumulate = True


def check_update_value(opname, x, target, value):
    if value.dtype != x.dtype:
        raise SymcTypeError(f"{opname}: the value has dtype {value.dtype} but {describe(x)} has {x.dtype}")
    if value.ndim != len(target):
        raise SymcTypeError(f"{opname}: the value has {value.ndim} dimension(s) but the indexed part of "
                            f"{describe(x)} has {len(target)}")
    for d, (v, t) in enumerate(zip(value.type.shape, target)):
        if v is not None and v != 1 and t is not None and v != t:
            raise SymcTypeError(f"{opname}: a value of shape {value.type.shape_str()} cannot be broadcast to the "
                                f"indexed part of {describe(x)}, whose shape is "
                                f"{TensorType(x.dtype, target).shape_str()} (dimension {d}: {v} vs {t})")


# ---------------------------------------------------------------------------
# Advanced indexing
# ---------------------------------------------------------------------------


def advanced_shape(x_type, index_types, positions):
    """NumPy's result shape for integer arrays at sorted ``positions`` (the
    broadcast index dimensions replace the indexed ones when the positions are
    adjacent, and go first otherwise)."""
    index_shape = _broadcast_index_shapes(index_types)
    rest = [s for d, s in enumerate(x_type.shape) if d not in positions]
    if positions[-1] - positions[0] + 1 == len(positions):
        first = positions[0]
        return tuple(rest[:first]) + index_shape + tuple(rest[first:])
    return index_shape + tuple(rest)


def _broadcast_index_shapes(types):
    ndim = types[0].ndim
    shape = []
    for d in range(ndim):
        size, dynamic = 1, False
        for t in types:
            s = t.shape[d]
            if s is None:
                dynamic = True
            elif s != 1:
                if size != 1 and s != size:
                    raise SymcTypeError(f"index arrays of shapes {', '.join(x.shape_str() for x in types)} cannot "
                                        "be broadcast together")
                size = s
        shape.append(size if size != 1 else (None if dynamic else 1))
    return tuple(shape)


def _check_advanced(x, indices, positions):
    if not positions:
        raise SymcTypeError("advanced indexing needs at least one index array")
    if len(positions) != len(indices):
        raise SymcTypeError(f"{len(positions)} positions but {len(indices)} index arrays")
    if list(positions) != sorted(set(positions)) or positions[0] < 0 or positions[-1] >= x.ndim:
        raise SymcTypeError(f"positions {positions} must be sorted, distinct dimensions of {describe(x)}")
    ndim = indices[0].ndim
    for i in indices:
        if i.dtype != "int64" or i.ndim != ndim:
            raise SymcTypeError(f"index arrays must be int64 tensors of one rank, got "
                                f"{', '.join(str(j.type) for j in indices)}")


def _advanced_python_index(ndim, positions, indices):
    index = [slice(None)] * ndim
    for p, i in zip(positions, indices):
        index[p] = i
    return tuple(index)


class AdvancedSubtensor(Op):
    """Integer-array indexing of the dimensions ``positions`` (``symc.advanced_subtensor``)."""

    __props__ = ("positions",)

    def __init__(self, positions):
        self.positions = tuple(int(p) for p in positions)

    def make_node(self, x, *indices):
        x = as_tensor_variable(x)
        indices = [as_tensor_variable(i) for i in indices]
        _check_advanced(x, indices, self.positions)
        shape = advanced_shape(x.type, [i.type for i in indices], self.positions)
        return Apply(self, [x, *indices], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        x, *indices = inputs
        return [np.array(x[_advanced_python_index(x.ndim, self.positions, indices)], dtype=x.dtype)]


class _AdvancedUpdate(Op):
    __props__ = ("positions",)
    accumulate = False

    def __init__(self, positions):
        self.positions = tuple(int(p) for p in positions)

    def make_node(self, x, value, *indices):
        x, value = as_tensor_variable(x), as_tensor_variable(value)
        indices = [as_tensor_variable(i) for i in indices]
        _check_advanced(x, indices, self.positions)
        target = advanced_shape(x.type, [i.type for i in indices], self.positions)
        check_update_value(type(self).__name__, x, target, value)
        return Apply(self, [x, value, *indices], [x.type])

    def perform(self, node, inputs):
        x, value, *indices = inputs
        out = x.copy()
        index = _advanced_python_index(x.ndim, self.positions, indices)
        if self.accumulate:
            np.add.at(out, index, value)
        else:
            out[index] = value
        return [out]


class AdvancedSetSubtensor(_AdvancedUpdate):
    """A copy of x with the array-indexed part replaced; with repeated indices
    one write wins (``symc.advanced_set_subtensor``)."""


class AdvancedIncSubtensor(_AdvancedUpdate):
    """A copy of x with the array-indexed part incremented; repeated indices
    accumulate like NumPy's add.at (``symc.advanced_inc_subtensor``)."""

    accumulate = True


# ---------------------------------------------------------------------------
# x[index]
# ---------------------------------------------------------------------------


def _static_int(v, what):
    v = int(v)
    if not -(2 ** 63) + 2 <= v < 2 ** 63:
        raise SymcTypeError(f"{what} {v} does not fit in int64")
    return v


def _bound(v, dynamic):
    """A slice bound: None, a Python int or an integer scalar variable."""
    if v is None:
        return None
    if isinstance(v, Variable):
        if v.ndim != 0 or not dt.is_int(v.dtype):
            raise SymcTypeError(f"slice bounds must be integers or integer scalars, got {describe(v)} "
                                f"of type {v.type}")
        if isinstance(v, TensorConstant):
            return _static_int(v.data.item(), "slice bound")
        dynamic.append(cast(v, "int64"))
        return DYN
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return _static_int(v, "slice bound")
    raise SymcTypeError(f"slice bounds must be integers or integer scalars, got {v!r}")


def _classify(entry):
    """'none', 'ellipsis', 'slice', 'int' (Python or symbolic scalar) or 'array'."""
    if entry is None:
        return "none"
    if entry is Ellipsis:
        return "ellipsis"
    if isinstance(entry, slice):
        return "slice"
    if isinstance(entry, (bool, np.bool_)):
        raise SymcTypeError("boolean indices (masks) are not supported: the result shape would depend on the data")
    if isinstance(entry, (int, np.integer)):
        return "int"
    if isinstance(entry, Variable):
        if entry.dtype == "bool":
            raise SymcTypeError(f"boolean mask indexing with {describe(entry)} is not supported: the result shape "
                                "would depend on the data; use st.switch instead")
        if not dt.is_int(entry.dtype):
            raise SymcTypeError(f"indices must be integers, got {describe(entry)} of dtype {entry.dtype}")
        return "int" if entry.ndim == 0 else "array"
    if isinstance(entry, (list, tuple, np.ndarray)):
        arr = np.asarray(entry)
        if arr.dtype == bool:
            raise SymcTypeError("boolean mask indexing is not supported: the result shape would depend on the data")
        if arr.size and arr.dtype.kind not in "iu":
            raise SymcTypeError(f"index arrays must hold integers, got {arr.dtype}")
        return "array"
    raise SymcTypeError(f"unsupported index {entry!r}")


def _as_index_array(entry):
    if isinstance(entry, Variable):
        return cast(entry, "int64")
    return constant(np.asarray(entry).astype(np.int64))


def getitem(x, index):
    """``x[index]`` with NumPy semantics (see the module docstring)."""
    x = as_tensor_variable(x)
    if not isinstance(index, tuple):
        index = (index,)
    kinds = [_classify(e) for e in index]
    if kinds.count("ellipsis") > 1:
        raise SymcTypeError("an index can only have a single ellipsis ('...')")
    consuming = sum(1 for k in kinds if k in ("slice", "int", "array"))
    if consuming > x.ndim:
        raise SymcTypeError(f"too many indices for {describe(x)}: it has {x.ndim} dimension(s) but {consuming} "
                            "were indexed")
    if "ellipsis" in kinds:
        i = kinds.index("ellipsis")
        fill = x.ndim - consuming
        index = index[:i] + (slice(None),) * fill + index[i + 1:]
        kinds = kinds[:i] + ["slice"] * fill + kinds[i + 1:]
    if "array" in kinds:
        if "none" in kinds:
            raise SymcTypeError("combining np.newaxis (None) with integer-array indices is not supported; "
                                "add the dimension with dimshuffle or expand_dims before or after indexing")
        return _advanced_getitem(x, index, kinds)
    return _basic_getitem(x, index, kinds)


def _basic_getitem(x, index, kinds):
    idx_list, dynamic, pattern = [], [], []
    out_dim = 0
    for entry, kind in zip(index, kinds):
        if kind == "none":
            pattern.append("x")
            continue
        if kind == "int":
            if isinstance(entry, Variable) and not isinstance(entry, TensorConstant):
                dynamic.append(cast(entry, "int64"))
                idx_list.append(DYN)
            else:
                value = entry.data.item() if isinstance(entry, TensorConstant) else entry
                idx_list.append(_static_int(value, "index"))
            continue
        start, stop, step = entry.start, entry.stop, entry.step
        bounds = (_bound(start, dynamic), _bound(stop, dynamic), _bound(step, dynamic))
        if bounds[2] == 0:
            raise SymcTypeError("slice step cannot be zero")
        idx_list.append(bounds)
        pattern.append(out_dim)
        out_dim += 1
    # Dimensions after the last index are kept whole.
    n_rest = x.ndim - len(idx_list)
    while idx_list and idx_list[-1] == FULL:
        idx_list.pop()
    result = Subtensor(idx_list)(x, *dynamic) if idx_list else x
    if "x" in pattern:
        pattern.extend(range(out_dim, out_dim + n_rest))
        result = DimShuffle(pattern)(result)
    return result


def _advanced_getitem(x, index, kinds):
    # Step 1: slices (ints and arrays keep their dimension whole here).
    idx_list, dynamic = [], []
    positions, arrays = [], []
    for d, (entry, kind) in enumerate(zip(index, kinds)):
        if kind == "slice":
            bounds = tuple(_bound(v, dynamic) for v in (entry.start, entry.stop, entry.step))
            if bounds[2] == 0:
                raise SymcTypeError("slice step cannot be zero")
            idx_list.append(bounds)
        else:
            idx_list.append(FULL)
            positions.append(d)
            if kind == "int":
                arrays.append(as_index_scalar(entry))
            else:
                arrays.append(_as_index_array(entry))
    while idx_list and idx_list[-1] == FULL:
        idx_list.pop()
    base = Subtensor(idx_list)(x, *dynamic) if idx_list else x
    # Step 2: the arrays, at a common rank.
    ndim = max(a.ndim for a in arrays)
    padded = [pad_left(a, ndim) for a in arrays]
    broadcast_shape("advanced indexing", padded, arrays)
    for p, a in zip(positions, arrays):
        _check_static_bounds(base, p, a)
    return AdvancedSubtensor(positions)(base, *padded)


def as_index_scalar(entry):
    if isinstance(entry, Variable):
        return cast(entry, "int64")
    return constant(np.int64(_static_int(entry, "index")))


def _check_static_bounds(x, dim, index):
    size = x.type.shape[dim]
    if size is None or not isinstance(index, TensorConstant) or index.data.size == 0:
        return
    lo, hi = int(index.data.min()), int(index.data.max())
    if lo < -size or hi >= size:
        bad = hi if hi >= size else lo
        raise SymcTypeError(f"index {bad} is out of bounds for dimension {dim} of {describe(x)} with shape "
                            f"{x.type.shape_str()}")


# ---------------------------------------------------------------------------
# set_subtensor / inc_subtensor
# ---------------------------------------------------------------------------

_READERS = {Subtensor: (SetSubtensor, IncSubtensor), AdvancedSubtensor: (AdvancedSetSubtensor, AdvancedIncSubtensor)}


def _update(x_part, value, accumulate, fname):
    x_part = as_tensor_variable(x_part)
    node = x_part.owner
    if node is None or type(node.op) not in _READERS:
        raise SymcTypeError(f"{fname} expects an indexed variable such as x[1:3] or x[idx] as its first "
                            f"argument, got {describe(x_part)}")
    value = to_dtype(value, x_part.dtype)
    if value.ndim > x_part.ndim:
        raise SymcTypeError(f"{fname}: the value has {value.ndim} dimension(s), more than the indexed part "
                            f"{describe(x_part)} ({x_part.ndim})")
    value = pad_left(value, x_part.ndim)
    # Update the innermost indexing, then write the result back through every
    # enclosing indexing operation up to the root tensor (x[a][b] -> x).
    while True:
        op = node.op
        set_cls, inc_cls = _READERS[type(op)]
        cls = inc_cls if accumulate else set_cls
        base, rest = node.inputs[0], node.inputs[1:]
        param = op.idx_list if isinstance(op, Subtensor) else op.positions
        updated = cls(param)(base, value, *rest)
        outer = base.owner
        if outer is None or type(outer.op) not in _READERS:
            return updated
        node, value, accumulate = outer, updated, False


def set_subtensor(x_part, value):
    """Returns the tensor that ``x_part`` indexes, with that part replaced by
    ``value`` (broadcast). ``x_part`` is an indexing expression such as
    ``x[1:3]`` or ``x[idx]``; with repeated array indices one write wins."""
    return _update(x_part, value, False, "set_subtensor")


def inc_subtensor(x_part, value):
    """Returns the tensor that ``x_part`` indexes, with ``value`` added to
    that part; repeated array indices accumulate (NumPy's add.at)."""
    return _update(x_part, value, True, "inc_subtensor")


# ---------------------------------------------------------------------------
# Gradients (see symc.gradient; ``L_op`` returns one gradient per input,
# ``connection_pattern`` says which inputs each output depends on
# differentiably: indices never do)
# ---------------------------------------------------------------------------


def _zero_part(x, ndim):
    """A zero that broadcasts to any indexed part of ``x`` with ``ndim`` dimensions."""
    return constant(np.zeros((1,) * ndim, dtype=x.dtype))


def _gradient_ops():
    from .elemwise import sum_to_type, zeros_like_var

    return sum_to_type, zeros_like_var


def _read_connection(self, node):
    return [[True]] + [[False] for _ in node.inputs[1:]]


def _update_connection(self, node):
    return [[True], [True]] + [[False] for _ in node.inputs[2:]]


def _subtensor_L_op(self, inputs, outputs, output_grads):
    _, zeros_like_var = _gradient_ops()
    (x, *dyn), (g,) = inputs, output_grads
    return [IncSubtensor(self.idx_list)(zeros_like_var(x), g, *dyn)] + [None] * len(dyn)


def _subtensor_update_L_op(self, inputs, outputs, output_grads):
    sum_to_type, _ = _gradient_ops()
    (x, value, *dyn), (g,) = inputs, output_grads
    part = Subtensor(self.idx_list)(g, *dyn)
    gv = sum_to_type(part, value.type)
    # set_subtensor: the replaced part of x does not reach the result.
    gx = g if self.accumulate else SetSubtensor(self.idx_list)(g, _zero_part(x, part.ndim), *dyn)
    return [gx, gv] + [None] * len(dyn)


def _advanced_subtensor_L_op(self, inputs, outputs, output_grads):
    _, zeros_like_var = _gradient_ops()
    (x, *indices), (g,) = inputs, output_grads
    # Repeated indices accumulate their gradients (advanced_inc_subtensor).
    return [AdvancedIncSubtensor(self.positions)(zeros_like_var(x), g, *indices)] + [None] * len(indices)


def _advanced_update_L_op(self, inputs, outputs, output_grads):
    sum_to_type, _ = _gradient_ops()
    (x, value, *indices), (g,) = inputs, output_grads
    part = AdvancedSubtensor(self.positions)(g, *indices)
    gv = sum_to_type(part, value.type)
    gx = g if self.accumulate else AdvancedSetSubtensor(self.positions)(g, _zero_part(x, part.ndim), *indices)
    return [gx, gv] + [None] * len(indices)


Subtensor.connection_pattern = _read_connection
AdvancedSubtensor.connection_pattern = _read_connection
_SubtensorUpdate.connection_pattern = _update_connection
_AdvancedUpdate.connection_pattern = _update_connection
Subtensor.L_op = _subtensor_L_op
_SubtensorUpdate.L_op = _subtensor_update_L_op
AdvancedSubtensor.L_op = _advanced_subtensor_L_op
_AdvancedUpdate.L_op = _advanced_update_L_op
