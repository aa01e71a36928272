"""Elementwise Ops, casts and DimShuffle.

Every elementwise Op takes operands of one dtype and equal rank, like the
dialect's ops; ``make_node`` gets there the way Theano and NumPy users expect:
it promotes dtypes (NumPy 2 rules, weak Python scalars), inserts Cast nodes,
and pads lower-rank operands on the left with size-1 dimensions (a
DimShuffle), then checks the static broadcast and raises SymcTypeError naming
the operands and their shapes when it is impossible.
"""

import math as _pymath

import numpy as np

from ..errors import SymcTypeError
from ..graph import structural
from ..graph.basic import Apply, Op, Variable
from . import dtype as dt
from .type import TensorType
from .variable import TensorConstant, TensorVariable, as_tensor_variable, constant, is_weak, weak_value


def describe(var):
    """A short description of a variable for error messages."""
    if var.name is not None:
        return f"'{var.name}'"
    if isinstance(var, TensorConstant):
        return f"constant {var}"
    if var.owner is not None:
        return f"the result of {type(var.owner.op).__name__} created at {var.owner.trace}"
    return "an unnamed input"


def _static_dim_str(s):
    return "?" if s is None else str(s)


# ---------------------------------------------------------------------------
# DimShuffle
# ---------------------------------------------------------------------------


class DimShuffle(Op):
    """Permutes, inserts ('x') and drops dimensions (Theano's DimShuffle).

    Output dimension i is input dimension ``pattern[i]`` or a new
    broadcastable dimension for 'x'. Input dimensions missing from the pattern
    are dropped and must have a static size of 1. Emitted as
    ``symc.dimshuffle``.
    """

    __props__ = ("pattern",)

    def __init__(self, pattern):
        norm = []
        for p in pattern:
            if p == "x":
                norm.append("x")
            elif isinstance(p, (int, np.integer)) and not isinstance(p, bool):
                norm.append(int(p))
            else:
                raise SymcTypeError(f"dimshuffle pattern entries are dimensions or 'x', got {p!r}")
        self.pattern = tuple(norm)

    def make_node(self, x):
        x = as_tensor_variable(x)
        used = set()
        shape = []
        for p in self.pattern:
            if p == "x":
                shape.append(1)
                continue
            if not 0 <= p < x.ndim:
                raise SymcTypeError(f"dimshuffle{self.pattern}: {p} is not a dimension of {describe(x)}, "
                                    f"which has {x.ndim} dimension(s)")
            if p in used:
                raise SymcTypeError(f"dimshuffle{self.pattern}: dimension {p} appears twice")
            used.add(p)
            shape.append(x.type.shape[p])
        for d in range(x.ndim):
            if d not in used and x.type.shape[d] != 1:
                raise SymcTypeError(
                    f"dimshuffle{self.pattern} drops dimension {d} of {describe(x)} (shape "
                    f"{x.type.shape_str()}), but only dimensions of static size 1 can be dropped")
        return Apply(self, [x], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        (x,) = inputs
        kept = [p for p in self.pattern if p != "x"]
        dropped = [d for d in range(x.ndim) if d not in kept]
        if dropped:
            x = x.reshape([x.shape[d] for d in range(x.ndim) if d not in dropped])
            remap = {d: i for i, d in enumerate(d for d in range(node.inputs[0].ndim) if d not in dropped)}
            kept = [remap[p] for p in kept]
        y = np.transpose(x, kept)
        shape = []
        it = iter(y.shape)
        for p in self.pattern:
            shape.append(1 if p == "x" else next(it))
        return [y.reshape(shape)]


def dimshuffle(x, pattern):
    return DimShuffle(pattern)(x)


def pad_left(x, ndim):
    """``x`` with size-1 dimensions added on the left up to ``ndim``."""
    if x.ndim == ndim:
        return x
    if isinstance(x, TensorConstant):
        # A constant is made at the padded rank directly rather than through
        # a DimShuffle node: the same value, a smaller graph. An unnamed
        # scalar is the shared one of its value (see scalar_operand).
        if x.name is None and x.data.size == 1:
            return scalar_operand(x.data.reshape(()).item(), x.dtype, ndim)
        return constant(x.data.reshape((1,) * (ndim - x.ndim) + x.data.shape), name=x.name)
    return DimShuffle(("x",) * (ndim - x.ndim) + tuple(range(x.ndim)))(x)


# ---------------------------------------------------------------------------
# Cast
# ---------------------------------------------------------------------------


class Cast(Op):
    """Converts to another dtype (NumPy's astype; float to int truncates)."""

    __props__ = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dt.normalize(dtype)

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType(self.dtype, x.type.shape)])

    def perform(self, node, inputs):
        with np.errstate(invalid="ignore", over="ignore"):
            return [np.asarray(inputs[0]).astype(self.dtype)]


