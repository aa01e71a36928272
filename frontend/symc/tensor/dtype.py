"""dtypes: the supported set, their MLIR element types, and NumPy's promotion.

Promotion follows NumPy 2 (NEP 50): Python scalars mixed into an expression
are *weak* — they take the kind-appropriate dtype of the tensor they meet
(``int8 tensor + 1`` is int8, ``float32 tensor + 0.5`` is float32,
``int32 tensor + 0.5`` is float64) — and a Python int that does not fit the
result dtype is an error, as in NumPy. Operations that only exist on floats
(true division, exp, mean, ...) turn integer and bool operands into
``symc.config.floatX``.
"""

import numpy as np

from ..config import config
from ..errors import SymcTypeError

SUPPORTED = ("bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64")

MLIR_ELEMENT = {
    "bool": "i1", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "uint8": "ui8", "float32": "f32", "float64": "f64",
}

FLOATS = ("float32", "float64")
INTS = ("int8", "int16", "int32", "int64", "uint8")


_NORMALIZED = {name: name for name in SUPPORTED}


def normalize(dtype):
    """The canonical name of a supported dtype; ``None`` and ``'floatX'`` mean
    ``symc.config.floatX``."""
    if dtype is None or dtype == "floatX":
        return config.floatX
    try:
        return _NORMALIZED[dtype]
    except (KeyError, TypeError):
        pass
    try:
        name = np.dtype(dtype).name
    except TypeError:
        raise SymcTypeError(f"{dtype!r} is not a dtype") from None
    if name not in MLIR_ELEMENT:
        raise SymcTypeError(f"dtype {name} is not supported; symc supports {', '.join(SUPPORTED)}")
    return name


def is_float(dtype):
    return dtype in FLOATS


def is_int(dtype):
    return dtype in INTS


def is_bool(dtype):
    return dtype == "bool"


def as_float(dtype):
    """The dtype a float-only operation computes in for operands of ``dtype``."""
    return dtype if dtype in FLOATS else config.floatX


def default_dtype_of_python_scalar(value):
    """The dtype a Python scalar gets when nothing else decides it."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return config.floatX
    raise SymcTypeError(f"{value!r} of type {type(value).__name__} is not a supported scalar")


def result_dtype(strong, weak=()):
    """The dtype of an expression mixing tensors of dtypes ``strong`` with
    Python scalars ``weak`` (NumPy 2 rules).

    Raises SymcTypeError when a Python int does not fit the result, as NumPy
    raises OverflowError.
    """
    strong = [normalize(d) for d in strong]
    if not strong:
        if not weak:
            raise SymcTypeError("no operand to take a dtype from")
        # Only Python scalars: the widest kind wins, with its default dtype.
        kinds = [default_dtype_of_python_scalar(v) for v in weak]
        for kind in (config.floatX, "int64", "bool"):
            if kind in kinds:
                return kind
    key = (tuple(strong), tuple(type(v) for v in weak))
    name = _RESULT_CACHE.get(key)
    if name is None:
        name = np.result_type(*[np.dtype(d) for d in strong], *[_weak_proxy(v) for v in weak]).name
        _RESULT_CACHE[key] = name
    if name not in MLIR_ELEMENT:
        raise SymcTypeError(f"operands of dtypes {strong} promote to {name}, which symc does not support")
    for v in weak:
        check_fits(v, name)
    return name


_RESULT_CACHE = {}


def _weak_proxy(value):
    # np.result_type treats Python scalars as weak already; NumPy scalars
    # and bools pass through unchanged.
    if isinstance(value, np.generic):
        return value.dtype
    return value


def check_fits(value, dtype):
    """Raises SymcTypeError when the Python number ``value`` cannot be
    represented in ``dtype`` without overflow."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return
    if dtype in INTS or dtype == "int64":
        info = np.iinfo(dtype)
        if not info.min <= int(value) <= info.max:
            raise SymcTypeError(f"Python integer {value} is out of bounds for {dtype}")


def can_cast_safely(src, dst):
    """NumPy's 'safe' casting between supported dtypes."""
    return bool(np.can_cast(np.dtype(src), np.dtype(dst), casting="safe"))
