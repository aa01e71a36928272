"""Structural hashes of graph variables, computed while the graph is built.

A compiled function's disk-cache entry is found, in another process, from a
key that must not need the IR (emitting a 20,000-node graph takes 0.1 s; the
whole warm start of B4 has 50 ms). So every variable carries a Merkle hash of
what the emitter writes for the graph above it:

- a root variable (input, shared variable, constant): its class, type, name
  and, for a constant, its value bytes;
- a node's output: the Op (its class and every attribute, not only
  ``__props__``, in case the emitter reads more), the input hashes, the
  output types and names and the node's source location (both go into the
  IR's locations), and the output's position.

Two roots of equal hash (two inputs named "x" of one type) are told apart by
the function, not here: ``symc.compile.structkey`` refuses a function whose
roots do not all have distinct hashes. Hashes do not see sharing: ``y + y``
and ``sin(x) + sin(x)`` with two sin nodes hash alike. That is sound because
nodes are pure (random draws take their state as an input): both compute the
same values.

Anything the tokenizer does not know (an Op holding an inner graph or a
callable, a constant of another kind) makes the hash None, and the function
falls back to emitting the IR.

Variables also carry ``_roots``, the frozenset of the non-constant root
variables they depend on, so a function finds its shared variables without a
traversal; and ``_since``, the oldest construction serial in their graph. A
variable renamed (or a node's trace replaced) after something used it leaves
the hashes below it stale: ``stale_before`` then rises so that every graph
that might contain it falls back.
"""

import hashlib
import itertools

import numpy as np

from .location import Location

_serial = itertools.count()
EMPTY = frozenset()

# Variables whose _since is at most this may have stale hashes (see
# mark_stale); -1: none.
stale_before = -1


class _Unknown(Exception):
    """Raised by the tokenizer for a value it cannot describe stably."""


def _digest(text):
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


_OP_TOKENS = {}
_CLASS_TOKENS = {}
_TYPE_TOKENS = {}
_LOC_TOKENS = {}
_SLOTS = {}


def _slots(cls):
    names = _SLOTS.get(cls)
    if names is None:
        found = set()
        for c in cls.__mro__:
            slots = c.__dict__.get("__slots__", ())
            found.update((slots,) if isinstance(slots, str) else slots)
        found.discard("__dict__")
        found.discard("__weakref__")
        names = _SLOTS[cls] = tuple(sorted(found))
    return names


def _attributes(obj):
    items = {n: getattr(obj, n) for n in _slots(type(obj)) if hasattr(obj, n)}
    items.update(getattr(obj, "__dict__", {}))
    return sorted(items.items())


def _class_name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def op_token(op):
    cls = type(op)
    if not _slots(cls) and not getattr(op, "__dict__", None):
        # An Op without attributes: its class says everything (most
        # elementwise Ops are made anew for every node).
        token = _CLASS_TOKENS.get(cls)
        if token is None:
            token = _CLASS_TOKENS[cls] = "op:" + _class_name(cls) + "{}"
        return token
    entry = _OP_TOKENS.get(id(op))
    if entry is not None and entry[0] is op:
        return entry[1]
    token = "op:" + _class_name(cls) + "{" + ",".join(f"{k}={token_of(v)}" for k, v in _attributes(op)) + "}"
    if len(_OP_TOKENS) > 100000:
        _OP_TOKENS.clear()
    _OP_TOKENS[id(op)] = (op, token)
    return token


def _location_token(loc):
    token = _LOC_TOKENS.get(loc)
    if token is None:
        if len(_LOC_TOKENS) > 65536:
            _LOC_TOKENS.clear()
        token = _LOC_TOKENS[loc] = f"loc:{loc.file!r}:{loc.line}:{loc.col}"
    return token


_TensorType = None


def type_token(t):
    global _TensorType
    if _TensorType is None:
        from ..tensor.type import TensorType as _TensorType
    if type(t) is _TensorType:
        # Its slots _hash (Python's salted hash) and _mlir (a cache) say nothing more.
        key = (t.dtype, t.shape)
        token = _TYPE_TOKENS.get(key)
        if token is None:
            token = _TYPE_TOKENS[key] = f"T:{t.dtype}:{t.shape!r}"
        return token
    return "type:" + _class_name(type(t)) + "{" + ",".join(f"{k}={token_of(v)}" for k, v in _attributes(t)) + "}"


def _array_token(a):
    # np.ascontiguousarray would give a 0-d array the shape (1,) in the token.
    a = np.asarray(a, order="C")
    if a.dtype.hasobject:
        raise _Unknown
    return f"nd:{a.dtype.str}:{a.shape!r}:{hashlib.blake2b(a.tobytes(), digest_size=16).hexdigest()}"


def token_of(v):
    """A deterministic text describing ``v`` (the same in every process), or
    _Unknown."""
    if v is None:
        return "None"
    if isinstance(v, (bool, int, str)):
        return f"{type(v).__name__}:{v!r}"
    if isinstance(v, float):
        return f"float:{v.hex()}"
    if isinstance(v, complex):
        return f"complex:{v.real.hex()}:{v.imag.hex()}"
    if isinstance(v, bytes):
        return f"bytes:{hashlib.blake2b(v, digest_size=16).hexdigest()}:{len(v)}"
    if isinstance(v, (tuple, list)):
        return f"{type(v).__name__}(" + ",".join(token_of(x) for x in v) + ")"
    if isinstance(v, (set, frozenset)):
        return "set(" + ",".join(sorted(token_of(x) for x in v)) + ")"
    if isinstance(v, dict):
        return "dict(" + ",".join(sorted(f"{token_of(k)}:{token_of(x)}" for k, x in v.items())) + ")"
    if isinstance(v, slice):
        return f"slice({token_of(v.start)},{token_of(v.stop)},{token_of(v.step)})"
    if isinstance(v, np.dtype):
        return f"dtype:{v.str}"
    if isinstance(v, np.ndarray):
        return _array_token(v)
    if isinstance(v, np.generic):
        return "np" + _array_token(np.asarray(v))
    if isinstance(v, Op):
        return op_token(v)
    if isinstance(v, Type):
        return type_token(v)
    if isinstance(v, Location):
        return _location_token(v)
    if isinstance(v, type):
        return "class:" + _class_name(v)
    raise _Unknown