class TensorCopy(Op):
    """``x`` as a new variable with the same value (Theano's ``tensor_copy``,
    ``x.copy()``); gradients pass through unchanged."""

    __props__ = ()

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type])

    def perform(self, node, inputs):
        return [np.array(inputs[0], copy=True)]

    def L_op(self, inputs, outputs, output_grads):
        return [output_grads[0]]


def cast(x, dtype):
    """``x`` converted to ``dtype`` (no node when it already has it)."""
    dtype = dt.normalize(dtype)
    if is_weak(x):
        return scalar_operand(weak_value(x), dtype, 0)
    x = as_tensor_variable(x)
    if x.dtype == dtype:
        return x
    return Cast(dtype)(x)


# ---------------------------------------------------------------------------
# Operand preparation
# ---------------------------------------------------------------------------


def promote(opname, inputs):
    """The dtype that ``inputs`` (variables, values, Python scalars) promote to."""
    strong, weak = [], []
    for x in inputs:
        if is_weak(x):
            weak.append(weak_value(x))
        elif isinstance(x, Variable):
            strong.append(x.dtype)
        else:
            strong.append(constant(x).dtype)
    try:
        return dt.result_dtype(strong, weak)
    except SymcTypeError as e:
        raise SymcTypeError(f"{opname}: {e}") from None


def to_dtype(x, dtype):
    """``x`` (variable, value or Python scalar) as a variable of ``dtype``."""
    if is_weak(x):
        return scalar_operand(weak_value(x), dtype, 0)
    if not isinstance(x, Variable):
        x = constant(x)
        if x.dtype != dtype:
            with np.errstate(invalid="ignore", over="ignore"):
                return constant(x.data.astype(dtype))
        return x
    return cast(x, dtype)


def broadcast_shape(opname, operands, originals=None):
    """The broadcast static shape of equal-rank ``operands`` (Theano's rule:
    only static 1 broadcasts); raises SymcTypeError naming the operands."""
    originals = originals or operands
    ndim = operands[0].ndim
    shape = []
    for d in range(ndim):
        size, owner, dynamic = 1, None, False
        for i, v in enumerate(operands):
            s = v.type.shape[d]
            if s is None:
                dynamic = True
            elif s != 1:
                if size != 1 and s != size:
                    a, b = originals[owner], originals[i]
                    back = ndim - d
                    raise SymcTypeError(
                        f"{opname}: cannot broadcast {describe(a)} of shape {a.type.shape_str()} with "
                        f"{describe(b)} of shape {b.type.shape_str()}: sizes {size} and {s} differ in "
                        f"dimension {-back} (counted from the right), and only dimensions of static size 1 "
                        "broadcast")
                size, owner = s, i
        shape.append(size if size != 1 else (None if dynamic else 1))
    return tuple(shape)


# Python scalars as operands, by (kind, value, dtype, rank): see scalar_operand.
_SCALAR_OPERANDS = {}
_NOT_HASHED = float("inf")  # the _since of a constant no node has used yet


