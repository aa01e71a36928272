"""FunctionGraph: a graph closed over explicit inputs, as a compiled
function sees it (``f.maker.fgraph``)."""

from ..errors import MissingInputError
from .basic import Constant
from .traversal import clients, toposort


class FunctionGraph:
    """The inputs, outputs and nodes of one function.

    Every root variable the outputs depend on must be one of ``inputs`` or a
    constant; otherwise :class:`MissingInputError` names it.

    Attributes
    ----------
    inputs, outputs : list of Variable
    apply_nodes : list of Apply
        In topological order.
    """

    def __init__(self, inputs, outputs, apply_nodes=None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        # ``apply_nodes`` may be given when the caller has just computed
        # toposort(outputs, blockers=inputs).
        self.apply_nodes = apply_nodes if apply_nodes is not None else toposort(self.outputs, blockers=self.inputs)
        known = set(map(id, self.inputs))
        for node in self.apply_nodes:
            for var in node.inputs:
                if var.owner is None and id(var) not in known and not isinstance(var, Constant):
                    raise MissingInputError(
                        f"{var} (type {var.type}) is needed to compute the outputs but is not an input "
                        f"of the function; it is used by {node.op} created at {node.trace}")
        for out in self.outputs:
            if out.owner is None and id(out) not in known and not isinstance(out, Constant):
                raise MissingInputError(f"output {out} (type {out.type}) is a root variable that is not an input")
        self._clients = None

    def toposort(self):
        return list(self.apply_nodes)

    @property
    def variables(self):
        seen, result = set(), []
        for var in self.inputs:
            if id(var) not in seen:
                seen.add(id(var))
                result.append(var)
        for node in self.apply_nodes:
            for var in node.inputs + node.outputs:
                if id(var) not in seen:
                    seen.add(id(var))
                    result.append(var)
        return result

    def clients(self, var):
        """The (node, position) pairs that use ``var``."""
        if self._clients is None:
            self._clients = clients(self.apply_nodes)
        return list(self._clients.get(id(var), []))

    def __repr__(self):
        return f"FunctionGraph({self.inputs} -> {self.outputs}, {len(self.apply_nodes)} nodes)"
