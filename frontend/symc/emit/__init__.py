"""The emitter: frontend graph -> symc IR text.

Walk-through of :func:`emit_function`:

1. The function's inputs become ``func.func`` arguments, named ``%argN``
   with a NameLoc carrying the variable's name.
2. The nodes are visited in topological order (iteratively); each node's
   Op class selects one rule (``registry.register``), which writes the symc
   op(s) for it at the node's location (the user's file:line). Constants are
   materialized as ``symc.constant`` where first used.
3. ``func.return`` returns the outputs; the module text is joined once at
   the end, so emission is linear in the size of the graph.

The emitter never rewrites the graph: every rewrite is an MLIR pass.
"""

from ..graph.fgraph import FunctionGraph
from . import elementwise, gradient, ifelse, indexing, linalg, nnet, raise_op, random, reduction, scan, shape  # noqa: F401,E501  (registers the rules)
from . import mlir
from .registry import EmitContext, EmitError, emit_node, register, registered_classes, rule_for


def emit_function(fgraph, name="f", ctx=None, arg_attrs=None):
    """The ``func.func`` text of ``fgraph`` (a FunctionGraph) named ``name``.

    Its ops refer to location aliases collected in ``ctx.aliases``, which the
    module must define (see :func:`emit_module`). ``arg_attrs`` maps an input
    position to the attribute dictionary text of its argument (e.g.
    ``{symc.mutable}``, see symc-inplace in passes/Passes.td).
    """
    ctx = ctx if ctx is not None else EmitContext()
    arg_attrs = arg_attrs or {}
    args = []
    for i, var in enumerate(fgraph.inputs):
        arg = f"%arg{i}"
        ctx.bind(var, arg)
        attrs = f" {arg_attrs[i]}" if i in arg_attrs else ""
        args.append(f"{arg}: {var.type.mlir()}{attrs} "
                    f"{mlir.location(None, var.name) if var.name else 'loc(unknown)'}")
    for node in fgraph.apply_nodes:
        emit_node(ctx, node)
    ctx.node = None
    results = [ctx.value(out) for out in fgraph.outputs]
    types = [out.type.mlir() for out in fgraph.outputs]
    signature = ", ".join(args)
    if len(types) == 1:
        result_types = f" -> {types[0]}"
    elif types:
        result_types = f" -> ({', '.join(types)})"
    else:
        result_types = ""
    ret = f"    return {', '.join(results)} : {', '.join(types)}" if results else "    return"
    head = f"  func.func @{mlir.symbol_name(name)}({signature}){result_types} {{"
    return "\n".join([head, *ctx.lines, ret, "  }"])


def emit_module(fgraph, name="f", arg_attrs=None):
    """A module holding one function: the text handed to the compiler."""
    ctx = EmitContext()
    body = emit_function(fgraph, name, ctx, arg_attrs)
    aliases = "\n".join(ctx.aliases)
    return (aliases + "\n" if aliases else "") + "module {\n" + body + "\n}\n"


def emit(inputs, outputs, name="f"):
    """The module text of the function from ``inputs`` to ``outputs``."""
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return emit_module(FunctionGraph(inputs, outputs), name)


__all__ = ["emit", "emit_function", "emit_module", "EmitContext", "EmitError", "register", "registered_classes",
           "rule_for"]
