"""TensorType: dtype + static shape pattern.

The shape pattern has one entry per dimension: ``None`` for a size known only
at call time, an int for a static size. A static size of 1 is a broadcastable
dimension (Theano's ``broadcastable=True``); this is exactly the dialect's
``tensor<?x1x4xf32>``.
"""

import numpy as np

from ..config import config
from ..errors import SymcTypeError
from ..graph.basic import Type
from . import dtype as dt


_MLIR_SPELLING = {}
# variable.py imports this module: its TensorVariable is bound on first use.
_TensorVariable = None


class TensorType(Type):
    """The type of a tensor variable.

    Parameters
    ----------
    dtype : str
        One of :data:`symc.tensor.dtype.SUPPORTED` (None: ``config.floatX``).
    shape : tuple of (int or None)
        The static shape pattern.
    broadcastable : tuple of bool, optional
        Theano's spelling: True means a static size of 1, False unknown. Only
        one of ``shape`` and ``broadcastable`` may be given.
    """

    __slots__ = ("dtype", "shape", "_hash", "_mlir")

    def __init__(self, dtype, shape=None, broadcastable=None):
        if shape is not None and broadcastable is not None:
            raise SymcTypeError("give shape or broadcastable, not both")
        if broadcastable is not None:
            shape = tuple(1 if b else None for b in broadcastable)
        if shape is None:
            raise SymcTypeError("TensorType needs a shape pattern, e.g. (None, 3)")
        norm = []
        for s in shape:
            if s is None:
                norm.append(None)
                continue
            if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or s < 0:
                raise SymcTypeError(f"a static size must be an int >= 0 or None, got {s!r} in {tuple(shape)!r}")
            norm.append(int(s))
        self.dtype = dt.normalize(dtype)
        self.shape = tuple(norm)
        self._hash = hash((self.dtype, self.shape))
        self._mlir = None

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def broadcastable(self):
        return tuple(s == 1 for s in self.shape)

    def __eq__(self, other):
        return type(other) is TensorType and self.dtype == other.dtype and self.shape == other.shape

    def __hash__(self):
        return self._hash

    def shape_str(self):
        inner = ", ".join("?" if s is None else str(s) for s in self.shape)
        return f"({inner},)" if len(self.shape) == 1 else f"({inner})"

    def __str__(self):
        return f"TensorType({self.dtype}, {self.shape_str()})"

    __repr__ = __str__

    def mlir(self):
        """The builtin tensor type, e.g. ``tensor<?x1x4xf32>``."""
        text = self._mlir
        if text is None:
            key = (self.dtype, self.shape)
            text = _MLIR_SPELLING.get(key)
            if text is None:
                dims = "".join(("?" if s is None else str(s)) + "x" for s in self.shape)
                text = _MLIR_SPELLING[key] = f"tensor<{dims}{dt.MLIR_ELEMENT[self.dtype]}>"
            self._mlir = text
        return text

    def make_variable(self, name=None):
        global _TensorVariable
        if _TensorVariable is None:
            from .variable import TensorVariable as _TensorVariable
        return _TensorVariable(self, name=name)

    def __call__(self, name=None):
        """A new input variable of this type (Theano's ``type(name)``)."""
        return self.make_variable(name)

    def clone(self, dtype=None, shape=None):
        return TensorType(self.dtype if dtype is None else dtype, self.shape if shape is None else shape)

    def conflicting_dimension(self, other):
        """The first dimension where this type and ``other`` (of the same
        rank) both have a static size and the sizes differ, or None: values
        of the two types may have one shape only if it is None."""
        for d, (a, b) in enumerate(zip(self.shape, other.shape)):
            if a is not None and b is not None and a != b:
                return d
        return None

    def is_compatible_value_shape(self, shape):
        return len(shape) == self.ndim and all(s is None or s == v for s, v in zip(self.shape, shape))

    def filter(self, value, allow_downcast=None, what="value"):
        """Converts ``value`` to an ndarray of this type, or raises.

        The rules are Theano's (``TensorType.filter``):

        - an ndarray of this dtype passes unchanged;
        - ``allow_downcast=True``: anything is converted with a possibly
          lossy cast;
        - otherwise an ndarray (or NumPy scalar) of another dtype is accepted
          only if its dtype casts safely to this one;
        - ``allow_downcast=None`` also lets a Python float become
          ``config.floatX`` (Theano's convenience for float32 users);
        - other values (Python scalars, lists) are converted if no value
          changes in the conversion.

        The number of dimensions must match (TypeError); static sizes must
        match (ValueError).
        """
        if isinstance(value, np.ndarray) and value.dtype.name == self.dtype:
            data = value
        elif allow_downcast:
            data = self._asarray(value, what)
        elif isinstance(value, (np.ndarray, np.generic)):
            src = value.dtype.name
            if src in dt.MLIR_ELEMENT and dt.can_cast_safely(src, self.dtype):
                data = np.asarray(value, dtype=self.dtype)
            else:
                raise TypeError(
                    f"{what} expects {self.dtype} but got an array of dtype {src}, which cannot be cast to "
                    f"{self.dtype} without risking loss of precision; cast it explicitly (e.g. "
                    f"x.astype('{self.dtype}')) or pass allow_input_downcast=True to symc.function")
        elif allow_downcast is None and type(value) is float and self.dtype == config.floatX:
            data = np.asarray(value, dtype=self.dtype)
        else:
            original = np.asarray(value)
            if original.dtype == object:
                raise TypeError(f"{what} expects {self.dtype} data but got {type(value).__name__} {value!r}")
            data = self._asarray(value, what)
            if original.shape != data.shape or not _values_equal(original, data):
                raise TypeError(
                    f"{what} expects {self.dtype} but the value {_short(value)} (of Python/NumPy type "
                    f"{original.dtype}) cannot be stored in {self.dtype} without changing it; convert it "
                    f"explicitly or pass allow_input_downcast=True to symc.function")
        if data.ndim != self.ndim:
            raise TypeError(f"{what} expects {self.ndim} dimension(s) ({self}) but got an array with "
                            f"{data.ndim} dimension(s) and shape {data.shape}")
        for d, (s, v) in enumerate(zip(self.shape, data.shape)):
            if s is not None and s != v:
                raise ValueError(f"{what} expects static size {s} along dimension {d} ({self}) but got "
                                 f"an array of shape {data.shape}")
        return data

    def _asarray(self, value, what):
        try:
            with np.errstate(invalid="ignore", over="ignore"):
                return np.asarray(value, dtype=self.dtype)
        except (TypeError, ValueError, OverflowError) as e:
            raise TypeError(f"{what} expects {self.dtype} data but got {_short(value)}: {e}") from None


def _values_equal(a, b):
    with np.errstate(invalid="ignore", over="ignore"):
        if a.dtype.kind == "f" or b.dtype.kind == "f":
            return bool(np.all((a == b) | (np.isnan(a.astype(np.float64)) & np.isnan(b.astype(np.float64)))))
        return bool(np.all(a == b))


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
