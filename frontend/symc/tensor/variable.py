"""Tensor variables and constants, with NumPy-style operators and methods."""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Constant, Variable
from . import dtype as dt
from .type import TensorType


class _TensorOperators:
    """Operators and methods shared by every tensor variable.

    ``==`` and ``!=`` keep Python's identity semantics (variables are dict
    keys, as in Theano); use ``st.eq`` / ``st.neq`` for elementwise equality.
    """

    # Make NumPy defer to our reflected operators (ndarray + variable).
    __array_ufunc__ = None
    __array_priority__ = 1000

    # -- static properties ------------------------------------------------
    @property
    def dtype(self):
        return self.type.dtype

    @property
    def ndim(self):
        return self.type.ndim

    @property
    def broadcastable(self):
        return self.type.broadcastable

    @property
    def shape(self):
        """The symbolic shape: an int64 vector (``x.shape[0]`` is a scalar)."""
        return _shape.shape(self)

    @property
    def size(self):
        """The symbolic number of elements (int64 scalar)."""
        return _red.prod(self.shape) if self.ndim else constant(1, dtype="int64")

    @property
    def T(self):
        return _shape.transpose(self)

    # -- Python protocol ---------------------------------------------------
    def __bool__(self):
        raise TypeError(f"the truth value of symbolic variable {self} is unknown while building a graph; "
                        "use st.switch / st.where for elementwise choices")

    def __len__(self):
        raise TypeError(f"len() of symbolic variable {self} is unknown; use x.shape[0]")

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError(f"iteration over a 0-d variable {self}")
        n = self.type.shape[0]
        if n is None:
            raise TypeError(f"cannot iterate over {self}: its first dimension has no static size")
        for i in range(n):
            yield self[i]

    def __index__(self):
        raise TypeError(f"symbolic variable {self} cannot be used as a Python index")

    __hash__ = object.__hash__

    # -- arithmetic -----------------------------------------------------------
    def __add__(self, other):
        return _math.add(self, other)

    def __radd__(self, other):
        return _math.add(other, self)

    def __sub__(self, other):
        return _math.sub(self, other)

    def __rsub__(self, other):
        return _math.sub(other, self)

    def __mul__(self, other):
        return _math.mul(self, other)

    def __rmul__(self, other):
        return _math.mul(other, self)

    def __truediv__(self, other):
        return _math.true_div(self, other)

    def __rtruediv__(self, other):
        return _math.true_div(other, self)

    def __floordiv__(self, other):
        return _math.floor_div(self, other)

    def __rfloordiv__(self, other):
        return _math.floor_div(other, self)

    def __mod__(self, other):
        return _math.mod(self, other)

    def __rmod__(self, other):
        return _math.mod(other, self)

    def __pow__(self, other):
        return _math.pow(self, other)

    def __rpow__(self, other):
        return _math.pow(other, self)

    def __matmul__(self, other):
        return _linalg.matmul(self, other)

    def __rmatmul__(self, other):
        return _linalg.matmul(other, self)

    def __neg__(self):
        return _math.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _math.abs(self)

    def __invert__(self):
        return _math.invert(self)

    def __and__(self, other):
        return _math.and_(self, other)

    def __rand__(self, other):
        return _math.and_(other, self)

    def __or__(self, other):
        return _math.or_(self, other)

    def __ror__(self, other):
        return _math.or_(other, self)

    def __xor__(self, other):
        return _math.xor(self, other)

    def __rxor__(self, other):
        return _math.xor(other, self)

    def __lt__(self, other):
        return _math.lt(self, other)

    def __le__(self, other):
        return _math.le(self, other)

    def __gt__(self, other):
        return _math.gt(self, other)

    def __ge__(self, other):
        return _math.ge(self, other)

    # -- indexing -------------------------------------------------------------
    def __getitem__(self, index):
        return _sub.getitem(self, index)

    def __setitem__(self, index, value):
        raise TypeError("symbolic variables are immutable; use st.set_subtensor(x[index], value) or "
                        "st.inc_subtensor(x[index], value), which return a new variable")

    # -- methods ------------------------------------------------------------------
    def astype(self, dtype):
        return _math.cast(self, dtype)

    def sum(self, axis=None, keepdims=False, dtype=None):
        return _red.sum(self, axis=axis, keepdims=keepdims, dtype=dtype)

    def prod(self, axis=None, keepdims=False, dtype=None):
        return _red.prod(self, axis=axis, keepdims=keepdims, dtype=dtype)

    def mean(self, axis=None, keepdims=False, dtype=None):
        return _red.mean(self, axis=axis, keepdims=keepdims, dtype=dtype)

    def var(self, axis=None, keepdims=False, ddof=0):
        return _red.var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def std(self, axis=None, keepdims=False, ddof=0):
        return _red.std(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def max(self, axis=None, keepdims=False):
        return _red.max(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return _red.min(self, axis=axis, keepdims=keepdims)

    def argmax(self, axis=None, keepdims=False):
        return _red.argmax(self, axis=axis, keepdims=keepdims)

    def argmin(self, axis=None, keepdims=False):
        return _red.argmin(self, axis=axis, keepdims=keepdims)

    def all(self, axis=None, keepdims=False):
        return _red.all(self, axis=axis, keepdims=keepdims)

    def any(self, axis=None, keepdims=False):
        return _red.any(self, axis=axis, keepdims=keepdims)

    def logsumexp(self, axis=None, keepdims=False):
        return _red.logsumexp(self, axis=axis, keepdims=keepdims)

    def dot(self, other):
        return _linalg.dot(self, other)

    def dimshuffle(self, *pattern):
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = tuple(pattern[0])
        return _shape.dimshuffle(self, pattern)

    def transpose(self, *axes):
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (list, tuple))):
            axes = axes[0]
        return _shape.transpose(self, axes if axes else None)

    def reshape(self, *shape, ndim=None):
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)) and \
                not (isinstance(shape[0], Variable) and shape[0].ndim == 0):
            shape = shape[0]
        return _shape.reshape(self, shape, ndim=ndim)

    def flatten(self, ndim=1):
        return _shape.flatten(self, ndim)

    def ravel(self):
        return _shape.flatten(self, 1)

    def squeeze(self, axis=None):
        return _shape.squeeze(self, axis)

    def clip(self, low, high):
        return _math.clip(self, low, high)

    def round(self):
        return _math.round(self)

    def nonzero(self):
        raise SymcTypeError("nonzero() has a data-dependent shape, which symc does not support")

    def copy(self, name=None):
        return _math.tensor_copy(self, name=name)


