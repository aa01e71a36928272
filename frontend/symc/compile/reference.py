"""The reference evaluation of a graph: every node's NumPy ``perform``.

It is what DebugMode compares compiled results against, and it lets the
frontend's tests check the semantics and the static types of the Ops without
the native build. It is slow by design and never used to run user
functions otherwise.
"""

import numpy as np

from ..graph.basic import Constant
from ..graph.traversal import toposort


class ReferenceTypeError(AssertionError):
    """A node's reference result disagrees with its static type (a bug in an
    Op's type inference)."""


def evaluate(inputs, outputs, values, check_types=True):
    """Evaluates ``outputs`` given ``values`` for ``inputs`` (lists)."""
    storage = {}
    for var, value in zip(inputs, values):
        storage[id(var)] = np.asarray(value)
    for node in toposort(outputs, blockers=inputs):
        args = []
        for var in node.inputs:
            if id(var) in storage:
                args.append(storage[id(var)])
            elif isinstance(var, Constant):
                args.append(var.data)
            else:
                raise ValueError(f"reference evaluation: {var} has no value")
        results = node.op.perform(node, args)
        for var, result in zip(node.outputs, results):
            if check_types:
                check_value(var, result, node)
            storage[id(var)] = result
    out = []
    for var in outputs:
        if id(var) in storage:
            out.append(storage[id(var)])
        elif isinstance(var, Constant):
            out.append(var.data.copy())
        else:
            raise ValueError(f"reference evaluation: output {var} has no value")
    return out


def check_value(var, value, node=None):
    t = var.type
    where = f" (from {node.op} created at {node.trace})" if node is not None else ""
    if not isinstance(value, np.ndarray) or value.dtype.name != t.dtype:
        raise ReferenceTypeError(f"{var}{where}: expected {t}, got {type(value).__name__} "
                                 f"{getattr(value, 'dtype', '')}")
    if value.ndim != t.ndim or any(s is not None and s != v for s, v in zip(t.shape, value.shape)):
        raise ReferenceTypeError(f"{var}{where}: expected shape {t.shape_str()}, got {value.shape}")