def scalar_operand(value, dtype, ndim):
    """The constant that the Python scalar ``value`` (a weak operand, an
    unnamed one-element constant padded to a rank, or a constant of a
    gradient rule) becomes as an operand of ``dtype`` at rank ``ndim``.

    One object per (value, dtype, rank), shared by every node that uses it:
    constants are immutable, and a deep chain of ``x * 1.01`` then neither
    builds and hashes two constants a step nor emits one ``symc.constant``
    per step. A cached constant hashed before a rename made the structural
    hashes stale (``structural.stale_before``) is replaced, so that sharing
    it does not cost later graphs their disk-cache key."""
    # Floats by their bits: -0.0 == 0.0, and a NaN equals nothing.
    key = (type(value), value.hex() if isinstance(value, float) else value, dtype, ndim)
    c = _SCALAR_OPERANDS.get(key)
    if c is None or c.__dict__.get("_since", _NOT_HASHED) <= structural.stale_before:
        dt.check_fits(value, dtype)
        c = constant(value, dtype=dtype, ndim=ndim)
        if len(_SCALAR_OPERANDS) > 4096:
            _SCALAR_OPERANDS.clear()
        _SCALAR_OPERANDS[key] = c
    return c


def elementwise_operands(opname, inputs, dtype):
    """Converts ``inputs`` to ``dtype``, pads them to a common rank and checks
    the broadcast. Returns (operands, output shape)."""
    vars_ = [to_dtype(x, dtype) for x in inputs]
    ndim = max(v.ndim for v in vars_)
    padded = [pad_left(v, ndim) for v in vars_]
    return padded, broadcast_shape(opname, padded, vars_)


# ---------------------------------------------------------------------------
# Elementwise Ops
# ---------------------------------------------------------------------------

# Exact classes only: a subclass may carry more than its type says.
_TENSOR_VARIABLES = frozenset((TensorVariable,))

NUMERIC = dt.INTS + dt.FLOATS
INTBOOL = dt.INTS + ("bool",)
ANY = dt.SUPPORTED


class Elemwise(Op):
    """Base of the elementwise Ops: ``mnemonic`` is the symc op, ``accepts``
    the dtypes its operands may have, ``out_bool`` whether the result is
    bool, ``impl`` the NumPy reference."""

    nin = 1
    mnemonic = None
    accepts = NUMERIC
    out_bool = False
    impl = None

    def make_node(self, *inputs):
        # The common case first (every step of a deep chain, most gradient
        # nodes): operands that are all strong tensors of one type have
        # nothing to promote, cast, pad or broadcast.
        first = inputs[0] if len(inputs) == self.nin else None
        if type(first) in _TENSOR_VARIABLES:
            t = first.type
            if type(t) is TensorType and t.dtype in self.accepts:
                for x in inputs:
                    if type(x) not in _TENSOR_VARIABLES or (x.type is not t and x.type != t):
                        break
                else:
                    return Apply(self, inputs, [TensorType("bool", t.shape) if self.out_bool else t])
        return self.promoting_node(inputs)

    def promoting_node(self, inputs):
        """The node by the general rule: promoted dtype, casts, rank padding,
        broadcast check (``make_node`` skips it for operands of one type)."""
        name = type(self).__name__
        if len(inputs) != self.nin:
            raise SymcTypeError(f"{name} takes {self.nin} operand(s), got {len(inputs)}")
        dtype = promote(name, inputs)
        if dtype not in self.accepts:
            raise SymcTypeError(f"{name} ({self.mnemonic}) is not defined for {dtype} operands; it accepts "
                                f"{', '.join(self.accepts)}")
        operands, shape = elementwise_operands(name, inputs, dtype)
        return Apply(self, operands, [TensorType("bool" if self.out_bool else dtype, shape)])

    def perform(self, node, inputs):
        with np.errstate(all="ignore"):
            out = type(self).impl(*inputs)
        return [np.asarray(out, dtype=node.outputs[0].dtype)]


_INSTANCES = {}


def instance(cls):
    """The one instance of the elementwise Op class ``cls`` (they have no
    parameters): nodes share it, as Theano's ``tensor.add`` is one object,
    rather than each holding one more object for the collector to walk."""
    op = _INSTANCES.get(cls)
    if op is None:
        op = _INSTANCES[cls] = cls()
    return op


