"""Elementwise functions of the NumPy-like API (``st.exp``, ``st.maximum``,
``x + y``, ...).

Each function applies NumPy's dtype rules before building its Op: bool
operands follow NumPy (``bool + bool`` is a logical or, ``bool ** bool`` is
int8, ``-bool`` is an error), and float-only functions compute integer and
bool operands in ``symc.config.floatX``.
"""

from ..errors import SymcTypeError
from . import dtype as dt
from . import elemwise as ew
from .elemwise import cast, promote
from .variable import TensorVariable, as_tensor_variable, is_weak


def _bool_as_int8(x):
    return x if is_weak(x) else ew.cast(x, "int8")


def _binary(cls, a, b, on_bool=None):
    """Applies the binary Op ``cls``; ``on_bool`` says what bool operands do:
    None (accepted), an Op class to use instead, 'int8' (computed in int8)
    or an error message."""
    if on_bool is None or _not_bool(a) or _not_bool(b):
        return ew.instance(cls)(a, b)
    dtype = promote(cls.__name__, [a, b])
    if dtype == "bool":
        if isinstance(on_bool, str) and on_bool == "int8":
            return ew.instance(cls)(_bool_as_int8(a), _bool_as_int8(b))
        if isinstance(on_bool, str):
            raise SymcTypeError(on_bool)
        return on_bool()(a, b)
    return ew.instance(cls)(a, b)


def _not_bool(x):
    # A strong operand of another dtype: the result is not bool (NumPy's
    # rules), so the node needs no promotion here (make_node does it).
    return type(x) is TensorVariable and x.type.dtype != "bool"


def _float_binary(cls, a, b):
    dtype = dt.as_float(promote(cls.__name__, [a, b]))
    return ew.instance(cls)(_to(a, dtype), _to(b, dtype))


def _to(x, dtype):
    return ew.to_dtype(x, dtype)


def _float_unary(cls, x):
    if type(x) is TensorVariable and x.type.dtype in dt.FLOATS:
        return ew.instance(cls)(x)
    x = as_tensor_variable(x)
    return ew.instance(cls)(cast(x, dt.as_float(x.dtype)))


# -- arithmetic ---------------------------------------------------------------


def add(a, b):
    """a + b (bool: logical or, as NumPy)."""
    return _binary(ew.Add, a, b, on_bool=ew.Or)


def sub(a, b):
    """a - b."""
    return _binary(ew.Sub, a, b, on_bool="boolean subtract is not supported (as in NumPy); use ^ or st.xor")


def mul(a, b):
    """a * b (bool: logical and, as NumPy)."""
    return _binary(ew.Mul, a, b, on_bool=ew.And)


def true_div(a, b):
    """a / b; integer operands are divided in floatX."""
    return _float_binary(ew.TrueDiv, a, b)


def floor_div(a, b):
    """a // b with Python's rounding; integer division by zero gives 0."""
    return _binary(ew.FloorDiv, a, b, on_bool="int8")


def mod(a, b):
    """a % b with the sign of b (Python semantics)."""
    return _binary(ew.Mod, a, b, on_bool="int8")


def pow(a, b):
    """a ** b."""
    return _binary(ew.Pow, a, b, on_bool="int8")


def maximum(a, b):
    """Elementwise maximum, propagating NaN."""
    return _binary(ew.Maximum, a, b, on_bool=ew.Or)


def minimum(a, b):
    """Elementwise minimum, propagating NaN."""
    return _binary(ew.Minimum, a, b, on_bool=ew.And)


def arctan2(a, b):
    return _float_binary(ew.Arctan2, a, b)


def neg(x):
    """-x."""
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        raise SymcTypeError("negation of a bool tensor is not supported (as in NumPy); use ~x or st.invert")
    return ew.Neg()(x)


def abs(x):
    """|x| (bool tensors are returned unchanged, as NumPy does)."""
    x = as_tensor_variable(x)
    return x if x.dtype == "bool" else ew.Abs()(x)


def sign(x):
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        raise SymcTypeError("sign of a bool tensor is not supported (as in NumPy)")
    return ew.Sign()(x)


def sqr(x):
    """x * x (bool tensors are squared in int8, as NumPy does)."""
    x = as_tensor_variable(x)
    return ew.Sqr()(cast(x, "int8") if x.dtype == "bool" else x)


square = sqr


def reciprocal(x):
    return _float_unary(ew.Reciprocal, x)


