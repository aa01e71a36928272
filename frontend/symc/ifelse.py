"""``symc.ifelse``: the lazy conditional (Theano's ``ifelse``).

``ifelse(cond, then_branch, else_branch)`` evaluates only the branch that
``cond`` selects, unlike ``st.switch``, which computes both and picks
elementwise. The branches are packaged as inner graphs of one
:class:`IfElse` node, over fresh stand-ins of the variables they read (the
node's inputs after the condition), so that cloning, givens and gradients
treat it like any other node. The emitter writes it as one ``symc.ifelse``
region op whose regions hold the branches' nodes; the lowering makes that an
``scf.if``, so the untaken branch costs nothing and cannot fail.

The gradient of an output with respect to an input is
``ifelse(cond, d then/d input, d else/d input)``: again lazy, and zero for
an input that the taken branch does not use.
"""

import numpy as np

from .errors import SymcTypeError
from .graph.basic import Apply, Constant, Op, Variable
from .graph.replace import clone
from .graph.traversal import graph_inputs
from .tensor.elemwise import cast, describe, to_dtype
from .tensor.type import TensorType
from .tensor.variable import as_tensor_variable, is_weak


class IfElse(Op):
    """One lazy conditional over inner graphs.

    Attributes
    ----------
    inner_inputs : list of Variable
        Stand-ins of the node's inputs after the condition.
    then_outputs, else_outputs : list of Variable
        The branches, as graphs over ``inner_inputs``.
    """

    __props__ = ()

    def __init__(self, inner_inputs, then_outputs, else_outputs, out_types, name=None):
        self.inner_inputs = list(inner_inputs)
        self.then_outputs = list(then_outputs)
        self.else_outputs = list(else_outputs)
        self.out_types = list(out_types)
        self.name = name
        self._pattern = None

    # Each instance is its own Op (it owns its inner graphs).
    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __str__(self):
        return f"IfElse{{{self.name}}}" if self.name else "IfElse"

    __repr__ = __str__

    def make_node(self, cond, *inputs):
        cond = as_tensor_variable(cond)
        if cond.type != TensorType("bool", ()):
            raise SymcTypeError(f"{self}: the condition must be a bool scalar, got {cond.type}")
        if len(inputs) != len(self.inner_inputs):
            raise SymcTypeError(f"{self}: takes {len(self.inner_inputs)} input(s) after the condition, got "
                                f"{len(inputs)}")
        for i, (x, inner) in enumerate(zip(inputs, self.inner_inputs)):
            if x.type.dtype != inner.type.dtype or x.type.ndim != inner.type.ndim or any(
                    b is not None and a != b for a, b in zip(x.type.shape, inner.type.shape)):
                raise SymcTypeError(f"{self}: input #{i} must have type {inner.type}, got {x.type}")
        return Apply(self, [cond, *inputs], self.out_types)

    def branch(self, taken, inputs):
        """The outputs of branch ``taken`` (True: then) applied to ``inputs``
        (new nodes)."""
        outs = self.then_outputs if taken else self.else_outputs
        return clone(outs, replace=list(zip(self.inner_inputs, inputs)))

    def perform(self, node, inputs):
        from .compile.reference import evaluate

        outs = self.then_outputs if bool(inputs[0]) else self.else_outputs
        results = evaluate(self.inner_inputs, outs, inputs[1:], check_types=False)
        return [np.array(r, dtype=t.dtype, copy=True) for r, t in zip(results, self.out_types)]

    def connection_pattern(self, node):
        if self._pattern is None:
            from .gradient.core import ZERO, reverse

            def connected(inner, outputs):
                return [reverse([(o, ZERO)], [inner], (), str(self))[0] is not None for o in outputs]

            rows = [[False] * len(self.out_types)]
            for inner in self.inner_inputs:
                a = connected(inner, self.then_outputs)
                b = connected(inner, self.else_outputs)
                rows.append([x or y for x, y in zip(a, b)])
            self._pattern = rows
        return self._pattern

    def L_op(self, inputs, outputs, output_grads):
        from .gradient.core import ZERO, is_float, reverse, zeros_for

        cond, args = inputs[0], inputs[1:]
        pattern = self.connection_pattern(None)
        wanted = [i for i, a in enumerate(args) if is_float(a) and any(pattern[i + 1])]
        result = [None] * len(inputs)
        if not wanted:
            return result
        where = f"the gradient of {self}"
        per_branch = []
        for taken in (True, False):
            # Stand-ins, so that an input passed twice gets each position's
            # gradient and the branch graph is a fresh copy.
            at = [a.type.make_variable() for a in args]
            outs = self.branch(taken, at)
            # A gradient whose static shape a branch's output cannot have
            # was computed where that branch is not taken (in a branch of
            # an ifelse on the same condition: a second derivative), so it
            # seeds nothing there.
            seeds = [(o, g) for o, g in zip(outs, output_grads)
                     if g is not None and o.type.conflicting_dimension(g.type) is None]
            grads = reverse(seeds, [at[i] for i in wanted], (), where, additive=True) if seeds else \
                [None] * len(wanted)
            grads = [zeros_for(at[i]) if g is None or g is ZERO else g for i, g in zip(wanted, grads)]
            per_branch.append(clone(grads, replace=list(zip(at, args))))
        merged = ifelse(cond, per_branch[0], per_branch[1], name=f"grad_{self.name}" if self.name else None)
        for i, g in zip(wanted, merged):
            result[i + 1] = g
        return result