def leaf_hash(var):
    """Sets the hash fields of a root variable (on its first use)."""
    var._since = next(_serial)
    try:
        cls = type(var)
        h = hashlib.blake2b(b"leaf\0", digest_size=16)
        h.update(_bytes_of(_class_name(cls)))
        h.update(_bytes_of(type_token(var.type)))
        name = var._name
        h.update(b"None\0" if name is None else _bytes_of(token_of(name)))
        if isinstance(var, Constant):
            data = var.data
            if type(data) is np.ndarray and data.nbytes <= 64 and not data.dtype.hasobject:
                # A small array: its bytes as they are, no inner digest.
                h.update(_bytes_of(f"nd:{data.dtype.str}:{data.shape!r}"))
                h.update(np.ascontiguousarray(data).tobytes())
            else:
                h.update(_bytes_of(token_of(data)))
        var._shash = h.digest()
    except _Unknown:
        var._shash = None
    var._roots = EMPTY if isinstance(var, Constant) else frozenset((var,))


_BYTES = {}
# Fast paths of node_hash: the bytes of attribute-less Op classes, of tensor
# types by (dtype, shape), and of locations by identity (they are interned).
_CLASS_BYTES = {}
_TENSOR_TYPE_BYTES = {}
_LOC_BYTES = {}


def _bytes_of(token):
    b = _BYTES.get(token)
    if b is None:
        if len(_BYTES) > 100000:
            _BYTES.clear()
        b = _BYTES[token] = token.encode("utf-8", "surrogatepass") + b"\0"
    return b


def node_hash(node):
    """Sets the hash fields of ``node``'s outputs (at its construction).

    The digest reads the Op's token, the number of inputs and their 16-byte
    hashes, then per output its type and name, then the location; every
    token ends in a NUL, which no token contains (strings are repr()'d)."""
    serial = next(_serial)
    since = serial
    roots = None
    inputs = node.inputs
    outputs = node.outputs
    try:
        op = node.op
        ob = _CLASS_BYTES.get(type(op))
        if ob is None or getattr(op, "__dict__", None):
            ob = _bytes_of(op_token(op))
            if not _slots(type(op)) and not getattr(op, "__dict__", None):
                _CLASS_BYTES[type(op)] = ob
        h = hashlib.blake2b(ob, digest_size=16)
        h.update(b"%d\0" % len(inputs))
        for var in inputs:
            d = var.__dict__
            if "_shash" not in d:
                if var.owner is not None:
                    raise _Unknown  # an output made outside Apply: unknown here
                leaf_hash(var)
            vh = d["_shash"]
            if vh is None:
                raise _Unknown
            d["_used"] = True
            h.update(vh)
            if d["_since"] < since:
                since = d["_since"]
            r = d["_roots"]
            if r and r is not roots:
                if roots is None:
                    roots = r
                elif not r <= roots:
                    roots = roots | r
        for out in outputs:
            t = out.type
            tb = _TENSOR_TYPE_BYTES.get((t.dtype, t.shape)) if type(t) is _TensorType else None
            if tb is None:
                tb = _bytes_of(type_token(t))
                if type(t) is _TensorType:
                    _TENSOR_TYPE_BYTES[(t.dtype, t.shape)] = tb
            h.update(tb)
            name = out._name
            h.update(b"None\0" if name is None else _bytes_of(token_of(name)))
        trace = node._trace
        entry = _LOC_BYTES.get(id(trace))
        if entry is None or entry[0] is not trace:
            entry = (trace, _bytes_of(_location_token(trace) if type(trace) is Location else token_of(trace)))
            if len(_LOC_BYTES) > 65536:
                _LOC_BYTES.clear()
            _LOC_BYTES[id(trace)] = entry
        h.update(entry[1])
        h = h.digest()
    except _Unknown:
        h = None
        roots = None
    roots = roots if roots is not None else EMPTY
    single = len(outputs) == 1
    for i, out in enumerate(outputs):
        d = out.__dict__
        # The node's hash covers how many outputs it has: a single output
        # may take it as it is.
        d["_shash"] = None if h is None else h if single else _digest(f"{h.hex()}#{i}")
        d["_roots"] = roots
        d["_since"] = since


def changed(var):
    """``var``'s name changed: rehash it, or, when something already uses a
    hash that depends on it, mark every graph built so far as stale."""
    d = var.__dict__
    if "_shash" not in d:
        return
    used = d.get("_used", False)
    if var.owner is None:
        leaf_hash(var)
        var._used = used
    else:
        node_changed(var.owner)
        return
    if used:
        mark_stale()


def node_changed(node):
    """``node``'s trace or an output's name changed after it was hashed."""
    if any(out.__dict__.get("_used", False) for out in node.outputs):
        mark_stale()
    if not node.outputs or "_shash" in node.outputs[0].__dict__:
        node_hash(node)


def mark_stale():
    global stale_before
    stale_before = next(_serial)


# basic.py imports this module: its classes are bound once it is loaded.
def _bind_graph_classes():
    global Op, Type, Constant
    from .basic import Constant, Op, Type  # noqa: F811