def _rounding(cls):
    def fn(x):
        x = as_tensor_variable(x)
        # NumPy 2 returns integer and bool operands of floor/ceil/round unchanged.
        return x if not dt.is_float(x.dtype) else ew.instance(cls)(x)

    fn.__name__ = cls.mnemonic
    fn.__doc__ = f"Elementwise {cls.mnemonic}; integer and bool operands are returned unchanged (NumPy 2)."
    return fn


floor = _rounding(ew.Floor)
ceil = _rounding(ew.Ceil)
round = _rounding(ew.Round)


def _unary_float_fn(cls):
    def fn(x):
        return _float_unary(cls, x)

    fn.__name__ = cls.__name__.lower()
    fn.__doc__ = f"Elementwise ``symc.{cls.mnemonic}``; integer and bool operands are computed in floatX."
    return fn


exp = _unary_float_fn(ew.Exp)
expm1 = _unary_float_fn(ew.Expm1)
log = _unary_float_fn(ew.Log)
log1p = _unary_float_fn(ew.Log1p)
log2 = _unary_float_fn(ew.Log2)
log10 = _unary_float_fn(ew.Log10)
sqrt = _unary_float_fn(ew.Sqrt)
sin = _unary_float_fn(ew.Sin)
cos = _unary_float_fn(ew.Cos)
tan = _unary_float_fn(ew.Tan)
arcsin = _unary_float_fn(ew.Arcsin)
arccos = _unary_float_fn(ew.Arccos)
arctan = _unary_float_fn(ew.Arctan)
sinh = _unary_float_fn(ew.Sinh)
cosh = _unary_float_fn(ew.Cosh)
tanh = _unary_float_fn(ew.Tanh)
arcsinh = _unary_float_fn(ew.Arcsinh)
arccosh = _unary_float_fn(ew.Arccosh)
arctanh = _unary_float_fn(ew.Arctanh)
erf = _unary_float_fn(ew.Erf)
erfc = _unary_float_fn(ew.Erfc)
sigmoid = _unary_float_fn(ew.Sigmoid)
softplus = _unary_float_fn(ew.Softplus)


# -- predicates and logic -----------------------------------------------------------


def isnan(x):
    x = as_tensor_variable(x)
    return ew.IsNan()(cast(x, "int8") if x.dtype == "bool" else x)


def isinf(x):
    x = as_tensor_variable(x)
    return ew.IsInf()(cast(x, "int8") if x.dtype == "bool" else x)


def _logic(cls, a, b):
    dtype = promote(cls.__name__, [a, b])
    if not (dt.is_int(dtype) or dtype == "bool"):
        raise SymcTypeError(f"{cls.mnemonic} is defined for bool and integer operands, got {dtype}")
    return ew.instance(cls)(a, b)


def and_(a, b):
    """a & b: logical and of bools, bitwise and of integers."""
    return _logic(ew.And, a, b)


def or_(a, b):
    """a | b."""
    return _logic(ew.Or, a, b)


def xor(a, b):
    """a ^ b."""
    return _logic(ew.Xor, a, b)


def invert(x):
    """~x: logical not of bools, bitwise not of integers."""
    x = as_tensor_variable(x)
    if not (dt.is_int(x.dtype) or x.dtype == "bool"):
        raise SymcTypeError(f"~ is defined for bool and integer tensors, got {x.dtype}")
    return ew.Invert()(x)


bitwise_not = invert


def lt(a, b):
    return _binary(ew.Lt, a, b)


def le(a, b):
    return _binary(ew.Le, a, b)


def gt(a, b):
    return _binary(ew.Gt, a, b)


def ge(a, b):
    return _binary(ew.Ge, a, b)


def eq(a, b):
    """Elementwise a == b (the ``==`` operator keeps Python's identity meaning)."""
    return _binary(ew.Eq, a, b)


def neq(a, b):
    """Elementwise a != b."""
    return _binary(ew.Neq, a, b)


# -- choices ---------------------------------------------------------------------------


def switch(cond, a, b):
    """Elementwise ``a`` where ``cond`` else ``b`` (``where``); a non-bool
    condition means ``cond != 0``."""
    cond = as_tensor_variable(cond)
    if cond.dtype != "bool":
        cond = neq(cond, 0)
    return ew.Switch()(cond, a, b)


where = switch


def tensor_copy(x, name=None):
    """A new variable holding the value of ``x`` (``x.copy()``)."""
    out = ew.TensorCopy()(x)
    out.name = name
    return out


def clip(x, low, high):
    """Elementwise ``minimum(maximum(x, low), high)``."""
    return ew.Clip()(x, low, high)