def _define(name, mnemonic, nin, accepts, impl, out_bool=False, doc=None):
    cls = type(name, (Elemwise,), {
        "nin": nin, "mnemonic": mnemonic, "accepts": accepts, "out_bool": out_bool,
        "impl": staticmethod(impl),
        "__doc__": doc or f"Elementwise ``symc.{mnemonic}``.",
        "__module__": __name__,
    })
    globals()[name] = cls
    ELEMWISE_CLASSES.append(cls)
    return cls


ELEMWISE_CLASSES = []


def _vectorize(fn):
    vec = np.vectorize(fn, otypes=[np.float64])
    return lambda x: vec(x).astype(x.dtype) if x.size else x.copy()


try:  # SciPy is optional: the reference implementations fall back to math.erf.
    from scipy import special as _special

    _erf, _erfc = _special.erf, _special.erfc
except ImportError:  # pragma: no cover - depends on the environment
    _erf, _erfc = _vectorize(_pymath.erf), _vectorize(_pymath.erfc)


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _int_div(a, b, op):
    if a.dtype.kind in "iu":
        safe = np.where(b == 0, 1, b)
        return np.where(b == 0, 0, op(a, safe))
    return op(a, b)


def _int_pow(a, b):
    if a.dtype.kind not in "iu":
        return np.power(a, b)
    neg = b < 0
    r = np.power(a, np.where(neg, 0, b))
    inv = np.where(a == 1, 1, np.where(a == -1, np.where(b % 2 == 0, 1, -1), 0))
    return np.where(neg, inv, r)


def _bce(p, t):
    return -(t * np.log(p) + (1 - t) * np.log1p(-p))


FLOAT = dt.FLOATS

# Unary numeric ops.
_define("Neg", "neg", 1, NUMERIC, np.negative)
_define("Abs", "abs", 1, NUMERIC, np.abs)
_define("Sign", "sign", 1, NUMERIC, np.sign)
_define("Sqr", "sqr", 1, NUMERIC, np.square)
# Unary float ops.
for _name, _mn, _impl in [
    ("Exp", "exp", np.exp), ("Expm1", "expm1", np.expm1), ("Log", "log", np.log), ("Log1p", "log1p", np.log1p),
    ("Log2", "log2", np.log2), ("Log10", "log10", np.log10), ("Sqrt", "sqrt", np.sqrt),
    ("Reciprocal", "reciprocal", np.reciprocal), ("Floor", "floor", np.floor), ("Ceil", "ceil", np.ceil),
    ("Round", "round", np.round), ("Sin", "sin", np.sin), ("Cos", "cos", np.cos), ("Tan", "tan", np.tan),
    ("Arcsin", "asin", np.arcsin), ("Arccos", "acos", np.arccos), ("Arctan", "atan", np.arctan),
    ("Sinh", "sinh", np.sinh), ("Cosh", "cosh", np.cosh), ("Tanh", "tanh", np.tanh),
    ("Arcsinh", "asinh", np.arcsinh), ("Arccosh", "acosh", np.arccosh), ("Arctanh", "atanh", np.arctanh),
    ("Erf", "erf", _erf), ("Erfc", "erfc", _erfc), ("Sigmoid", "sigmoid", _sigmoid),
    ("Softplus", "softplus", lambda x: np.logaddexp(0, x)),
]:
    _define(_name, _mn, 1, FLOAT, _impl)
# Predicates and bitwise not.
_define("IsNan", "isnan", 1, NUMERIC, np.isnan, out_bool=True)
_define("IsInf", "isinf", 1, NUMERIC, np.isinf, out_bool=True)
_define("Invert", "not", 1, INTBOOL, np.invert)
# Binary arithmetic.
_define("Add", "add", 2, NUMERIC, np.add)
_define("Sub", "sub", 2, NUMERIC, np.subtract)
_define("Mul", "mul", 2, NUMERIC, np.multiply)
_define("TrueDiv", "div", 2, FLOAT, np.true_divide)
_define("FloorDiv", "floordiv", 2, NUMERIC, lambda a, b: _int_div(a, b, np.floor_divide))
_define("Mod", "mod", 2, NUMERIC, lambda a, b: _int_div(a, b, np.mod))
_define("Pow", "pow", 2, NUMERIC, _int_pow)
_define("Maximum", "maximum", 2, NUMERIC, np.maximum)
_define("Minimum", "minimum", 2, NUMERIC, np.minimum)
_define("Arctan2", "atan2", 2, FLOAT, np.arctan2)
_define("And", "and", 2, INTBOOL, np.bitwise_and)
_define("Or", "or", 2, INTBOOL, np.bitwise_or)
_define("Xor", "xor", 2, INTBOOL, np.bitwise_xor)
_define("BinaryCrossentropy", "binary_crossentropy", 2, FLOAT, _bce,
        doc="-(t log p + (1 - t) log(1 - p)) for a probability p and a target t (``symc.binary_crossentropy``).")
