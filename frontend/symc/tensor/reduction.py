"""Reductions: sum, prod, mean, var, std, max, min, argmax, argmin, all, any,
logsumexp, with ``axis=None|int|tuple`` and ``keepdims``.

Accumulation dtypes follow NumPy: sums and products of bool and integer
tensors are int64 (uint8 too: symc has no uint64), means are computed in
floatX for integer inputs. The casts are explicit Cast nodes in the graph.
"""

import builtins

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op, Variable
from . import dtype as dt
from . import math as m
from .elemwise import DimShuffle, cast, describe
from .type import TensorType
from .variable import as_tensor_variable


def normalize_axes(axis, ndim, opname="reduction"):
    """``axis`` (None, an int or a tuple of ints, negatives allowed) as a sorted
    tuple of distinct dimensions."""
    if axis is None:
        return tuple(range(ndim))
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for a in axes:
        if isinstance(a, Variable) or not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise SymcTypeError(f"{opname}: axis must be None, an int or a tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            raise SymcTypeError(f"{opname}: axis {a} is out of range for a tensor with {ndim} dimension(s)")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise SymcTypeError(f"{opname}: repeated axis in {axis!r}")
    return tuple(sorted(out))


def reduced_shape(shape, axes, keepdims):
    return tuple((1 if keepdims else None) if d in axes else s for d, s in enumerate(shape)
                 if keepdims or d not in axes)


class Reduce(Op):
    """Reduction along sorted ``axes`` (``symc.reduce_*`` / ``symc.logsumexp``)."""

    __props__ = ("axes", "keepdims")
    mnemonic = None
    accepts = dt.INTS + dt.FLOATS
    impl = None

    def __init__(self, axes, keepdims=False):
        self.axes = tuple(int(a) for a in axes)
        self.keepdims = bool(keepdims)
        if list(self.axes) != sorted(set(self.axes)):
            raise SymcTypeError(f"{type(self).__name__}: axes must be sorted and distinct, got {self.axes}")

    def make_node(self, x):
        x = as_tensor_variable(x)
        name = type(self).__name__
        if x.dtype not in self.accepts:
            raise SymcTypeError(f"{name} is not defined for {x.dtype} tensors ({describe(x)}); it accepts "
                                f"{', '.join(self.accepts)}")
        for a in self.axes:
            if not 0 <= a < x.ndim:
                raise SymcTypeError(f"{name}: axis {a} is out of range for {describe(x)} with {x.ndim} dimension(s)")
        return Apply(self, [x], [TensorType(x.dtype, reduced_shape(x.type.shape, self.axes, self.keepdims))])

    def perform(self, node, inputs):
        (x,) = inputs
        with np.errstate(all="ignore"):
            out = type(self).impl(x, axis=self.axes, keepdims=self.keepdims)
        return [np.asarray(out, dtype=node.outputs[0].dtype)]


def _empty_checked(fn, what):
    def impl(x, axis, keepdims):
        if builtins.any(x.shape[a] == 0 for a in axis):
            raise ValueError(f"{what} of an empty axis")
        return fn(x, axis=axis, keepdims=keepdims)

    return impl


def _logsumexp(x, axis, keepdims):
    if x.size == 0 or not axis:
        with np.errstate(divide="ignore"):
            return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))
    mx = np.max(x, axis=axis, keepdims=True)
    mx = np.where(np.isfinite(mx), mx, 0)
    out = np.log(np.sum(np.exp(x - mx), axis=axis, keepdims=True)) + mx
    return out if keepdims else np.squeeze(out, axis=axis)


class Sum(Reduce):
    mnemonic = "reduce_sum"
    impl = staticmethod(np.sum)


class Prod(Reduce):
    mnemonic = "reduce_prod"
    impl = staticmethod(np.prod)


class Max(Reduce):
    mnemonic = "reduce_max"
    impl = staticmethod(_empty_checked(np.max, "max"))


class Min(Reduce):
    mnemonic = "reduce_min"
    impl = staticmethod(_empty_checked(np.min, "min"))


class Mean(Reduce):
    mnemonic = "reduce_mean"
    accepts = dt.FLOATS
    impl = staticmethod(np.mean)


class All(Reduce):
    mnemonic = "reduce_all"
    accepts = ("bool",)
    impl = staticmethod(np.all)


class Any(Reduce):
    mnemonic = "reduce_any"
    accepts = ("bool",)
    impl = staticmethod(np.any)


class LogSumExp(Reduce):
    mnemonic = "logsumexp"
    accepts = dt.FLOATS
    impl = staticmethod(_logsumexp)


REDUCE_CLASSES = [Sum, Prod, Max, Min, Mean, All, Any, LogSumExp]


