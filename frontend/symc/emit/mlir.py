"""Spelling values, attributes and locations in MLIR's textual syntax."""

import numpy as np

from ..tensor import dtype as dt

# Up to this many elements a constant is written as readable literals;
# larger ones as one hex string of their bytes (exact and linear in size).
_LITERAL_LIMIT = 16


def string_literal(text):
    """An MLIR string literal (quotes, backslashes and control characters
    escaped)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\{code:02X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _float_literal(value, dtype):
    v = float(value)
    if np.isfinite(v):
        text = repr(v)
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exp = text.split("e")
            text = f"{mantissa}.0e{exp}"
        elif "." not in text and "e" not in text:
            text += ".0"
        return text
    # Non-finite values are written as their bit patterns.
    bits = np.asarray(value, dtype=dtype).view(np.uint32 if dtype == "float32" else np.uint64).item()
    width = 8 if dtype == "float32" else 16
    return f"0x{bits:0{width}X}"


_FLOAT_NAMES = {np.dtype(np.float32): "float32", np.dtype(np.float64): "float64"}


def _scalar(value, np_dtype):
    kind = np_dtype.kind
    if kind == "b":
        return "true" if value else "false"
    if kind == "f":
        return _float_literal(value, _FLOAT_NAMES[np_dtype])
    return str(int(value))


def _element(value, dtype):
    if dtype == "bool":
        return "true" if value else "false"
    if dtype in dt.FLOATS:
        return _float_literal(value, dtype)
    return str(int(value))


def dense_attr(data):
    """A ``dense<...>`` attribute (without the type) holding ``data``."""
    if data.size == 1:
        return f"dense<{_scalar(data.reshape(()).item(), data.dtype)}>"
    dtype = data.dtype.name
    if data.size == 0:
        return "dense<>"
    flat = data.reshape(-1)
    first = flat[0]
    if data.size == 1 or _is_splat(flat, first):
        return f"dense<{_element(first, dtype)}>"
    if data.size > _LITERAL_LIMIT and dtype != "bool":
        raw = np.ascontiguousarray(data, dtype=data.dtype.newbyteorder("<")).tobytes()
        return f'dense<"0x{raw.hex().upper()}">'
    items = [_element(v, dtype) for v in flat.tolist()]
    # Group the flat list by the dimensions, innermost first.
    for size in reversed(data.shape[1:]):
        items = ["[" + ", ".join(items[i:i + size]) + "]" for i in range(0, len(items), size)]
    return "dense<[" + ", ".join(items) + "]>"


def _is_splat(flat, first):
    if flat.dtype.kind == "f":
        if np.isnan(first):
            return bool(np.all(np.isnan(flat))) and _same_bits(flat)
        return bool(np.all(flat == first)) and _same_bits(flat)
    return bool(np.all(flat == first))


def _same_bits(flat):
    # -0.0 == 0.0 but they are different constants; compare bit patterns.
    bits = flat.view(np.uint32 if flat.dtype.itemsize == 4 else np.uint64)
    return bool(np.all(bits == bits[0]))


def i64_array(values):
    """A DenseI64ArrayAttr body: ``[1, 2]``."""
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def location(trace, name=None):
    """``loc("file.py":12:5)``, wrapped in a NameLoc when the value has a name."""
    if trace is None or trace.line <= 0:
        inner = "unknown"
    else:
        inner = f"{string_literal(trace.file)}:{trace.line}:{trace.col}"
    if name:
        return f"loc({string_literal(name)})" if inner == "unknown" else f"loc({string_literal(name)}({inner}))"
    return f"loc({inner})"


def symbol_name(name):
    """A valid MLIR symbol name derived from ``name``."""
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_$.") else "_" for ch in name or "")
    if not out or not (out[0].isalpha() or out[0] == "_"):
        out = "f_" + out
    return out