_define("TanhGrad", "tanh_grad", 2, FLOAT, lambda y, g: g * (1 - y * y),
        doc="``g * (1 - y * y)``, the gradient of ``y = tanh(x)`` from its output (``symc.tanh_grad``): "
            "symc.grad builds one of these where the expression would take three nodes.")
# Comparisons.
_define("Eq", "eq", 2, ANY, np.equal, out_bool=True)
_define("Neq", "ne", 2, ANY, np.not_equal, out_bool=True)
_define("Lt", "lt", 2, ANY, np.less, out_bool=True)
_define("Le", "le", 2, ANY, np.less_equal, out_bool=True)
_define("Gt", "gt", 2, ANY, np.greater, out_bool=True)
_define("Ge", "ge", 2, ANY, np.greater_equal, out_bool=True)


class Switch(Op):
    """Elementwise ``cond ? a : b`` (Theano's switch, ``symc.select``).

    The condition must be bool; the branches promote to one dtype; all three
    broadcast together.
    """

    __props__ = ()
    mnemonic = "switch"

    def make_node(self, cond, a, b):
        cond = as_tensor_variable(cond)
        if cond.dtype != "bool":
            raise SymcTypeError(f"Switch: the condition must be bool, got {cond.dtype} ({describe(cond)}); "
                                "st.switch converts it with cond != 0")
        dtype = promote("Switch", [a, b])
        branches = [to_dtype(a, dtype), to_dtype(b, dtype)]
        vars_ = [cond] + branches
        ndim = max(v.ndim for v in vars_)
        padded = [pad_left(v, ndim) for v in vars_]
        shape = broadcast_shape("switch", padded, vars_)
        return Apply(self, padded, [TensorType(dtype, shape)])

    def perform(self, node, inputs):
        return [np.asarray(np.where(*inputs), dtype=node.outputs[0].dtype)]


class Clip(Op):
    """Elementwise ``minimum(maximum(x, low), high)`` (``symc.clip``)."""

    __props__ = ()
    mnemonic = "clip"

    def make_node(self, x, low, high):
        dtype = promote("clip", [x, low, high])
        if dtype not in NUMERIC:
            raise SymcTypeError(f"clip is not defined for {dtype} operands")
        operands, shape = elementwise_operands("clip", [x, low, high], dtype)
        return Apply(self, operands, [TensorType(dtype, shape)])

    def perform(self, node, inputs):
        x, lo, hi = inputs
        return [np.asarray(np.minimum(np.maximum(x, lo), hi), dtype=node.outputs[0].dtype)]


# ---------------------------------------------------------------------------
# Gradients
# ---------------------------------------------------------------------------
#
# ``symc.grad`` calls ``op.L_op(inputs, outputs, output_grads)``, which returns
# one gradient per input (None for an input the output does not depend on
# differentiably). Each elementwise class has a ``grad_rule(inputs, out, gz)``
# giving the gradients at the broadcast shape of the output; ``Elemwise.L_op``
# then sums each one over the dimensions its input was broadcast along. Rules
# are written so that they stay finite wherever the forward value is finite
# (softplus' = sigmoid, sigmoid' = sigmoid(x) * sigmoid(-x), ...).


class _Lazy:
    """A sibling module imported on first use (the math functions the rules
    are written with import this module)."""

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attr):
        if self._module is None:
            import importlib

            self._module = importlib.import_module(self._name, __package__)
        return getattr(self._module, attr)


