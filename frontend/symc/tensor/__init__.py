"""symc.tensor (``import symc.tensor as st``): symbolic tensors and the
NumPy-like expression API."""

from ..errors import SymcTypeError
from . import dtype as _dt
from . import nnet
from . import random
from .elemwise import DimShuffle, cast
from .linalg import batched_dot, dot, matmul, outer, tensordot
from .math import (abs, add, and_, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, bitwise_not, ceil,
                   clip, cos, cosh, eq, erf, erfc, exp, expm1, floor, floor_div, ge, gt, invert, isinf, isnan, le,
                   log, log1p, log2, log10, lt, maximum, minimum, mod, mul, neg, neq, or_, pow, reciprocal, round,
                   sigmoid, sign, sin, sinh, softplus, sqr, sqrt, square, sub, switch, tan, tanh, true_div, where, xor)
from .nnet import (binary_crossentropy, categorical_crossentropy, conv2d, log_softmax, max_pool_2d, pool_2d, relu,
                   softmax)
from .raise_op import Assert, CheckAndRaise, assert_op
from .reduction import all, any, argmax, argmin, logsumexp, max, mean, min, prod, std, sum, var
from .shape import (alloc, arange, broadcast_to, concatenate, dimshuffle, expand_dims, eye, fill, flatten, full,
                    full_like, ones, ones_like, reshape, shape, squeeze, stack, transpose, zeros, zeros_like)
from .sharedvar import SharedVariable, TensorSharedVariable, shared
from .subtensor import inc_subtensor, set_subtensor
from .type import TensorType
from .variable import TensorConstant, TensorVariable, as_tensor_variable, constant

as_tensor = as_tensor_variable
true_divide = true_div
divide = true_div
floor_divide = floor_div
power = pow
negative = neg
absolute = abs
logical_not = invert
greater = gt
greater_equal = ge
less = lt
less_equal = le
equal = eq
not_equal = neq


def tensor(dtype=None, shape=None, name=None, broadcastable=None):
    """A symbolic tensor input: ``st.tensor('float32', shape=(None, 1, 3))``.

    ``None`` in ``shape`` is a size known only at call time; an int is a static
    size (a static 1 broadcasts). ``dtype=None`` means ``config.floatX``.
    """
    if isinstance(dtype, (tuple, list)) and shape is None:
        raise SymcTypeError("st.tensor(dtype, shape=...): the first argument is the dtype")
    if shape is None and broadcastable is None:
        raise SymcTypeError("st.tensor needs shape= (e.g. shape=(None, 3)) or broadcastable=")
    return TensorType(dtype, shape=shape, broadcastable=broadcastable).make_variable(name)


def _maker(ndim, fixed_dtype=None, doc=None):
    def make(name=None, dtype=None, shape=None):
        if fixed_dtype is not None and dtype is not None and _dt.normalize(dtype) != fixed_dtype:
            raise SymcTypeError(f"this constructor makes {fixed_dtype} tensors; got dtype={dtype}")
        pattern = (None,) * ndim if shape is None else tuple(shape)
        if len(pattern) != ndim:
            raise SymcTypeError(f"shape {pattern} has {len(pattern)} entries, expected {ndim}")
        return TensorType(fixed_dtype or dtype, pattern).make_variable(name)

    make.__doc__ = doc or f"A symbolic {ndim}-d tensor (dtype None: floatX)."
    return make


scalar = _maker(0)
vector = _maker(1)
matrix = _maker(2)
tensor3 = _maker(3)
tensor4 = _maker(4)

_PREFIX = {"b": "int8", "w": "int16", "i": "int32", "l": "int64", "f": "float32", "d": "float64"}
for _p, _dtype in _PREFIX.items():
    for _kind, _ndim in (("scalar", 0), ("vector", 1), ("matrix", 2), ("tensor3", 3), ("tensor4", 4)):
        globals()[_p + _kind] = _maker(_ndim, _dtype, f"A symbolic {_ndim}-d {_dtype} tensor.")

del _p, _dtype, _kind, _ndim


def stop_gradient(x):
    """``x`` as a value, but a constant for ``symc.grad``: gradients do not
    flow through it (``symc.gradient.disconnected_grad``)."""
    from ..gradient.ops import disconnected_grad

    return disconnected_grad(x)


__all__ = [
    "DimShuffle", "SharedVariable", "SymcTypeError", "TensorConstant", "TensorSharedVariable", "TensorType",
    "TensorVariable", "abs", "absolute", "add", "all", "alloc", "and_", "any", "arange", "arccos", "arccosh",
    "arcsin", "arcsinh", "arctan", "arctan2", "arctanh", "argmax", "argmin", "as_tensor", "as_tensor_variable",
    "batched_dot", "binary_crossentropy", "bitwise_not", "bmatrix", "broadcast_to", "bscalar", "btensor3",
    "btensor4", "bvector", "cast", "categorical_crossentropy", "ceil", "clip", "concatenate", "constant",
    "conv2d", "cos", "cosh", "dimshuffle", "divide", "dmatrix", "dot", "dscalar", "dtensor3", "dtensor4",
    "dvector", "eq", "equal", "erf", "erfc", "exp", "expand_dims", "expm1", "eye", "fill", "flatten", "floor",
    "floor_div", "floor_divide", "fmatrix", "fscalar", "ftensor3", "ftensor4", "full", "full_like", "fvector",
    "ge", "greater", "greater_equal", "gt", "imatrix", "inc_subtensor", "invert", "iscalar", "isinf", "isnan",
    "itensor3", "itensor4", "ivector", "le", "less", "less_equal", "lmatrix", "log", "log10", "log1p", "log2",
    "log_softmax", "logical_not", "logsumexp", "lscalar", "lt", "ltensor3", "ltensor4", "lvector", "matmul",
    "matrix", "max", "max_pool_2d", "maximum", "mean", "min", "minimum", "mod", "mul", "neg", "negative", "neq",
    "nnet", "not_equal", "ones", "ones_like", "or_", "outer", "pool_2d", "pow", "power", "prod", "reciprocal",
    "relu", "reshape", "round", "scalar", "set_subtensor", "shape", "shared", "sigmoid", "sign", "sin", "sinh",
    "softmax", "softplus", "sqr", "sqrt", "square", "squeeze", "stack", "std", "stop_gradient", "sub", "sum",
    "switch", "tan", "tanh", "tensor", "tensor3", "tensor4", "tensordot", "transpose", "true_div", "true_divide", "var",
    "vector", "where", "wmatrix", "wscalar", "wtensor3", "wtensor4", "wvector", "xor", "zeros", "zeros_like"
]
