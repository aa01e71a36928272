"""The emitter's rule table and the context rules write into.

One rule per Op class (JAX's ``register_lowering``): a rule receives the
context and an Apply node, writes the symc op(s) for it with ``ctx.op`` and
returns the SSA name of each output. Rules are looked up by the node's exact
Op class, so a new Op without a rule is an error at emission time, and
``tests/frontend/emit/test_rules.py`` checks that every Op class has one.
"""

from ..errors import SymcError
from ..graph.basic import Constant
from . import mlir

_RULES = {}


class EmitError(SymcError, TypeError):
    """A graph that the emitter cannot express (an Op without a rule)."""


def register(*op_classes):
    """Decorator: registers ``rule(ctx, node)`` for each of ``op_classes``."""

    def wrap(rule):
        for cls in op_classes:
            if cls in _RULES:
                raise ValueError(f"{cls.__name__} already has an emission rule ({_RULES[cls].__name__})")
            _RULES[cls] = rule
        return rule

    return wrap


def rule_for(op_class):
    return _RULES.get(op_class)


def registered_classes():
    return set(_RULES)


class EmitContext:
    """The state of one function's emission: SSA names of variables and the
    output lines. Lines are collected in a list and joined once, so emission
    is linear in the size of the graph."""

    def __init__(self):
        self.lines = []
        self._names = {}
        self._counter = 0
        self.node = None
        self._loc = "loc(unknown)"
        self._loc_cache = {}
        # Location aliases (#locN = loc(...)), written once at the top of the
        # module and referenced by every op built on that source line.
        self.aliases = []

    # -- names ---------------------------------------------------------------
    def bind(self, var, name):
        self._names[id(var)] = name

    def fresh(self):
        name = f"%{self._counter}"
        self._counter += 1
        return name

    def value(self, var):
        """The SSA name of ``var``; constants are materialized on first use."""
        name = self._names.get(id(var))
        if name is None:
            return self._materialize(var)
        return name

    def _materialize(self, var):
        if not isinstance(var, Constant):
            raise EmitError(f"{var} is used before it is defined (is it an input of the function?)")
        name = self._names[id(var)] = self.op(f"symc.constant {mlir.dense_attr(var.data)} : {var.type.mlir()}")
        return name

    @staticmethod
    def type(var):
        return var.type.mlir()

    # -- output ------------------------------------------------------------------
    def set_node(self, node):
        self.node = node
        outputs = node.outputs
        key = (node._trace, outputs[0]._name if len(outputs) == 1 else None)
        loc = self._loc_cache.get(key)
        if loc is None:
            alias = f"#loc{len(self.aliases)}"
            self.aliases.append(f"{alias} = {mlir.location(*key)}")
            loc = self._loc_cache[key] = f"loc({alias})"
        self._loc = loc

    def op(self, text):
        """Writes ``%N = text`` at the current node's location; returns ``%N``."""
        result = self.fresh()
        self.lines.append(f"    {result} = {text} {self._loc}")
        return result

    def raw(self, text):
        self.lines.append(f"    {text} {self._loc}")


def emit_node(ctx, node):
    rule = _RULES.get(type(node.op))
    if rule is None:
        raise EmitError(f"no emission rule for Op {type(node.op).__name__} (node created at {node.trace})")
    outputs = node.outputs
    # set_node, inlined for the common case of a location already aliased.
    loc = ctx._loc_cache.get((node._trace, outputs[0]._name if len(outputs) == 1 else None))
    if loc is None:
        ctx.set_node(node)
    else:
        ctx.node = node
        ctx._loc = loc
    results = rule(ctx, node)
    if type(results) is str and len(outputs) == 1:
        ctx._names[id(outputs[0])] = results
        return
    if isinstance(results, str):
        results = [results]
    if len(results) != len(outputs):
        raise EmitError(f"the rule for {type(node.op).__name__} produced {len(results)} values for "
                        f"{len(outputs)} outputs")
    for var, name in zip(outputs, results):
        ctx.bind(var, name)


def broadcast_types(*vars_):
    """The type list of broadcasting ops: one type when all are equal."""
    types = [v.type.mlir() for v in vars_]
    first = types[0]
    for t in types:
        if t != first:
            return ", ".join(types)
    return first