_m = _Lazy(".math")
_red = _Lazy(".reduction")
_shape = _Lazy(".shape")


def sum_to_type(g, type_):
    """``g`` summed (keeping the dimensions) over the dimensions where
    ``type_`` has a static size 1 and ``g`` does not: the gradient of a value
    of ``type_`` that was broadcast to ``g``'s shape."""
    if g.type.shape == type_.shape:
        return g
    axes = tuple(d for d in range(type_.ndim) if type_.shape[d] == 1 and g.type.shape[d] != 1)
    if not axes:
        return g
    return _red.Sum(axes, keepdims=True)(g)


def zeros_like_var(x):
    """Zeros of ``x``'s type (a constant for 0-d tensors)."""
    if x.ndim == 0:
        return constant(np.zeros((), dtype=x.dtype))
    return _shape.zeros_like(x)


def _elemwise_L_op(self, inputs, outputs, output_grads):
    rule = type(self).grad_rule
    if rule is None:
        raise NotImplementedError(f"{type(self).__name__} has no gradient rule")
    grads = rule(inputs, outputs[0], output_grads[0])
    return [None if g is None or not dt.is_float(x.dtype) else sum_to_type(g, x.type)
            for x, g in zip(inputs, grads)]


def _elemwise_L_op_for(self, inputs, outputs, output_grads, wanted):
    """``L_op`` computing only the gradients of the inputs flagged in
    ``wanted`` (None for the others); symc.grad calls it when present."""
    partials = type(self).partial_rules
    if partials is None or type(self).L_op is not _elemwise_L_op:
        return self.L_op(inputs, outputs, output_grads)
    out, gz = outputs[0], output_grads[0]
    return [sum_to_type(rule(inputs, out, gz), x.type) if want and dt.is_float(x.dtype) else None
            for x, rule, want in zip(inputs, partials, wanted)]


Elemwise.grad_rule = None
Elemwise.partial_rules = None
Elemwise.L_op = _elemwise_L_op
Elemwise.L_op_for = _elemwise_L_op_for


def _k(value, like):
    """The constant ``value`` with the dtype and rank of ``like`` (rules use a
    handful of constants over and over: one object each)."""
    return scalar_operand(value, like.dtype, like.ndim)


def _zero_rule(inputs, out, gz):
    # Piecewise-constant functions: the gradient is zero almost everywhere.
    return [zeros_like_var(x) if dt.is_float(x.dtype) else None for x in inputs]


_TWO_OVER_SQRT_PI = 2.0 / _pymath.sqrt(_pymath.pi)


def _div(a, b):
    return TrueDiv()(a, b)  # noqa: F821 - defined by _define above


def _one_minus_sq(x):
    """(1 - x)(1 + x), which is 1 - x*x without its cancellation near +-1."""
    one = _k(1, x)
    return (one - x) * (one + x)


def _binary_crossentropy_rules():
    def gp(i, z, g):
        p, t = i
        one = _k(1, p)
        return g * (_div(one - t, one - p) - _div(t, p))

    def gt(i, z, g):
        p = i[0]
        return g * (_m.log1p(-p) - _m.log(p))

    return gp, gt


def _pow_rules():
    def gx(i, z, g):
        x, y = i
        return g * y * _m.pow(x, y - _k(1, y))

    def gy(i, z, g):
        # d/dy x**y = x**y log x, which is 0 (not NaN) at x = 0.
        x = i[0]
        zero = _k(0, x)
        return _m.switch(_m.eq(x, zero), zero, g * z * _m.log(x))

    return gx, gy


def _erf_weight(x):
    return _k(_TWO_OVER_SQRT_PI, x) * _m.exp(-(x * x))


def _select(cond, g):
    return Switch()(cond, g, _k(0, g))


def _select_else(cond, g):
    return Switch()(cond, _k(0, g), g)


