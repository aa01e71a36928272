"""Graph structure: Variables, Apply nodes, Ops, traversal, clone and replace."""

from .basic import Apply, Constant, Op, Type, Variable
from .fgraph import FunctionGraph, MissingInputError
from .location import Location, user_location
from .replace import clone, replace
from .traversal import ancestors, apply_nodes_between, graph_inputs, toposort

__all__ = ["Apply", "Constant", "Op", "Type", "Variable", "FunctionGraph", "MissingInputError", "Location",
           "user_location", "clone", "replace", "ancestors", "apply_nodes_between", "graph_inputs", "toposort"]
