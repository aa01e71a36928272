"""The Ops of random draws. Each takes the generator state (an int64
vector of 3: key, counter_lo, counter_hi) and returns the next state and the
sample; see :mod:`.philox` for the generator both the compiled code and
``perform`` compute."""

import numpy as np

from ...errors import SymcTypeError
from ...graph.basic import Apply, Op
from .. import dtype as dt
from ..elemwise import describe
from ..static import vector_values
from ..type import TensorType
from ..variable import as_tensor_variable
from . import philox

STATE_TYPE = TensorType("int64", (3,))


def _check_state(op, state):
    state = as_tensor_variable(state)
    if state.type.dtype != "int64" or state.type.ndim != 1 or state.type.shape[0] not in (None, 3):
        raise SymcTypeError(f"{op}: the generator state must be an int64 vector of 3 entries, got {describe(state)} "
                            f"of type {state.type}")
    return state


class RandomDraw(Op):
    """``kind`` in 'uniform' ([0, 1) floats), 'normal' (standard normal
    floats) or 'bits' (the int32 word stream): ``(state, shape) -> (next
    state, sample)``."""

    __props__ = ("kind", "dtype")
    _DTYPES = {"uniform": ("float32", "float64"), "normal": ("float32", "float64"), "bits": ("int32",)}

    def __init__(self, kind, dtype):
        if kind not in self._DTYPES:
            raise ValueError(f"unknown random draw {kind!r}")
        dtype = dt.normalize(dtype)
        if dtype not in self._DTYPES[kind]:
            raise SymcTypeError(f"random {kind} draws have dtype {' or '.join(self._DTYPES[kind])}, got {dtype}")
        self.kind = kind
        self.dtype = dtype

    def make_node(self, state, shp):
        state = _check_state(self, state)
        shp = as_tensor_variable(shp)
        if shp.ndim != 1 or shp.dtype != "int64" or shp.type.shape[0] is None:
            raise SymcTypeError(f"{self}: the size must be an int64 vector of static length, got {shp.type}")
        values = vector_values(shp)
        for v in values:
            if v is not None and v < 0:
                raise SymcTypeError(f"random {self.kind}: negative size {v} in {values}")
        return Apply(self, [state, shp], [STATE_TYPE, TensorType(self.dtype, tuple(values))])

    def perform(self, node, inputs):
        state, shp = inputs
        shape = tuple(int(v) for v in shp)
        if any(s < 0 for s in shape):
            raise ValueError(f"random_{self.kind}: negative size in {shape}")
        if self.kind == "uniform":
            sample, new = philox.uniform(state, shape, self.dtype)
        elif self.kind == "normal":
            sample, new = philox.normal(state, shape, self.dtype)
        else:
            sample, new = philox.bits(state, shape)
        # (np.asarray, not np.ascontiguousarray: that makes a scalar draw 1-d.)
        return [new, np.asarray(sample, order="C")]

    def connection_pattern(self, node):
        return [[False, False], [False, False]]

    def L_op(self, inputs, outputs, output_grads):
        return [None, None]


class RandomPermutation(Op):
    """``(state, n) -> (next state, a random permutation of 0..n-1)``."""

    __props__ = ()

    def make_node(self, state, n):
        state = _check_state(self, state)
        n = as_tensor_variable(n)
        if n.type != TensorType("int64", ()):
            raise SymcTypeError(f"{self}: n must be an int64 scalar, got {n.type}")
        static = None
        data = getattr(n, "data", None)
        if data is not None:
            static = int(data)
            if static < 0:
                raise SymcTypeError(f"permutation: negative length {static}")
        return Apply(self, [state, n], [STATE_TYPE, TensorType("int64", (static,))])

    def perform(self, node, inputs):
        perm, new = philox.permutation(inputs[0], inputs[1])
        return [new, perm]

    def connection_pattern(self, node):
        return [[False, False], [False, False]]

    def L_op(self, inputs, outputs, output_grads):
        return [None, None]