_GRAD_RULES = {
    "Neg": lambda i, z, g: [-g],
    "Abs": lambda i, z, g: [g * _m.sign(i[0])],
    "Sign": _zero_rule,
    "Floor": _zero_rule,
    "Ceil": _zero_rule,
    "Round": _zero_rule,
    "FloorDiv": _zero_rule,
    "Sqr": lambda i, z, g: [g * (_k(2, i[0]) * i[0])],
    "Exp": lambda i, z, g: [g * z],
    "Expm1": lambda i, z, g: [g * (z + _k(1, z))],
    "Log": lambda i, z, g: [_div(g, i[0])],
    "Log1p": lambda i, z, g: [_div(g, i[0] + _k(1, i[0]))],
    "Log2": lambda i, z, g: [_div(g, i[0] * _k(_pymath.log(2.0), i[0]))],
    "Log10": lambda i, z, g: [_div(g, i[0] * _k(_pymath.log(10.0), i[0]))],
    "Sqrt": lambda i, z, g: [_div(g * _k(0.5, g), z)],
    "Reciprocal": lambda i, z, g: [-(g * z * z)],
    "Sin": lambda i, z, g: [g * _m.cos(i[0])],
    "Cos": lambda i, z, g: [-(g * _m.sin(i[0]))],
    "Tan": lambda i, z, g: [g * (_k(1, z) + z * z)],
    "Arcsin": lambda i, z, g: [_div(g, _m.sqrt(_one_minus_sq(i[0])))],
    "Arccos": lambda i, z, g: [-_div(g, _m.sqrt(_one_minus_sq(i[0])))],
    "Arctan": lambda i, z, g: [_div(g, _k(1, i[0]) + i[0] * i[0])],
    "Sinh": lambda i, z, g: [g * _m.cosh(i[0])],
    "Cosh": lambda i, z, g: [g * _m.sinh(i[0])],
    "Tanh": lambda i, z, g: [TanhGrad()(z, g)],  # noqa: F821
    # cosh(arcsinh(x)) = sqrt(x*x + 1), without the overflow of x*x.
    "Arcsinh": lambda i, z, g: [_div(g, _m.cosh(z))],
    "Arccosh": lambda i, z, g: [_div(g, _m.sqrt(i[0] - _k(1, i[0])) * _m.sqrt(i[0] + _k(1, i[0])))],
    "Arctanh": lambda i, z, g: [_div(g, _one_minus_sq(i[0]))],
    "Erf": lambda i, z, g: [g * _erf_weight(i[0])],
    "Erfc": lambda i, z, g: [-(g * _erf_weight(i[0]))],
    # sigmoid(x) * sigmoid(-x) is sigmoid' without the cancellation of 1 - sigmoid(x).
    "Sigmoid": lambda i, z, g: [g * z * _m.sigmoid(-i[0])],
    "Softplus": lambda i, z, g: [g * _m.sigmoid(i[0])],
}

# The ops with several inputs have one rule per input, so that symc.grad builds
# only the gradients it needs: in ``x * 1.01`` along a chain, not the one of
# the constant 1.01 (a product and a sum per step, then dropped).
_PARTIAL_RULES = {
    "Add": (lambda i, z, g: g, lambda i, z, g: g),
    "Sub": (lambda i, z, g: g, lambda i, z, g: -g),
    "Mul": (lambda i, z, g: g * i[1], lambda i, z, g: g * i[0]),
    "TrueDiv": (lambda i, z, g: _div(g, i[1]), lambda i, z, g: -_div(g * z, i[1])),
    "Mod": (lambda i, z, g: g, lambda i, z, g: -(g * _m.floor_div(i[0], i[1]))),
    "Pow": _pow_rules(),
    # At ties the first operand gets the gradient (relu'(0) = 1, as in Theano).
    "Maximum": (lambda i, z, g: _select(_m.ge(i[0], i[1]), g), lambda i, z, g: _select(_m.lt(i[0], i[1]), g)),
    "Minimum": (lambda i, z, g: _select(_m.le(i[0], i[1]), g), lambda i, z, g: _select(_m.gt(i[0], i[1]), g)),
    "Arctan2": (lambda i, z, g: _div(g * i[1], i[0] * i[0] + i[1] * i[1]),
                lambda i, z, g: -_div(g * i[0], i[0] * i[0] + i[1] * i[1])),
    "BinaryCrossentropy": _binary_crossentropy_rules(),
    # d/dy g(1 - y^2) = -2yg; d/dg g(1 - y^2) = 1 - y^2.
    "TanhGrad": (lambda i, z, g: -(g * i[1] * (_k(2, i[0]) * i[0])), lambda i, z, g: TanhGrad()(i[0], g)),  # noqa: F821
}


