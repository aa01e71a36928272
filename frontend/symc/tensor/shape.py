"""Shape Ops and functions: shape, reshape, flatten, transpose, expand_dims,
squeeze, concatenate, stack, broadcast_to / alloc / zeros / ones / full /
fill, arange, eye.

Sizes that flow as values are int64 tensors: a shape is an int64 vector
whose length is static, a size an int64 scalar (the dialect's convention).
Where a size is known while the graph is built (a constant, or a static
dimension read through ``x.shape[i]``) the result type records it; the
emitted IR still computes it, and MLIR folds it.
"""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op, Variable
from . import dtype as dt
from .elemwise import DimShuffle, cast, describe, promote, to_dtype
from .static import scalar_value, vector_values
from .type import TensorType
from .variable import TensorConstant, as_tensor_variable, constant, is_weak, weak_value


def _normalize_axis(axis, ndim, what="axis"):
    if isinstance(axis, Variable) or not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise SymcTypeError(f"{what} must be a Python int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise SymcTypeError(f"{what} {axis} is out of range for a tensor with {ndim} dimension(s)")
    return int(axis) % ndim


# ---------------------------------------------------------------------------
# Shape and shape vectors
# ---------------------------------------------------------------------------


class Shape(Op):
    """The shape of a tensor as an int64 vector (``symc.shape``)."""

    __props__ = ()
    mnemonic = "shape"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType("int64", (x.ndim,))])

    def perform(self, node, inputs):
        return [np.asarray(inputs[0].shape, dtype=np.int64).reshape(node.inputs[0].ndim)]


def shape(x):
    """The symbolic shape of ``x`` (an int64 vector)."""
    return Shape()(x)


class MakeVector(Op):
    """An int64 vector from int64 scalars (emitted as dimshuffles joined by
    ``symc.concatenate``)."""

    __props__ = ()
    mnemonic = "make_vector"

    def make_node(self, *scalars):
        scalars = [as_tensor_variable(s) for s in scalars]
        for s in scalars:
            if s.ndim != 0 or s.dtype != "int64":
                raise SymcTypeError(f"MakeVector takes int64 scalars, got {s.type}")
        return Apply(self, scalars, [TensorType("int64", (len(scalars),))])

    def perform(self, node, inputs):
        return [np.array([int(v) for v in inputs], dtype=np.int64)]


def as_int64_scalar(value, what="size"):
    """A Python int or integer scalar variable as an int64 scalar variable."""
    if isinstance(value, Variable):
        if value.ndim != 0 or not (dt.is_int(value.dtype)):
            raise SymcTypeError(f"{what} must be an integer scalar, got {describe(value)} of type {value.type}")
        return cast(value, "int64")
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        dt.check_fits(int(value), "int64")
        return constant(np.int64(value))
    raise SymcTypeError(f"{what} must be an int or an integer scalar variable, got {value!r}")


def as_shape_vector(shape_, what="shape"):
    """A shape given as ints, integer scalars, a tuple of both, or an integer
    vector variable, as an int64 vector variable of static length."""
    if isinstance(shape_, Variable):
        if shape_.ndim == 0:
            return MakeVector()(as_int64_scalar(shape_, what))
        if shape_.ndim != 1 or not dt.is_int(shape_.dtype):
            raise SymcTypeError(f"{what} must be an integer vector, got {describe(shape_)} of type {shape_.type}")
        if shape_.type.shape[0] is None:
            raise SymcTypeError(f"{what} {describe(shape_)} has no static length; the number of dimensions "
                                "must be known while the graph is built (pass ndim=)")
        return cast(shape_, "int64")
    if isinstance(shape_, (int, np.integer)):
        shape_ = (shape_,)
    if isinstance(shape_, np.ndarray):
        shape_ = shape_.tolist()
    if not isinstance(shape_, (tuple, list)):
        raise SymcTypeError(f"{what} must be a tuple of sizes, got {shape_!r}")
    entries = list(shape_)
    if all(isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in entries):
        return constant(np.asarray(entries, dtype=np.int64).reshape(len(entries)))
    return MakeVector()(*[as_int64_scalar(e, what) for e in entries])