class ArgReduce(Op):
    """Index (int64) of the first extreme along one axis (``symc.argmax`` /
    ``symc.argmin``)."""

    __props__ = ("axis", "keepdims")
    mnemonic = None

    def __init__(self, axis, keepdims=False):
        self.axis = int(axis)
        self.keepdims = bool(keepdims)

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.dtype not in dt.INTS + dt.FLOATS:
            raise SymcTypeError(f"{type(self).__name__} is not defined for {x.dtype} tensors")
        if not 0 <= self.axis < x.ndim:
            raise SymcTypeError(f"{type(self).__name__}: axis {self.axis} is out of range for {describe(x)} "
                                f"with {x.ndim} dimension(s)")
        shape = reduced_shape(x.type.shape, (self.axis,), self.keepdims)
        return Apply(self, [x], [TensorType("int64", shape)])

    def perform(self, node, inputs):
        (x,) = inputs
        if x.shape[self.axis] == 0:
            raise ValueError(f"{self.mnemonic} of an empty axis")
        fn = np.argmax if self.mnemonic == "argmax" else np.argmin
        return [np.asarray(fn(x, axis=self.axis, keepdims=self.keepdims), dtype=np.int64)]


class Argmax(ArgReduce):
    mnemonic = "argmax"


class Argmin(ArgReduce):
    mnemonic = "argmin"


# ---------------------------------------------------------------------------
# User functions
# ---------------------------------------------------------------------------


def _accumulation_dtype(x_dtype, dtype):
    if dtype is not None:
        return dt.normalize(dtype)
    if x_dtype == "bool" or dt.is_int(x_dtype):
        return "int64"
    return x_dtype


def sum(x, axis=None, keepdims=False, dtype=None):
    """Sum along ``axis`` (bool and integer tensors accumulate in int64)."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "sum")
    x = cast(x, _accumulation_dtype(x.dtype, dtype))
    if x.dtype == "bool":
        raise SymcTypeError("sum with dtype=bool is not supported; use any()")
    return Sum(axes, keepdims)(x)


def prod(x, axis=None, keepdims=False, dtype=None):
    """Product along ``axis`` (bool and integer tensors accumulate in int64)."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "prod")
    x = cast(x, _accumulation_dtype(x.dtype, dtype))
    if x.dtype == "bool":
        raise SymcTypeError("prod with dtype=bool is not supported; use all()")
    return Prod(axes, keepdims)(x)


def mean(x, axis=None, keepdims=False, dtype=None):
    """Arithmetic mean along ``axis`` (integer tensors in floatX)."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "mean")
    target = dt.normalize(dtype) if dtype is not None else dt.as_float(x.dtype)
    if not dt.is_float(target):
        raise SymcTypeError(f"mean computes in a float dtype, got dtype={dtype}")
    return Mean(axes, keepdims)(cast(x, target))


def _count(x, axes):
    """The number of elements along ``axes`` as a float scalar of x's dtype."""
    static = [x.type.shape[a] for a in axes]
    if builtins.all(s is not None for s in static):
        from .variable import constant

        return constant(np.asarray(int(np.prod(static, dtype=np.int64)) if axes else 1, dtype=x.dtype))
    from .shape import shape

    dims = shape(x)
    n = dims[axes[0]]
    for a in axes[1:]:
        n = n * dims[a]
    return cast(n, x.dtype)


def var(x, axis=None, keepdims=False, ddof=0):
    """Variance along ``axis``: mean((x - mean(x))**2) * n / (n - ddof)."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "var")
    x = cast(x, dt.as_float(x.dtype))
    centered = x - mean(x, axis=axes, keepdims=True)
    sq = m.sqr(centered)
    if ddof == 0:
        return mean(sq, axis=axes, keepdims=keepdims)
    return sum(sq, axis=axes, keepdims=keepdims) / (_count(x, axes) - ddof)


def std(x, axis=None, keepdims=False, ddof=0):
    """Standard deviation: sqrt(var)."""
    return m.sqrt(var(x, axis=axis, keepdims=keepdims, ddof=ddof))


def max(x, axis=None, keepdims=False):
    """Maximum along ``axis`` (NaN propagates; an empty axis is a run-time
    error). Bool tensors reduce with ``any``."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "max")
    return (Any if x.dtype == "bool" else Max)(axes, keepdims)(x)


def min(x, axis=None, keepdims=False):
    """Minimum along ``axis``. Bool tensors reduce with ``all``."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "min")
    return (All if x.dtype == "bool" else Min)(axes, keepdims)(x)


def _as_bool(x):
    return x if x.dtype == "bool" else m.neq(x, 0)


def all(x, axis=None, keepdims=False):
    """Logical and along ``axis`` (non-bool tensors: x != 0)."""
    x = as_tensor_variable(x)
    return All(normalize_axes(axis, x.ndim, "all"), keepdims)(_as_bool(x))


def any(x, axis=None, keepdims=False):
    """Logical or along ``axis`` (non-bool tensors: x != 0)."""
    x = as_tensor_variable(x)
    return Any(normalize_axes(axis, x.ndim, "any"), keepdims)(_as_bool(x))


def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) along ``axis``, computed without overflow."""
    x = as_tensor_variable(x)
    axes = normalize_axes(axis, x.ndim, "logsumexp")
    return LogSumExp(axes, keepdims)(cast(x, dt.as_float(x.dtype)))


