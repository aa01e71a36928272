"""Shared variables: values that persist across calls of compiled functions.

A shared variable is an implicit input of every function that uses it; a
function's ``updates`` give it a new value after a successful call (all
updates together, committed by the native bound function). Its storage is a
``_native.SharedCell`` when the extension is built (the compiled function
reads and writes it without going through Python), else a plain Python cell
with the same ``value`` attribute.
"""

import numpy as np

from ..compile.backend import make_cell
from ..errors import SymcTypeError
from ..graph.basic import Variable
from . import dtype as dt
from .type import TensorType
from .variable import _TensorOperators


class SharedVariable(Variable):
    """A root variable with a persistent value.

    Attributes
    ----------
    container : cell
        Holds the current value in its ``value`` attribute.
    """

    def __init__(self, type, value, name=None, borrow=False, container=None):
        super().__init__(type, None, None, name)
        if container is not None:
            self.container = container
        else:
            data = self._filter(value, "value")
            if not borrow and data is value:
                data = data.copy()
            self.container = make_cell(data, name)

    @Variable.name.setter
    def name(self, name):
        # The storage cell names the variable in the native layer's error
        # messages, so a later rename reaches it too (during __init__ the
        # cell does not exist yet and make_cell receives the name).
        Variable.name.fset(self, name)
        cell = self.__dict__.get("container")
        if cell is not None:
            cell.name = name

    def _filter(self, value, what):
        if isinstance(value, Variable):
            raise SymcTypeError(f"the value of shared variable {self.name or ''} must be data, got the symbolic "
                                f"variable {value}")
        data = self.type.filter(value, allow_downcast=None, what=f"shared variable {self._label()}'s {what}")
        if not data.flags.c_contiguous:
            data = data.copy()
        return data

    def _label(self):
        return repr(self.name) if self.name else "(unnamed)"

    def get_value(self, borrow=False):
        """The current value (a copy unless ``borrow=True``, which returns the
        stored array itself; later calls may overwrite it in place)."""
        value = self.container.value
        return value if borrow else value.copy()

    def set_value(self, value, borrow=False):
        """Replaces the value. The dtype converts only when no value changes
        (as an input of a function); the number of dimensions and the static
        sizes of the type must match. ``borrow=True`` stores ``value`` itself
        when it needs no conversion."""
        data = self._filter(value, "new value")
        if not borrow and data is value:
            data = data.copy()
        self.container.value = data

    def clone(self, name=None):
        """A variable sharing this one's storage (Theano's semantics)."""
        return type(self)(self.type, None, name=self.name if name is None else name, container=self.container)


class TensorSharedVariable(_TensorOperators, SharedVariable):
    """A shared tensor (``symc.shared``)."""


def shared(value, name=None, borrow=False, shape=None, broadcastable=None, dtype=None):
    """A shared variable holding ``value``.

    Parameters
    ----------
    value : array_like or Python scalar
        The initial value; copied unless ``borrow=True``.
    name : str, optional
    borrow : bool
        Keep a reference to ``value`` instead of a copy (when it is a
        C-contiguous ndarray of a supported dtype).
    shape : tuple, optional
        Static shape pattern (None entries are dynamic); by default every size
        is dynamic, so that ``set_value`` may change it.
    broadcastable : tuple of bool, optional
        Theano's spelling of a pattern: True fixes a size of 1.
    dtype : optional
        Converts the value (a lossless conversion, or a Python float to
        floatX); default: the value's own dtype.
    """
    if isinstance(value, Variable):
        raise SymcTypeError(f"symc.shared takes a value, got the symbolic variable {value}")
    if dtype is None:
        arr = np.asarray(value)
        if arr.dtype.name not in dt.MLIR_ELEMENT:
            raise SymcTypeError(f"symc.shared: dtype {arr.dtype.name} is not supported; convert the value to one "
                                f"of {', '.join(dt.SUPPORTED)}")
        dtype = arr.dtype.name
        if isinstance(value, (list, tuple)) or not isinstance(value, np.ndarray):
            value = arr
    ndim = np.ndim(value)
    if shape is not None and broadcastable is not None:
        raise SymcTypeError("symc.shared: give shape or broadcastable, not both")
    if shape is None and broadcastable is None:
        shape = (None,) * ndim
    type_ = TensorType(dtype, shape=shape, broadcastable=broadcastable)
    if type_.ndim != ndim:
        raise SymcTypeError(f"symc.shared: the shape pattern {type_.shape_str()} has {type_.ndim} entries but the "
                            f"value has {ndim} dimension(s)")
    return TensorSharedVariable(type_, value, name=name, borrow=borrow)