# ---------------------------------------------------------------------------
# Reshape
# ---------------------------------------------------------------------------


class Reshape(Op):
    """Reshapes to a shape given as an int64 vector; one entry may be -1
    (``symc.reshape``). The element count is checked at run time where it is
    not static."""

    __props__ = ("ndim",)
    mnemonic = "reshape"

    def __init__(self, ndim):
        self.ndim = int(ndim)

    def make_node(self, x, shp):
        x = as_tensor_variable(x)
        shp = as_tensor_variable(shp)
        if shp.ndim != 1 or shp.dtype != "int64" or shp.type.shape[0] != self.ndim:
            raise SymcTypeError(f"Reshape{{ndim={self.ndim}}} needs an int64 vector of length {self.ndim}, "
                                f"got {shp.type}")
        values = vector_values(shp)
        out = list(values)
        n_inferred = sum(1 for v in values if v == -1)
        if n_inferred > 1:
            raise SymcTypeError(f"reshape of {describe(x)}: the shape may contain -1 at most once, got {values}")
        for v in values:
            if v is not None and v < -1:
                raise SymcTypeError(f"reshape of {describe(x)}: negative size {v} in {values}")
        total = _static_size(x.type.shape)
        known = [v for v in values if v is not None and v != -1]
        if n_inferred:
            i = values.index(-1)
            rest = int(np.prod(known)) if len(known) == len(values) - 1 else None
            if total is not None and rest is not None:
                if rest == 0 or total % rest:
                    raise SymcTypeError(f"cannot reshape {describe(x)} of shape {x.type.shape_str()} ({total} "
                                        f"elements) into shape {_fmt(values)}")
                out[i] = total // rest
            else:
                out[i] = None
        elif total is not None and len(known) == len(values) and int(np.prod(known)) != total:
            raise SymcTypeError(f"cannot reshape {describe(x)} of shape {x.type.shape_str()} ({total} elements) "
                                f"into shape {_fmt(values)}")
        return Apply(self, [x, shp], [TensorType(x.dtype, out)])

    def perform(self, node, inputs):
        x, shp = inputs
        return [np.reshape(x, [int(v) for v in shp]).copy()]


def _fmt(values):
    return "(" + ", ".join("?" if v is None else str(v) for v in values) + ")"


def _static_size(shape_):
    if any(s is None for s in shape_):
        return None
    return int(np.prod(shape_, dtype=np.int64)) if shape_ else 1


def reshape(x, newshape, ndim=None):
    """``x`` with shape ``newshape`` (NumPy order; one entry may be -1).

    ``newshape`` is a tuple of ints and integer scalars, or an integer vector
    variable; a vector without a static length needs ``ndim``.
    """
    x = as_tensor_variable(x)
    if isinstance(newshape, Variable) and newshape.ndim == 1 and newshape.type.shape[0] is None:
        if ndim is None:
            raise SymcTypeError(f"reshape of {describe(x)}: the new shape {describe(newshape)} has no static "
                                "length; pass ndim=")
        newshape = Reshape(1)(cast(newshape, "int64"), constant(np.array([ndim], dtype=np.int64)))
    shp = as_shape_vector(newshape, "reshape's new shape")
    if ndim is not None and shp.type.shape[0] != ndim:
        raise SymcTypeError(f"reshape: ndim={ndim} but the new shape has {shp.type.shape[0]} entries")
    return Reshape(shp.type.shape[0])(x, shp)


def flatten(x, ndim=1):
    """``x`` with its trailing dimensions merged so that ``ndim`` remain."""
    x = as_tensor_variable(x)
    if not isinstance(ndim, (int, np.integer)) or ndim < 1 or (x.ndim and ndim > x.ndim):
        raise SymcTypeError(f"flatten(ndim={ndim}) of {describe(x)} with {x.ndim} dimension(s): ndim must be in "
                            f"[1, {max(x.ndim, 1)}]")
    if ndim == x.ndim:
        return x
    dims = x.shape
    lead = [dims[i] for i in range(ndim - 1)]
    tail = constant(np.int64(1))
    for i in range(ndim - 1, x.ndim):
        tail = tail * dims[i] if i > ndim - 1 else dims[i]
    return reshape(x, lead + [tail])


