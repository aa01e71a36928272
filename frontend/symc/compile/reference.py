"""The reference evaluation of a graph: every node's NumPy ``perform``.

It is what DebugMode compares compiled results against (and, where they
differ, its long double variant: a stabilized result may be right where the
formula as written is not), and it lets the frontend's tests check the
semantics and the static types of the Ops without the native build. It is
slow by design and never used to run user functions otherwise.
"""

import numpy as np

from ..graph.basic import Constant
from ..graph.traversal import toposort


class ReferenceTypeError(AssertionError):
    """A node's reference result disagrees with its static type (a bug in an
    Op's type inference)."""


def _walk(inputs, outputs, values, load, run):
    """The walk both evaluations share: ``load`` turns an input's value or a
    constant's data into what the Ops see, ``run(node, args)`` gives a
    node's results. Constant outputs are fresh copies."""
    storage = {id(var): load(value) for var, value in zip(inputs, values)}

    def value_of(var, what="", fresh=False):
        if id(var) in storage:
            return storage[id(var)]
        if isinstance(var, Constant):
            return np.array(load(var.data), copy=True) if fresh else load(var.data)
        raise ValueError(f"reference evaluation: {what}{var} has no value")

    for node in toposort(outputs, blockers=inputs):
        results = run(node, [value_of(var) for var in node.inputs])
        for var, result in zip(node.outputs, results):
            storage[id(var)] = result
    return [value_of(var, "output ", fresh=True) for var in outputs]


def evaluate(inputs, outputs, values, check_types=True):
    """Evaluates ``outputs`` given ``values`` for ``inputs`` (lists)."""

    def run(node, args):
        results = node.op.perform(node, args)
        if check_types:
            for var, result in zip(node.outputs, results):
                check_value(var, result, node)
        return results

    return _walk(inputs, outputs, values, np.asarray, run)


class _Widened:
    """A variable whose float dtype reads as a wider one: an Op's perform
    rounds its result to its output's dtype, and computes in that one."""

    def __init__(self, var, wide):
        self._var, self._wide = var, wide

    def __getattr__(self, name):
        return getattr(self._var, name)

    @property
    def dtype(self):
        return self._wide if self._var.dtype.startswith("float") else self._var.dtype


class _WidenedNode:
    __slots__ = ("op", "inputs", "outputs")

    def __init__(self, node, wide):
        self.op, self.inputs = node.op, node.inputs
        self.outputs = [_Widened(v, wide) for v in node.outputs]


def _wide(value):
    value = np.asarray(value)
    return value.astype(np.longdouble) if value.dtype.kind == "f" else value


def evaluate_extended(inputs, outputs, values):
    """Evaluates ``outputs`` as evaluate() does, in long double (a 64-bit
    mantissa on x86) where an Op's perform computes in it and in float64
    where it does not (scipy's erf; float64 even for a float32 graph, whose
    erf rounded to float32 ties values, 1.0f at 3.91 and at 4.1, that
    decide an argmax): closer to the exact values where the graph as
    written loses precision. log(1 - sigmoid(30)) is -30.001 in float64,
    -30.00000044 in long double, -30.000000000000092 exactly (what symc's
    stabilized code computes). Float results are long double arrays."""

    def run(node, args):
        try:
            results = node.op.perform(_WidenedNode(node, np.longdouble), args)
        except TypeError:
            narrow = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in args]
            results = node.op.perform(_WidenedNode(node, np.float64), narrow)
        return [_wide(r) for r in results]

    return _walk(inputs, outputs, values, _wide, run)


def check_value(var, value, node=None):
    t = var.type
    where = f" (from {node.op} created at {node.trace})" if node is not None else ""
    if not isinstance(value, np.ndarray) or value.dtype.name != t.dtype:
        raise ReferenceTypeError(f"{var}{where}: expected {t}, got {type(value).__name__} "
                                 f"{getattr(value, 'dtype', '')}")
    if value.ndim != t.ndim or any(s is not None and s != v for s, v in zip(t.shape, value.shape)):
        raise ReferenceTypeError(f"{var}{where}: expected shape {t.shape_str()}, got {value.shape}")