class TensorVariable(_TensorOperators, Variable):
    """A symbolic tensor (an input of a function or a computed value)."""


class TensorConstant(_TensorOperators, Constant):
    """A tensor with a fixed value.

    ``weak`` marks a constant made from a Python scalar: in expressions it
    adapts its dtype to the other operands (NumPy 2's weak scalars).
    """

    def __init__(self, type, data, name=None, weak=False, python_value=None):
        super().__init__(type, data, name)
        self.weak = weak
        self.python_value = python_value

    def clone(self, name=None):
        return TensorConstant(self.type, self.data, self.name if name is None else name, self.weak, self.python_value)

    def signature(self):
        """A hashable summary of the value (dtype, shape, bytes)."""
        return (self.type, self.data.tobytes())

    def __str__(self):
        if self.name is not None:
            return self.name
        if self.data.size == 1:
            return repr(self.data.reshape(()).item())
        if self.data.size <= 8:
            return str(self.data.tolist())
        return f"<constant {self.type.dtype}{list(self.data.shape)}>"


_PY_SCALARS = (bool, int, float)


def is_weak(x):
    """True for Python scalars and constants made from them."""
    return (type(x) in _PY_SCALARS) or (isinstance(x, TensorConstant) and x.weak)


def weak_value(x):
    return x.python_value if isinstance(x, TensorConstant) else x