# ---------------------------------------------------------------------------
# Transposes and dimension insertion/removal
# ---------------------------------------------------------------------------


def dimshuffle(x, pattern):
    """Theano's dimshuffle: ``x.dimshuffle(1, 'x', 0)``."""
    return DimShuffle(pattern)(as_tensor_variable(x))


def transpose(x, axes=None):
    """Permutes the dimensions (reverses them by default)."""
    x = as_tensor_variable(x)
    if axes is None:
        axes = tuple(reversed(range(x.ndim)))
    axes = tuple(_normalize_axis(a, x.ndim) for a in axes)
    if sorted(axes) != list(range(x.ndim)):
        raise SymcTypeError(f"transpose of {describe(x)}: axes {axes} are not a permutation of {x.ndim} dimensions")
    return DimShuffle(axes)(x)


def expand_dims(x, axis):
    """Inserts size-1 dimensions at the positions ``axis`` of the result."""
    x = as_tensor_variable(x)
    axes = (axis,) if not isinstance(axis, (tuple, list)) else tuple(axis)
    out_ndim = x.ndim + len(axes)
    positions = sorted(_normalize_axis(a, out_ndim) for a in axes)
    if len(set(positions)) != len(positions):
        raise SymcTypeError(f"expand_dims: repeated axis in {axis}")
    pattern, src = [], iter(range(x.ndim))
    for d in range(out_ndim):
        pattern.append("x" if d in positions else next(src))
    return DimShuffle(pattern)(x)


def squeeze(x, axis=None):
    """Removes size-1 dimensions.

    Without ``axis`` only dimensions of static size 1 are removed (sizes only
    known at run time cannot be judged while the graph is built). A listed
    dynamic dimension is removed by a reshape that fails at run time unless its
    size is 1.
    """
    x = as_tensor_variable(x)
    if axis is None:
        return DimShuffle([d for d in range(x.ndim) if x.type.shape[d] != 1])(x)
    axes = (axis,) if not isinstance(axis, (tuple, list)) else tuple(axis)
    axes = sorted({_normalize_axis(a, x.ndim) for a in axes})
    for a in axes:
        if x.type.shape[a] not in (1, None):
            raise SymcTypeError(f"squeeze: dimension {a} of {describe(x)} has static size {x.type.shape[a]}, not 1")
    if all(x.type.shape[a] == 1 for a in axes):
        return DimShuffle([d for d in range(x.ndim) if d not in axes])(x)
    dims = x.shape
    return reshape(x, [dims[d] for d in range(x.ndim) if d not in axes])


# ---------------------------------------------------------------------------
# Joining
# ---------------------------------------------------------------------------


class Concatenate(Op):
    """Joins tensors of one rank and dtype along ``axis`` (``symc.concatenate``)."""

    __props__ = ("axis",)
    mnemonic = "concatenate"

    def __init__(self, axis):
        self.axis = int(axis)

    def make_node(self, *tensors):
        tensors = [as_tensor_variable(t) for t in tensors]
        if not tensors:
            raise SymcTypeError("concatenate needs at least one tensor")
        first = tensors[0]
        if not 0 <= self.axis < first.ndim:
            raise SymcTypeError(f"concatenate: axis {self.axis} is out of range for tensors with {first.ndim} "
                                "dimension(s)")
        shp = list(first.type.shape)
        for i, t in enumerate(tensors[1:], 1):
            if t.ndim != first.ndim or t.dtype != first.dtype:
                raise SymcTypeError(f"concatenate: tensor #{i} ({describe(t)}) has type {t.type} but tensor #0 "
                                    f"({describe(first)}) has type {first.type}; they need one rank and dtype")
            for d in range(first.ndim):
                s = t.type.shape[d]
                if d == self.axis:
                    shp[d] = None if shp[d] is None or s is None else shp[d] + s
                elif shp[d] is not None and s is not None and shp[d] != s:
                    raise SymcTypeError(f"concatenate along axis {self.axis}: tensor #{i} ({describe(t)}) has size "
                                        f"{s} in dimension {d} but the tensors before it have {shp[d]}")
                elif shp[d] is None:
                    shp[d] = s
        return Apply(self, tensors, [TensorType(first.dtype, shp)])

    def perform(self, node, inputs):
        return [np.concatenate(inputs, axis=self.axis)]


