"""OpFromGraph: a graph packaged as an Op, optionally with its own gradient.

This is how a user gives an expression a custom gradient (Theano's
``OpFromGraph(grad_overrides=...)``): the forward values are the inner
graph's, the gradient is what ``grad_overrides`` builds. The emitter inlines
the inner graph (no new dialect op), so the compiled forward code is the
same as without the wrapper.
"""

from ..errors import SymcTypeError
from ..graph.basic import Apply, Constant, Op, Variable
from ..graph.replace import clone
from ..graph.traversal import graph_inputs
from ..tensor.elemwise import describe, to_dtype
from ..tensor.sharedvar import SharedVariable
from ..tensor.variable import is_weak
from .core import ZERO, check_variables, fit, reverse, zeros_for


class OpFromGraph(Op):
    """An Op computing ``outputs`` from ``inputs``.

    Parameters
    ----------
    inputs : list of Variable
        The variables the graph is a function of. Shared variables the
        outputs use become implicit inputs (they are passed automatically).
    outputs : Variable or list of Variable
    grad_overrides : callable or list, optional
        The gradient to use instead of the inner graph's:

        - a callable ``fn(inputs, output_grads) -> list`` returning one
          gradient per input (``inputs`` are the variables the Op is applied
          to, ``output_grads`` one gradient per output, zeros for outputs
          that get none); None in the list means disconnected;
        - or a list with one entry per input: a callable as above returning
          that input's gradient, ``'default'`` (the inner graph's gradient)
          or None (disconnected).

        Shared variables used by the graph get the inner graph's gradient
        unless the callable returns one for them too (after the inputs, in
        the order of ``op.shared_inputs``).
    name : str, optional

    Calling the instance applies it: ``op(x, y)`` returns the output
    variable (or a list of them).
    """

    __props__ = ()

    def __init__(self, inputs, outputs, grad_overrides=None, name=None):
        inputs = list(inputs)
        check_variables(inputs, "OpFromGraph: inputs")
        if len({id(v) for v in inputs}) != len(inputs):
            raise SymcTypeError("OpFromGraph: an input is listed twice")
        self._single = not isinstance(outputs, (list, tuple))
        outs = [outputs] if self._single else list(outputs)
        check_variables(outs, "OpFromGraph: outputs")
        known = {id(v) for v in inputs}
        free = [v for v in graph_inputs(outs, blockers=inputs) if id(v) not in known and not isinstance(v, Constant)]
        for v in free:
            if not isinstance(v, SharedVariable):
                raise SymcTypeError(f"OpFromGraph: the outputs depend on {describe(v)} of type {v.type}, which is "
                                    "not one of the inputs (only shared variables may be used implicitly)")
        self.shared_inputs = free
        outer = inputs + free
        self.inner_inputs = [v.type.make_variable(name=v.name) for v in outer]
        self.inner_outputs = clone(outs, replace=list(zip(outer, self.inner_inputs)))
        self.n_explicit = len(inputs)
        self.name = name
        self.mnemonic = name or "OpFromGraph"
        self.grad_overrides = self._check_overrides(grad_overrides)
        self._pattern = None

    def _check_overrides(self, overrides):
        if overrides is None or callable(overrides):
            return overrides
        if isinstance(overrides, (list, tuple)):
            entries = list(overrides)
            if len(entries) != self.n_explicit:
                raise SymcTypeError(f"OpFromGraph: grad_overrides has {len(entries)} entries for {self.n_explicit} "
                                    "inputs")
            for e in entries:
                if not (e is None or callable(e) or e == "default"):
                    raise SymcTypeError(f"OpFromGraph: a grad_overrides entry must be a callable, 'default' or None, "
                                        f"got {e!r}")
            return entries
        raise SymcTypeError(f"OpFromGraph: grad_overrides must be a callable or a list, got {overrides!r}")

    # Each instance is its own Op: two instances never merge.
    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __str__(self):
        return self.mnemonic

    __repr__ = __str__

    def make_node(self, *inputs):
        inputs = list(inputs)
        if len(inputs) == self.n_explicit:
            inputs += self.shared_inputs
        if len(inputs) != len(self.inner_inputs):
            raise SymcTypeError(f"{self}: takes {self.n_explicit} input(s), got {len(inputs)}")
        converted = []
        for i, (x, inner) in enumerate(zip(inputs, self.inner_inputs)):
            if is_weak(x) or not isinstance(x, Variable):
                x = to_dtype(x, inner.dtype)
            t, it = x.type, inner.type
            if t.dtype != it.dtype or t.ndim != it.ndim:
                raise SymcTypeError(f"{self}: input #{i} must have type {it}, got {describe(x)} of type {t}")
            for d, (a, b) in enumerate(zip(t.shape, it.shape)):
                if b is not None and a != b:
                    raise SymcTypeError(f"{self}: input #{i} must have type {it} (static size {b} in dimension {d}), "
                                        f"got {describe(x)} of type {t}")
            converted.append(x)
        return Apply(self, converted, [o.type for o in self.inner_outputs])

    def __call__(self, *inputs):
        node = self.make_node(*inputs)
        return node.outputs[0] if self._single else list(node.outputs)

    def perform(self, node, inputs):
        from ..compile.reference import evaluate

        results = evaluate(self.inner_inputs, self.inner_outputs, inputs, check_types=False)
        return [r.copy() for r in results]

    def inline(self, inputs):
        """The inner graph applied to ``inputs`` (new nodes)."""
        return clone(self.inner_outputs, replace=list(zip(self.inner_inputs, inputs)))

    def connection_pattern(self, node):
        if self._pattern is None:
            # Zero seeds mark connectivity the way symc.grad does.
            self._pattern = [[reverse([(o, ZERO)], [inner], (), str(self))[0] is not None
                              for o in self.inner_outputs] for inner in self.inner_inputs]
        return self._pattern

    def L_op(self, inputs, outputs, output_grads):
        where = f"the gradient of {self}"
        explicit = inputs[:self.n_explicit]
        grads = [zeros_for(o) if g is None else g for o, g in zip(outputs, output_grads)]
        result = [None] * len(inputs)
        need_default = set(range(len(inputs)))
        overrides = self.grad_overrides
        if callable(overrides):
            given = list(overrides(list(explicit), list(grads)))
            if len(given) not in (self.n_explicit, len(inputs)):
                raise SymcTypeError(f"{where}: grad_overrides returned {len(given)} gradients for "
                                    f"{self.n_explicit} inputs")
            for i, g in enumerate(given):
                result[i] = self._checked(g, inputs[i], i, where)
                need_default.discard(i)
        elif overrides is not None:
            for i, entry in enumerate(overrides):
                if entry == "default":
                    continue
                result[i] = None if entry is None else self._checked(entry(list(explicit), list(grads)), inputs[i],
                                                                      i, where)
                need_default.discard(i)
        if need_default:
            wanted = sorted(need_default)
            # A variable passed twice (op(x, x)) gets each position's
            # gradient separately: differentiate with respect to stand-ins.
            repeated = len({id(v) for v in inputs}) != len(inputs)
            at = [v.type.make_variable() for v in inputs] if repeated else list(inputs)
            outs = self.inline(at)
            seeds = [(o, g) for o, g in zip(outs, output_grads) if g is not None]
            defaults = reverse(seeds, [at[i] for i in wanted], (), where, additive=True)
            if repeated:
                defaults = _substitute(defaults, list(zip(at, inputs)))
            for i, g in zip(wanted, defaults):
                result[i] = g
        return result

    @staticmethod
    def _checked(g, var, i, where):
        if g is None:
            return None
        return fit(g, var, f"{where}: grad_overrides' gradient for input #{i}")


def _substitute(grads, pairs):
    from ..graph.replace import replace

    symbolic = [g for g in grads if isinstance(g, Variable)]
    replaced = iter(replace(symbolic, pairs)) if symbolic else iter(())
    return [next(replaced) if isinstance(g, Variable) else g for g in grads]
