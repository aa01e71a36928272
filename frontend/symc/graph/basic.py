"""The graph: Variables, Apply nodes and Ops.

A graph is bipartite, as in Theano: a :class:`Variable` is produced by at most
one :class:`Apply` node (its ``owner``), and an Apply node applies an
:class:`Op` to input Variables. Ops are immutable descriptions of a
computation whose static parameters are listed in ``__props__``: two Ops of
one class with equal props are equal and hash alike, so structurally equal
graphs can be recognised (and later differentiated, cloned or used as scan
bodies) without looking at object identity.

Nodes are never mutated once built; rewrites of the program are MLIR passes.
Graph transformations that the frontend owns (clone, givens, gradients)
build new nodes.
"""

from . import structural
from .location import user_location


class Type:
    """The static type of a Variable (subclasses: TensorType)."""

    def make_variable(self, name=None):
        raise NotImplementedError(f"{type(self).__name__} cannot make variables")


class Variable:
    """A value in a graph.

    Attributes
    ----------
    type : Type
        Its static type.
    owner : Apply or None
        The node that computes it; None for graph inputs, constants and
        shared variables.
    index : int or None
        Its position in ``owner.outputs``.
    name : str or None
        A name for printing and for keyword arguments of compiled functions.
    """

    def __init__(self, type, owner=None, index=None, name=None):
        self.type = type
        self.owner = owner
        self.index = index
        self._name = name

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        # The name is in the IR (its locations), hence in the structural hash.
        if name != self._name:
            self._name = name
            structural.changed(self)

    def clone(self, name=None):
        """A new root variable of the same type (and name unless given)."""
        return type(self)(self.type, name=self.name if name is None else name)

    def __str__(self):
        if self.name is not None:
            return self.name
        if self.owner is not None:
            op = self.owner.op
            if len(self.owner.outputs) == 1:
                return f"{op}.out"
            return f"{op}.{self.index}"
        return f"<{self.type}>"

    def __repr__(self):
        return str(self)


class Constant(Variable):
    """A Variable with a fixed value (``data``), never an input of a function."""

    def __init__(self, type, data, name=None):
        super().__init__(type, None, None, name)
        self.data = data

    def clone(self, name=None):
        return type(self)(self.type, self.data, name=self.name if name is None else name)


class Apply:
    """One application of an Op to input Variables, producing output Variables.

    ``trace`` is the user's source location at creation time (see
    :mod:`symc.graph.location`); the emitter writes it into the IR.

    Two nodes are equal (and hash alike) when they apply equal Ops to the
    same input variables: they compute the same values. Variables themselves
    compare by identity.
    """

    __slots__ = ("op", "inputs", "outputs", "_trace")

    def __init__(self, op, inputs, output_types, trace=None):
        self.op = op
        self.inputs = list(inputs)
        self._trace = trace if trace is not None else user_location()
        self.outputs = [t.make_variable() for t in output_types]
        for i, out in enumerate(self.outputs):
            out.owner = self
            out.index = i
        structural.node_hash(self)

    @property
    def trace(self):
        return self._trace

    @trace.setter
    def trace(self, trace):
        # The location is in the IR, hence in the structural hash.
        if trace != self._trace:
            self._trace = trace
            structural.node_changed(self)

    @property
    def out(self):
        """The single output (an error for multi-output nodes)."""
        if len(self.outputs) != 1:
            raise ValueError(f"{self.op} has {len(self.outputs)} outputs")
        return self.outputs[0]

    def clone_with_new_inputs(self, inputs):
        """A node applying the same Op to ``inputs``.

        When the new inputs have the old inputs' types the outputs keep their
        types; otherwise the Op's ``make_node`` infers them again (so that a
        replacement with a more static shape propagates).
        """
        if len(inputs) == len(self.inputs) and all(a.type == b.type for a, b in zip(inputs, self.inputs)):
            node = Apply(self.op, inputs, [o.type for o in self.outputs], trace=self.trace)
        else:
            node = self.op.make_node(*inputs)
            node.trace = self.trace
        for old, new in zip(self.outputs, node.outputs):
            new.name = old.name
        return node

    def __eq__(self, other):
        if self is other:
            return True
        return (isinstance(other, Apply) and self.op == other.op and len(self.inputs) == len(other.inputs)
                and all(a is b for a, b in zip(self.inputs, other.inputs)))

    def __hash__(self):
        return hash((self.op, tuple(map(id, self.inputs))))

    def __repr__(self):
        return f"Apply({self.op}, {self.inputs})"


class Op:
    """An operation: a class with static parameters named in ``__props__``.

    Subclasses implement ``make_node(*inputs) -> Apply`` (type inference and
    graph-build-time checks, raising :class:`symc.errors.SymcTypeError`) and
    ``perform(node, inputs) -> list of ndarrays`` (a NumPy reference
    implementation used by DebugMode and tests). The emitter has one rule per
    Op class (``symc.emit``). For ``symc.grad`` (:mod:`symc.gradient`) an
    Op with float outputs defines ``L_op(inputs, outputs, output_grads)``
    returning one symbolic gradient per input (None: not differentiable
    there), optionally ``connection_pattern(node)`` (per input, per output:
    whether the output depends on it differentiably; sizes and indices do
    not) and ``fused_L_op(node, output_grads, bypassable)`` for gradients
    that must see the node feeding it to stay finite.
    """

    __props__ = ()

    def _props(self):
        return tuple(getattr(self, name) for name in self.__props__)

    def __eq__(self, other):
        return type(self) is type(other) and self._props() == other._props()

    def __hash__(self):
        return hash((type(self), self._props()))

    def __str__(self):
        name = type(self).__name__
        if not self.__props__:
            return name
        args = ", ".join(f"{p}={getattr(self, p)!r}" for p in self.__props__)
        return f"{name}{{{args}}}"

    __repr__ = __str__

    def make_node(self, *inputs):
        raise NotImplementedError(f"{type(self).__name__}.make_node")

    def __call__(self, *inputs):
        node = self.make_node(*inputs)
        return node.outputs[0] if len(node.outputs) == 1 else list(node.outputs)

    def perform(self, node, inputs):
        raise NotImplementedError(f"{type(self).__name__} has no reference implementation")


structural._bind_graph_classes()