def concatenate(tensors, axis=0):
    """Joins ``tensors`` along an existing axis (dtypes promote as in NumPy)."""
    tensors = list(tensors)
    if not tensors:
        raise SymcTypeError("concatenate needs at least one tensor")
    dtype = promote("concatenate", tensors)
    tensors = [to_dtype(t, dtype) for t in tensors]
    ndim = tensors[0].ndim
    if ndim == 0:
        raise SymcTypeError("concatenate: zero-dimensional tensors cannot be concatenated (use stack)")
    for t in tensors:
        if t.ndim != ndim:
            raise SymcTypeError(f"concatenate: all tensors need {ndim} dimension(s); {describe(t)} has {t.ndim}")
    return Concatenate(_normalize_axis(axis, ndim))(*tensors)


def stack(tensors, axis=0):
    """Joins ``tensors`` along a new axis."""
    tensors = list(tensors)
    if not tensors:
        raise SymcTypeError("stack needs at least one tensor")
    dtype = promote("stack", tensors)
    tensors = [to_dtype(t, dtype) for t in tensors]
    ndim = tensors[0].ndim
    for t in tensors:
        if t.ndim != ndim:
            raise SymcTypeError(f"stack: all tensors need {ndim} dimension(s); {describe(t)} has {t.ndim}")
    axis = _normalize_axis(axis, ndim + 1)
    return Concatenate(axis)(*[expand_dims(t, axis) for t in tensors])


# ---------------------------------------------------------------------------
# Broadcasting and allocation
# ---------------------------------------------------------------------------


class BroadcastTo(Op):
    """Broadcasts a tensor of the result's rank to a shape given as an int64
    vector (``symc.broadcast_to``; Theano's Alloc)."""

    __props__ = ()
    mnemonic = "broadcast_to"

    def make_node(self, x, shp):
        x = as_tensor_variable(x)
        shp = as_tensor_variable(shp)
        if shp.ndim != 1 or shp.dtype != "int64" or shp.type.shape[0] is None:
            raise SymcTypeError(f"BroadcastTo needs an int64 vector of static length, got {shp.type}")
        n = shp.type.shape[0]
        if x.ndim != n:
            raise SymcTypeError(f"BroadcastTo: {describe(x)} has {x.ndim} dimension(s) but the shape has {n} "
                                "entries (pad it with size-1 dimensions first)")
        values = vector_values(shp)
        out = []
        for d, (s, v) in enumerate(zip(x.type.shape, values)):
            if v is not None and v < 0:
                raise SymcTypeError(f"broadcast_to: negative size {v} in the target shape {_fmt(values)}")
            if s is not None and s != 1:
                if v is not None and v != s:
                    raise SymcTypeError(f"cannot broadcast {describe(x)} of shape {x.type.shape_str()} to shape "
                                        f"{_fmt(values)}: dimension {d} has size {s}, not 1 or {v}")
                out.append(s)
            else:
                out.append(v)
        return Apply(self, [x, shp], [TensorType(x.dtype, out)])

    def perform(self, node, inputs):
        x, shp = inputs
        return [np.broadcast_to(x, [int(v) for v in shp]).copy()]