def constant(value, name=None, dtype=None, ndim=None):
    """A constant tensor (``st.constant``).

    Python scalars give *weak* constants that adapt to the dtype of the
    tensors they are combined with (NumPy 2 rules); NumPy arrays and scalars
    keep their dtype.
    """
    if isinstance(value, Variable):
        raise SymcTypeError(f"st.constant expects a value, got the symbolic variable {value}")
    weak = type(value) in _PY_SCALARS and dtype is None
    if dtype is not None:
        dtype = dt.normalize(dtype)
    elif type(value) in _PY_SCALARS:
        dtype = dt.default_dtype_of_python_scalar(value)
    if dtype is not None and type(value) in _PY_SCALARS:
        dt.check_fits(value, dtype)
    try:
        data = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError, OverflowError) as e:
        raise SymcTypeError(f"cannot make a constant of {value!r}: {e}") from None
    if data.dtype == object:
        raise SymcTypeError(f"cannot make a constant of {value!r}: it is not a rectangular array of numbers")
    if data.dtype.name not in dt.MLIR_ELEMENT:
        converted = _default_conversion(data)
        if converted is None:
            raise SymcTypeError(f"constant of dtype {data.dtype.name} is not supported; symc supports "
                                f"{', '.join(dt.SUPPORTED)}")
        data = converted
    if ndim is not None and data.ndim != ndim:
        if data.ndim > ndim:
            raise SymcTypeError(f"constant {value!r} has {data.ndim} dimensions, more than {ndim}")
        data = data.reshape((1,) * (ndim - data.ndim) + data.shape)
    if not data.flags.c_contiguous or not data.flags.owndata:
        data = data.copy()
    data.setflags(write=False)
    py = value if weak else None
    return TensorConstant(TensorType(data.dtype.name, data.shape), data, name=name, weak=weak, python_value=py)


def _default_conversion(data):
    # Lists of Python ints/floats come out of NumPy as int64/float64 already;
    # other NumPy dtypes (float16, uint16, ...) convert to the nearest
    # supported dtype that holds every value.
    kind = data.dtype.kind
    if kind == "f":
        return data.astype("float32" if data.dtype.itemsize < 4 else "float64")
    if kind in "iu":
        for target in ("int16", "int32", "int64"):
            if np.can_cast(data.dtype, target, casting="safe"):
                return data.astype(target)
    return None


def as_tensor_variable(x, name=None, ndim=None, dtype=None):
    """``x`` as a tensor variable: variables pass through, values become
    constants."""
    if isinstance(x, Variable):
        if not isinstance(x.type, TensorType):
            raise SymcTypeError(f"{x} of type {x.type} is not a tensor")
        if ndim is not None and x.ndim != ndim:
            raise SymcTypeError(f"{x} has {x.ndim} dimensions, expected {ndim}")
        if dtype is not None and x.dtype != dt.normalize(dtype):
            return _math.cast(x, dtype)
        return x
    if isinstance(x, (list, tuple)) and any(isinstance(e, Variable) for e in _flatten(x)):
        return _shape.stack([as_tensor_variable(e) for e in x]) if dtype is None else \
            _math.cast(_shape.stack([as_tensor_variable(e) for e in x]), dtype)
    return constant(x, name=name, dtype=dtype, ndim=ndim)


def _flatten(x):
    stack = [x]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            yield item


class _LazyModule:
    """A sibling module imported on first use (the operator methods need the
    op modules, which import this one)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        import importlib

        module = importlib.import_module(self._name, __package__)
        self.__dict__.update(module.__dict__)
        return getattr(module, attr)


_linalg = _LazyModule(".linalg")
_math = _LazyModule(".math")
_red = _LazyModule(".reduction")
_shape = _LazyModule(".shape")
_sub = _LazyModule(".subtensor")