def _as_condition(cond):
    cond = as_tensor_variable(cond)
    if cond.ndim != 0:
        raise SymcTypeError(f"ifelse: the condition must be a scalar, got {describe(cond)} of type {cond.type}")
    if cond.dtype != "bool":
        from .tensor.math import neq

        cond = neq(cond, 0)
    return cond


def _merge_types(name, k, a, b):
    ta, tb = a.type, b.type
    if ta.ndim != tb.ndim:
        raise SymcTypeError(f"ifelse{name}: output {k} has {ta.ndim} dimension(s) in the then branch "
                            f"({describe(a)} of type {ta}) but {tb.ndim} in the else branch ({describe(b)} of type "
                            f"{tb})")
    shape = tuple(x if x == y else None for x, y in zip(ta.shape, tb.shape))
    return TensorType(ta.dtype, shape)


def ifelse(condition, then_branch, else_branch, name=None):
    """Lazy conditional: ``then_branch`` if ``condition`` else ``else_branch``.

    Parameters
    ----------
    condition : scalar variable
        Bool, or a number compared with 0.
    then_branch, else_branch : Variable or list of Variable
        What the result is in each case; lists give several outputs (one
        ``IfElse`` node). Each output pair must have the same dtype (Python
        scalars adopt the other branch's) and number of dimensions; a static
        size is kept where both branches agree.
    name : str, optional

    Returns
    -------
    Variable or list of Variable
        Only the branch the condition selects is computed when the function
        runs.
    """
    single = not isinstance(then_branch, (list, tuple))
    thens = [then_branch] if single else list(then_branch)
    elses = [else_branch] if not isinstance(else_branch, (list, tuple)) else list(else_branch)
    if len(thens) != len(elses):
        raise SymcTypeError(f"ifelse: the then branch has {len(thens)} output(s) but the else branch has {len(elses)}")
    if not thens:
        raise SymcTypeError("ifelse needs at least one output")
    where = f" {name!r}" if name else ""
    cond = _as_condition(condition)
    a_list, b_list, types = [], [], []
    for k, (a, b) in enumerate(zip(thens, elses)):
        if is_weak(a) and not is_weak(b) and isinstance(b, Variable):
            a = to_dtype(a, b.dtype)
        elif is_weak(b) and not is_weak(a) and isinstance(a, Variable):
            b = to_dtype(b, a.dtype)
        both_weak = is_weak(a) and is_weak(b)
        a, b = as_tensor_variable(a), as_tensor_variable(b)
        if a.dtype != b.dtype:
            if both_weak:
                common = np.result_type(a.dtype, b.dtype).name
                a, b = cast(a, common), cast(b, common)
            else:
                raise SymcTypeError(f"ifelse{where}: output {k} is {describe(a)} of dtype {a.dtype} in the then "
                                    f"branch but {describe(b)} of dtype {b.dtype} in the else branch; cast one of "
                                    "them")
        types.append(_merge_types(where, k, a, b))
        a_list.append(a)
        b_list.append(b)
    outer = [v for v in graph_inputs(a_list + b_list) if not isinstance(v, Constant)]
    inner = [v.type.make_variable(name=v.name) for v in outer]
    pairs = list(zip(outer, inner))
    op = IfElse(inner, clone(a_list, replace=pairs), clone(b_list, replace=pairs), types, name=name)
    node = op.make_node(cond, *outer)
    return node.outputs[0] if single else list(node.outputs)


__all__ = ["ifelse", "IfElse"]