def broadcast_to(x, shape_):
    """``x`` broadcast to ``shape_`` (NumPy semantics with Theano's rule:
    only dimensions of static size 1 grow)."""
    x = as_tensor_variable(x)
    shp = as_shape_vector(shape_, "broadcast_to's shape")
    n = shp.type.shape[0]
    if x.ndim > n:
        raise SymcTypeError(f"cannot broadcast {describe(x)} with {x.ndim} dimension(s) to a shape with {n} entries")
    return BroadcastTo()(DimShuffle(("x",) * (n - x.ndim) + tuple(range(x.ndim)))(x) if x.ndim < n else x, shp)


def alloc(value, *shape_):
    """Theano's alloc: ``value`` broadcast to the shape given as arguments."""
    if len(shape_) == 1 and isinstance(shape_[0], (tuple, list)):
        shape_ = shape_[0]
    return broadcast_to(value, tuple(shape_))


def full(shape_, fill_value, dtype=None):
    """A tensor of ``shape_`` filled with ``fill_value``."""
    if dtype is None:
        if is_weak(fill_value):
            dtype = dt.default_dtype_of_python_scalar(weak_value(fill_value))
        else:
            dtype = as_tensor_variable(fill_value).dtype
    value = to_dtype(fill_value, dt.normalize(dtype))
    return broadcast_to(value, shape_)


def zeros(shape_, dtype=None):
    """A tensor of zeros (dtype None: floatX)."""
    return full(shape_, 0, dt.normalize(dtype))


def ones(shape_, dtype=None):
    """A tensor of ones (dtype None: floatX)."""
    return full(shape_, 1, dt.normalize(dtype))


def _shape_of(x):
    x = as_tensor_variable(x)
    return shape(x) if x.ndim else ()


def zeros_like(x, dtype=None):
    x = as_tensor_variable(x)
    return full(_shape_of(x), 0, x.dtype if dtype is None else dtype)


def ones_like(x, dtype=None):
    x = as_tensor_variable(x)
    return full(_shape_of(x), 1, x.dtype if dtype is None else dtype)


def full_like(x, fill_value, dtype=None):
    x = as_tensor_variable(x)
    return full(_shape_of(x), fill_value, x.dtype if dtype is None else dtype)


def fill(model, value):
    """``value`` broadcast to the shape of ``model`` (Theano's fill). A Python
    scalar takes ``model``'s dtype."""
    model = as_tensor_variable(model)
    value = to_dtype(value, model.dtype) if is_weak(value) else as_tensor_variable(value)
    if value.ndim > model.ndim:
        raise SymcTypeError(f"fill: the value {describe(value)} has more dimensions than the model {describe(model)}")
    return broadcast_to(value, _shape_of(model))


# ---------------------------------------------------------------------------
# arange and eye
# ---------------------------------------------------------------------------