def _arg_reduce(cls, x, axis, keepdims):
    from .shape import reshape, transpose

    x = as_tensor_variable(x)
    if x.dtype == "bool":
        x = cast(x, "int8")
    name = cls.mnemonic
    if x.ndim == 0:
        x = DimShuffle(("x",))(x)
        return cls(0, False)(x)
    if axis is not None and not isinstance(axis, (tuple, list)):
        return cls(normalize_axes(axis, x.ndim, name)[0], keepdims)(x)
    axes = normalize_axes(axis, x.ndim, name)
    if len(axes) == 1:
        return cls(axes[0], keepdims)(x)
    kept = [d for d in range(x.ndim) if d not in axes]
    # Move the reduced axes last and merge them; the index is then the
    # position in the row-major order of the reduced axes, as in Theano.
    moved = transpose(x, kept + list(axes))
    dims = x.shape
    merged = reshape(moved, [dims[d] for d in kept] + [-1])
    out = cls(len(kept), False)(merged)
    if keepdims:
        pattern, src = [], iter(range(len(kept)))
        for d in range(x.ndim):
            pattern.append("x" if d in axes else next(src))
        out = DimShuffle(pattern)(out)
    return out


def argmax(x, axis=None, keepdims=False):
    """Index of the first maximum along ``axis`` (int64). With several axes (or
    None) the index counts in row-major order over those axes."""
    return _arg_reduce(Argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """Index of the first minimum along ``axis`` (int64)."""
    return _arg_reduce(Argmin, x, axis, keepdims)


# ---------------------------------------------------------------------------
# Gradients (see symc.gradient; ``L_op`` returns one gradient per input)
# ---------------------------------------------------------------------------


def _keep_reduced(self, v, ndim):
    """``v`` (a reduction result) with the reduced axes as size-1 dimensions."""
    if self.keepdims:
        return v
    pattern, src = [], iter(range(v.ndim))
    for d in range(ndim):
        pattern.append("x" if d in self.axes else next(src))
    return DimShuffle(pattern)(v)


def _spread(g, x):
    """``g`` (with the reduced axes kept) broadcast to the shape of ``x``."""
    from .shape import broadcast_to, shape

    return broadcast_to(g, shape(x))


def _sum_L_op(self, inputs, outputs, output_grads):
    (x,), (g,) = inputs, output_grads
    if not dt.is_float(x.dtype):
        return [None]
    return [_spread(_keep_reduced(self, g, x.ndim), x)]


def _mean_L_op(self, inputs, outputs, output_grads):
    (x,), (g,) = inputs, output_grads
    return [_spread(m.true_div(_keep_reduced(self, g, x.ndim), _count(x, self.axes)), x)]


def _prod_L_op(self, inputs, outputs, output_grads):
    """Theano's gradient of prod, exact with zeros: where a group has no zero,
    d prod / d x_i = prod / x_i; where it has exactly one, only the zero gets
    the product of the others; with two or more zeros the gradient is 0."""
    (x,), (g,) = inputs, output_grads
    if not dt.is_float(x.dtype):
        return [None]
    g = _keep_reduced(self, g, x.ndim)
    is_zero = m.eq(x, 0)
    n_zeros = Sum(self.axes, keepdims=True)(cast(is_zero, "int64"))
    nonzero = m.switch(is_zero, 1, x)
    prod_nonzero = Prod(self.axes, keepdims=True)(nonzero)
    no_zero = m.true_div(g * prod_nonzero, nonzero)
    one_zero = m.switch(is_zero, g * prod_nonzero, 0)
    gx = m.switch(m.eq(n_zeros, 0), no_zero, m.switch(m.eq(n_zeros, 1), one_zero, 0))
    return [_spread(gx, x)]


def _extreme_L_op(self, inputs, outputs, output_grads):
    """Theano's gradient of max/min: every position equal to the extreme gets
    the gradient."""
    (x,), (out,), (g,) = inputs, outputs, output_grads
    if not dt.is_float(x.dtype):
        return [None]
    gx = m.switch(m.eq(x, _keep_reduced(self, out, x.ndim)), _keep_reduced(self, g, x.ndim), 0)
    return [_spread(gx, x)]


def _logsumexp_L_op(self, inputs, outputs, output_grads):
    (x,), (out,), (g,) = inputs, outputs, output_grads
    # exp(x - logsumexp(x)) is softmax(x): at most 1, it cannot overflow.
    weights = m.exp(x - _keep_reduced(self, out, x.ndim))
    return [_spread(_keep_reduced(self, g, x.ndim) * weights, x)]


Sum.L_op = _sum_L_op
Mean.L_op = _mean_L_op
Prod.L_op = _prod_L_op
Max.L_op = _extreme_L_op
Min.L_op = _extreme_L_op
LogSumExp.L_op = _logsumexp_L_op