def _all_partials(partials):
    return lambda i, z, g: [rule(i, z, g) for rule in partials]


for _name, _rule in _GRAD_RULES.items():
    globals()[_name].grad_rule = staticmethod(_rule)
for _name, _partials in _PARTIAL_RULES.items():
    globals()[_name].partial_rules = _partials
    globals()[_name].grad_rule = staticmethod(_all_partials(_partials))
del _name, _rule, _partials


def _log_fused_L_op(self, node, output_grads, bypassable):
    """log(softmax(x)) and log(sigmoid(x)) differentiated as one function, so
    that the gradient stays finite where softmax or sigmoid underflow to 0:
    d log softmax = g - softmax * sum(g), d log sigmoid = g * sigmoid(-x)."""
    from .nnet import Softmax

    (p,), (g,) = node.inputs, output_grads
    inner = p.owner
    if inner is None or not isinstance(inner.op, (Softmax, Sigmoid)) or not bypassable(p):  # noqa: F821
        return None
    (x,) = inner.inputs
    if isinstance(inner.op, Softmax):
        return {x: g - p * _red.sum(g, axis=inner.op.axis, keepdims=True)}
    if isinstance(inner.op, Sigmoid):  # noqa: F821 - defined by _define above
        return {x: g * _m.sigmoid(-x)}
    return None


def _bce_fused_L_op(self, node, output_grads, bypassable):
    """binary_crossentropy(sigmoid(x), t) differentiated as one function:
    d/dx = sigmoid(x) - t and d/dt = -x, finite for any x."""
    (p, t), (g,) = node.inputs, output_grads
    inner = p.owner
    if inner is None or not isinstance(inner.op, Sigmoid) or not bypassable(p):  # noqa: F821
        return None
    (x,) = inner.inputs
    return {x: sum_to_type(g * (p - t), x.type), t: sum_to_type(-(g * x), t.type)}


Log.fused_L_op = _log_fused_L_op  # noqa: F821
BinaryCrossentropy.fused_L_op = _bce_fused_L_op  # noqa: F821


def _dimshuffle_L_op(self, inputs, outputs, output_grads):
    (x,), (g,) = inputs, output_grads
    if not dt.is_float(x.dtype):
        return [None]
    # Inverse shuffle: the inserted ('x') dimensions are dropped, the dropped
    # (size-1) input dimensions come back.
    pattern = [self.pattern.index(d) if d in self.pattern else "x" for d in range(x.ndim)]
    return [DimShuffle(pattern)(g)]


DimShuffle.L_op = _dimshuffle_L_op


def _cast_L_op(self, inputs, outputs, output_grads):
    (x,), (g,) = inputs, output_grads
    # Integer and bool inputs get no gradient; float to float passes it.
    return [cast(g, x.dtype) if dt.is_float(x.dtype) else None]


Cast.L_op = _cast_L_op


def _switch_L_op(self, inputs, outputs, output_grads):
    c, a, b = inputs
    (g,) = output_grads
    ga = sum_to_type(_select(c, g), a.type) if dt.is_float(a.dtype) else None
    gb = sum_to_type(_select_else(c, g), b.type) if dt.is_float(b.dtype) else None
    return [None, ga, gb]


Switch.L_op = _switch_L_op


def _clip_L_op(self, inputs, outputs, output_grads):
    x, lo, hi = inputs
    (g,) = output_grads
    if not dt.is_float(x.dtype):
        return [None, None, None]
    m = _m
    gx = _select(m.and_(m.ge(x, lo), m.le(x, hi)), g)
    glo = _select(m.lt(x, lo), g)
    ghi = _select(m.gt(x, hi), g)
    return [sum_to_type(gx, x.type), sum_to_type(glo, lo.type), sum_to_type(ghi, hi.type)]


Clip.L_op = _clip_L_op