class Arange(Op):
    """Evenly spaced values in [start, stop) (``symc.arange``)."""

    __props__ = ()
    mnemonic = "arange"

    def make_node(self, start, stop, step):
        start, stop, step = (as_tensor_variable(v) for v in (start, stop, step))
        for v in (start, stop, step):
            if v.ndim != 0 or v.dtype != start.dtype:
                raise SymcTypeError(f"Arange takes three scalars of one dtype, got {start.type}, {stop.type}, "
                                    f"{step.type}")
        if start.dtype == "bool":
            raise SymcTypeError("arange of bool values is not defined")
        values = [scalar_value(v) for v in (start, stop, step)]
        if values[2] is not None and values[2] == 0:
            raise SymcTypeError("arange: step must not be zero")
        length = None
        if dt.is_int(start.dtype) and all(v is not None for v in values):
            a, b, s = (int(v) for v in values)
            length = max(0, -((a - b) // s))
        return Apply(self, [start, stop, step], [TensorType(start.dtype, (length,))])

    def perform(self, node, inputs):
        a, b, s = (x.item() for x in inputs)
        if s == 0:
            raise ValueError("arange: step must not be zero")
        return [np.arange(a, b, s, dtype=node.outputs[0].dtype)]


def arange(start, stop=None, step=1, dtype=None):
    """NumPy's arange with constant or symbolic scalar bounds."""
    if stop is None:
        start, stop = 0, start
    args = [start, stop, step]
    for a in args:
        if isinstance(a, Variable) and a.ndim != 0:
            raise SymcTypeError(f"arange takes scalars, got {describe(a)} of type {a.type}")
    dtype = dt.normalize(dtype) if dtype is not None else promote("arange", args)
    return Arange()(*[to_dtype(a, dtype) for a in args])


class Eye(Op):
    """A (rows, cols) matrix with ones on diagonal k (``symc.eye``)."""

    __props__ = ("dtype",)
    mnemonic = "eye"

    def __init__(self, dtype):
        self.dtype = dt.normalize(dtype)

    def make_node(self, n, m, k):
        n, m, k = (as_tensor_variable(v) for v in (n, m, k))
        for v in (n, m, k):
            if v.ndim != 0 or v.dtype != "int64":
                raise SymcTypeError(f"Eye takes int64 scalars, got {v.type}")
        rows, cols = scalar_value(n), scalar_value(m)
        for v in (rows, cols):
            if v is not None and v < 0:
                raise SymcTypeError(f"eye: negative size {v}")
        return Apply(self, [n, m, k], [TensorType(self.dtype, (rows, cols))])

    def perform(self, node, inputs):
        n, m, k = (int(v) for v in inputs)
        return [np.eye(n, m, k, dtype=self.dtype)]


def eye(n, m=None, k=0, dtype=None):
    """NumPy's eye: ones on diagonal ``k`` of an (n, m) matrix (dtype None:
    floatX)."""
    n = as_int64_scalar(n, "eye's n")
    m = n if m is None else as_int64_scalar(m, "eye's m")
    return Eye(dt.normalize(dtype))(n, m, as_int64_scalar(k, "eye's k"))


def is_constant(x):
    return isinstance(x, TensorConstant)


# ---------------------------------------------------------------------------
# Gradients (see symc.gradient; ``L_op`` returns one gradient per input,
# ``connection_pattern`` says which inputs each output depends on
# differentiably: sizes and shapes never do)
# ---------------------------------------------------------------------------


def _not_connected(self, node):
    return [[False] * len(node.outputs) for _ in node.inputs]


def _first_input_connected(self, node):
    return [[True]] + [[False] for _ in node.inputs[1:]]


def _reshape_L_op(self, inputs, outputs, output_grads):
    (x, _), (g,) = inputs, output_grads
    return [reshape(g, shape(x)), None]


def _broadcast_to_L_op(self, inputs, outputs, output_grads):
    from .elemwise import sum_to_type

    (x, _), (g,) = inputs, output_grads
    return [sum_to_type(g, x.type), None]


def _concatenate_L_op(self, inputs, outputs, output_grads):
    """Each input gets its slice of the gradient along the axis; the bounds
    are Python ints while the sizes before it are static."""
    (g,) = output_grads
    axis = self.axis
    grads = []
    start = 0
    for t in inputs:
        size = t.type.shape[axis]
        if isinstance(start, int) and size is not None:
            stop = start + size
        else:
            stop = start + shape(t)[axis]
        grads.append(g[(slice(None),) * axis + (slice(start, stop),)])
        start = stop
    return grads


def _arange_L_op(self, inputs, outputs, output_grads):
    (out,), (g,) = outputs, output_grads
    # out[i] = start + i * step; the length is piecewise constant in stop.
    index = arange(shape(out)[0], dtype=out.dtype)
    return [g.sum(), None, (g * index).sum()]


def _arange_connection(self, node):
    return [[True], [False], [True]]


Shape.connection_pattern = _not_connected
Eye.connection_pattern = _not_connected
Reshape.connection_pattern = _first_input_connected
BroadcastTo.connection_pattern = _first_input_connected
Arange.connection_pattern = _arange_connection
Reshape.L_op = _reshape_L_op
BroadcastTo.L_op = _broadcast_to_L_op
Concatenate.L_op = _concatenate_L_op
Arange.L_op = _arange_L_op
