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
from ..graph.basic import Apply, Op, Variable
from . import dtype as dt
from .type import TensorType
from .variable import TensorConstant, as_tensor_variable, constant, is_weak, weak_value


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
        # a DimShuffle node: the same value, a smaller graph.
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


def cast(x, dtype):
    """``x`` converted to ``dtype`` (no node when it already has it)."""
    dtype = dt.normalize(dtype)
    if is_weak(x):
        return constant(weak_value(x), dtype=dtype)
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
        value = weak_value(x)
        dt.check_fits(value, dtype)
        return constant(value, dtype=dtype)
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
