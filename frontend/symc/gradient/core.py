"""Reverse-mode differentiation of frontend graphs (``symc.grad``, ``Lop``).

Walk-through of :func:`reverse`:

1. Collect the nodes computing the seeds (the cost and the ``known_grads``
   variables) with one iterative topological sort that stops at
   ``consider_constant``.
2. Forward marking: a variable is *connected* when it depends on a ``wrt``
   variable through inputs the ops declare connected
   (``op.connection_pattern(node)``; sizes, shapes and indices are not).
   Only nodes with a connected input are differentiated.
3. Backward pass in reverse topological order. Each variable's gradient is
   the sum of its clients' contributions, made to fit the variable's type
   (dtype and static size-1 dimensions). A node whose outputs got no
   gradient is skipped. Otherwise the Op's ``fused_L_op`` may differentiate
   it together with the node feeding it (crossentropy of a softmax, ...,
   for stability), else ``op.L_op(inputs, outputs, output_grads)`` gives
   one gradient per input (``op.L_op_for(..., wanted)``, where an Op has
   it, builds only those of the connected inputs: elementwise ops do).
4. Gradients are symbolic zeros (:data:`ZERO`, never materialized until
   asked for) along integer and boolean paths, whose values are piecewise
   constant; ``None`` means disconnected.

Every step is linear in the size of the graph and none recurses.
"""

import warnings

import numpy as np

from ..errors import SymcError, SymcTypeError
from ..graph.basic import Variable
from ..graph.gcpause import with_gc_paused
from ..graph.location import known_location, user_location
from ..graph.traversal import toposort
from ..tensor import dtype as dt
from ..tensor.elemwise import cast, describe, sum_to_type, zeros_like_var
from ..tensor.type import TensorType
from ..tensor.variable import as_tensor_variable, constant


class _Zero:
    """The gradient of a variable that is connected to the cost only through
    piecewise-constant (integer or boolean) values: identically zero."""

    def __repr__(self):
        return "ZERO"


ZERO = _Zero()

_MODES = ("raise", "warn", "ignore")


class DisconnectedInputError(SymcError, ValueError):
    """``symc.grad`` was asked for the gradient with respect to a variable the
    cost does not depend on."""


class GradientUndefinedError(SymcError, TypeError):
    """An Op on the path from an input to the cost has no gradient."""


def is_float(var):
    t = var.type
    return isinstance(t, TensorType) and t.dtype in dt.FLOATS


def _label(var, position=None):
    where = "" if position is None else f"#{position} "
    return f"{where}{describe(var)} of type {var.type}"


def zeros_for(var):
    """Zeros with the shape of ``var`` and its dtype (floatX for integer and
    bool variables, whose gradient is a float)."""
    z = zeros_like_var(var)
    return z if is_float(var) else cast(z, dt.as_float(var.dtype))


def fit(g, var, who):
    """``g`` as the gradient of ``var``: the same rank, ``var``'s float dtype,
    and a static size 1 wherever ``var`` has one (a sum over a dimension of
    size 1 only restores what the type says)."""
    if isinstance(g, Variable) and g.type == var.type:
        return g
    if not isinstance(g, Variable):
        g = as_tensor_variable(g)
    if g.ndim != var.ndim:
        raise SymcTypeError(f"{who}: a gradient with {g.ndim} dimension(s) ({g.type}) for {_label(var)}")
    if is_float(var) and g.dtype != var.dtype:
        g = cast(g, var.dtype)
    d = var.type.conflicting_dimension(g.type)
    if d is not None:
        raise SymcTypeError(f"{who}: a gradient of shape {g.type.shape_str()} for {_label(var)}; the static "
                            f"sizes differ in dimension {d}")
    return sum_to_type(g, var.type)


def _connection_pattern(node):
    fn = getattr(node.op, "connection_pattern", None)
    if fn is None:
        return None
    pattern = fn(node)
    if len(pattern) != len(node.inputs) or any(len(row) != len(node.outputs) for row in pattern):
        raise SymcError(f"{node.op}.connection_pattern has the wrong shape for {len(node.inputs)} inputs and "
                        f"{len(node.outputs)} outputs")
    return pattern


@with_gc_paused
def reverse(seeds, wrt, consider_constant=(), who="symc.grad", additive=False):
    """The gradients of the seeded graph with respect to each of ``wrt``.

    Parameters
    ----------
    seeds : list of (Variable, Variable)
        Each variable with its gradient (``known_grads``; the cost with 1).
    wrt : list of Variable
    consider_constant : list of Variable
        Gradients stop at these variables.
    additive : bool
        False (``known_grads``, Theano's semantics): a seeded variable's
        gradient is exactly its seed, contributions of its clients are not
        added. True (``Lop``): seeds add to what the clients contribute, the
        vector-Jacobian product of all seeded outputs together.

    Returns
    -------
    list
        Per ``wrt`` variable: a Variable, :data:`ZERO` or None (disconnected).
    """
    # Every node built below gets the location of the caller, found once.
    with known_location(user_location()):
        return _reverse(seeds, wrt, consider_constant, who, additive)


def _reverse(seeds, wrt, consider_constant, who, additive):
    blocked = {id(v) for v in consider_constant}
    initial = {}
    for var, g in seeds:
        g = ZERO if g is ZERO else fit(g, var, f"{who}: the gradient given for {_label(var)}")
        previous = initial.get(id(var))
        initial[id(var)] = g if previous is None or previous is ZERO else (previous if g is ZERO else previous + g)
    seeded = {} if additive else initial
    roots = [var for var, _ in seeds]
    nodes = toposort(roots, blockers=list(consider_constant))

    # Forward marking of the variables that depend on wrt.
    connected = {id(w) for w in wrt}
    relevant = []
    for node in nodes:
        flags = [id(v) in connected for v in node.inputs]
        if True not in flags:
            continue
        pattern = _connection_pattern(node)
        if pattern is None:
            # Every output depends on every input.
            connected.update(id(out) for out in node.outputs)
            relevant.append((node, flags, None))
            continue
        live = []
        for j, out in enumerate(node.outputs):
            if any(f and pattern[i][j] for i, f in enumerate(flags)):
                live.append(j)
                connected.add(id(out))
        if live:
            relevant.append((node, flags, pattern))

    grads = {}
    for var, _ in seeds:
        if id(var) in connected:
            grads[id(var)] = initial[id(var)]

    def accumulate(var, g, source):
        key = id(var)
        if key not in connected or key in seeded:
            return
        if g is ZERO or not is_float(var):
            if key not in grads:
                grads[key] = ZERO
            return
        g = fit(g, var, source)
        previous = grads.get(key)
        grads[key] = g if previous is None or previous is ZERO else previous + g

    def bypassable(var):
        # A fused rule may skip the gradient of ``var`` only if nobody can
        # observe it there.
        key = id(var)
        return key not in wanted and key not in seeded and key not in blocked

    wanted = {id(w) for w in wrt}
    for node, flags, pattern in reversed(relevant):
        out_grads = []
        for out in node.outputs:
            g = None if id(out) in blocked and id(out) not in initial else grads.get(id(out))
            if g is not None and g is not ZERO and not is_float(out):
                g = ZERO
            out_grads.append(g)
        if all(g is None for g in out_grads):
            continue
        if all(g is None or g is ZERO for g in out_grads):
            for i, var in enumerate(node.inputs):
                if flags[i] and any(g is ZERO and (pattern is None or pattern[i][j]) for j, g in enumerate(out_grads)):
                    accumulate(var, ZERO, who)
            continue
        source = _Source(who, node)
        fused = getattr(node.op, "fused_L_op", None)
        if fused is not None and len(node.outputs) == 1:
            contributions = _run_rules(node.op, fused, node, out_grads, bypassable)
            if contributions is not None:
                for var, g in contributions.items():
                    accumulate(var, g, source)
                continue
        input_grads = _run_rules(node.op, _call_L_op, node, out_grads, source, flags)
        for i, var in enumerate(node.inputs):
            if not flags[i]:
                continue
            if pattern is not None and not any(pattern[i][j] and out_grads[j] is not None
                                               for j in range(len(node.outputs))):
                continue
            g = input_grads[i]
            if not is_float(var):
                accumulate(var, ZERO, source)
            elif g is not None:
                accumulate(var, g, source)
    return [grads.get(id(w)) for w in wrt]


_OWN_RULES = {}


def _run_rules(op, fn, *args):
    """``fn(*args)``, a gradient rule of ``op``. The rules of symc.tensor's
    Op classes are symc's own code; those of others (a user's Op, scan,
    OpFromGraph's grad_overrides) may call the user's, whose lines their
    nodes must get: they walk the stack again."""
    cls = type(op)
    own = _OWN_RULES.get(cls)
    if own is None:
        own = _OWN_RULES[cls] = cls.__module__.startswith("symc.tensor.")
    if own:
        return fn(*args)
    with known_location(None):
        return fn(*args)


class _Source:
    """Names a node's gradient in error messages; formatted only when one is
    raised (a string per node would cost more than most gradients)."""

    __slots__ = ("who", "node")

    def __init__(self, who, node):
        self.who = who
        self.node = node

    def __str__(self):
        return f"{self.who}: the gradient of {self.node.op} (created at {self.node.trace})"


def _call_L_op(node, out_grads, source, wanted):
    op = node.op
    l_op = getattr(op, "L_op", None)
    l_op_for = getattr(op, "L_op_for", None)
    if l_op_for is not None and len(node.outputs) == 1:
        # Only the gradients of connected inputs are built.
        result = l_op_for(list(node.inputs), list(node.outputs), out_grads, wanted)
    elif l_op is None:
        grad_fn = getattr(op, "grad", None)
        if grad_fn is None:
            raise GradientUndefinedError(f"{source}: {type(op).__name__} has no gradient (no L_op method)")
        result = grad_fn(list(node.inputs), [None if g is ZERO else g for g in out_grads])
    else:
        if len(node.outputs) == 1:
            materialized = out_grads
        else:
            materialized = [None if g is ZERO else g for g in out_grads]
        result = l_op(list(node.inputs), list(node.outputs), materialized)
    result = list(result)
    if len(result) != len(node.inputs):
        raise SymcError(f"{source}: L_op returned {len(result)} gradients for {len(node.inputs)} inputs")
    return result


def as_list(x, what):
    """(list, rebuild) where rebuild gives a result in the structure of ``x``."""
    if isinstance(x, (list, tuple)):
        items = list(x)
        kind = type(x)
        return items, (lambda values: kind(values))
    return [x], (lambda values: values[0])


def check_variables(items, what):
    for v in items:
        if not isinstance(v, Variable):
            raise SymcTypeError(f"{what} must be symbolic variables, got {v!r} of type {type(v).__name__}")
        if not isinstance(v.type, TensorType):
            raise SymcTypeError(f"{what} must be tensors, got {v} of type {v.type}")


def handle_disconnected(var, position, mode, what):
    message = (f"{what}: the cost does not depend on input {_label(var, position)}: it is not part of the graph "
               "of the cost, or only through consider_constant, stop_gradient or non-differentiable paths such "
               "as shapes and indices. Pass disconnected_inputs='ignore' to get zeros, or 'warn'.")
    if mode == "raise":
        raise DisconnectedInputError(message)
    if mode == "warn":
        warnings.warn(message, stacklevel=3)


def finish(results, wrt, disconnected_inputs, return_disconnected, what):
    """Turns the raw results of :func:`reverse` into gradients (zeros for
    ZERO; for None what ``disconnected_inputs`` and ``return_disconnected``
    say)."""
    out = []
    for i, (w, g) in enumerate(zip(wrt, results)):
        if g is None:
            handle_disconnected(w, i, disconnected_inputs, what)
            out.append(None if return_disconnected == "none" else zeros_for(w))
        elif g is ZERO:
            out.append(zeros_for(w))
        else:
            out.append(g if is_float(w) else cast(g, dt.as_float(w.dtype)))
    return out


def _check_modes(disconnected_inputs, return_disconnected):
    if disconnected_inputs not in _MODES:
        raise ValueError(f"disconnected_inputs must be one of {_MODES}, got {disconnected_inputs!r}")
    if return_disconnected not in ("zero", "none"):
        raise ValueError(f"return_disconnected must be 'zero' or 'none', got {return_disconnected!r}")


def _known_pairs(known_grads, what):
    pairs = []
    if known_grads is None:
        return pairs
    items = known_grads.items() if isinstance(known_grads, dict) else known_grads
    for var, g in items:
        check_variables([var], f"{what}: the keys of known_grads")
        if g is None:
            continue
        if not isinstance(g, Variable):
            g = constant(np.asarray(g, dtype=var.dtype if is_float(var) else dt.as_float(var.dtype)))
        if not isinstance(g.type, TensorType) or not dt.is_float(g.dtype):
            raise SymcTypeError(f"{what}: the gradient given in known_grads for {_label(var)} must be a float "
                                f"tensor, got {g.type}")
        if g.ndim != var.ndim:
            raise SymcTypeError(f"{what}: the gradient given in known_grads for {_label(var)} has {g.ndim} "
                                f"dimension(s), the variable {var.ndim}")
        pairs.append((var, g))
    return pairs


def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", known_grads=None,
         return_disconnected="zero"):
    """The gradient of a scalar ``cost`` with respect to ``wrt``, by reverse
    mode on the graph.

    Parameters
    ----------
    cost : scalar Variable or None
        A 0-d float expression; None when ``known_grads`` gives the
        gradients to start from.
    wrt : Variable or list/tuple of Variable
        Inputs, shared variables or intermediate variables.
    consider_constant : list of Variable, optional
        Gradients do not flow through these variables (they act as
        constants).
    disconnected_inputs : {'raise', 'warn', 'ignore'}
        What to do when the cost does not depend on one of ``wrt``:
        raise :class:`DisconnectedInputError` naming it, warn, or silently
        return zeros. A dependence only through integer or boolean values
        (comparisons, argmax, casts to int) is a connection with a zero
        gradient, not an error.
    known_grads : dict, optional
        ``{variable: gradient}``: gradients known for intermediate variables
        (they replace what the cost would give them, and are propagated to
        their inputs); they add to the cost's.
    return_disconnected : {'zero', 'none'}
        What a disconnected input gets: zeros (default) or None.

    Returns
    -------
    Variable or list/tuple of Variable
        The gradients, in the structure of ``wrt``; each has the type of its
        variable (floatX for integer variables, whose gradient is zero).
    """
    what = "symc.grad"
    _check_modes(disconnected_inputs, return_disconnected)
    items, rebuild = as_list(wrt, "wrt")
    check_variables(items, f"{what}: wrt")
    seeds = _known_pairs(known_grads, what)
    if cost is None:
        if not seeds:
            raise SymcTypeError(f"{what}: cost is None, so known_grads must give the gradients to start from")
    else:
        if not isinstance(cost, Variable):
            raise SymcTypeError(f"{what}: the cost must be a symbolic variable, got {cost!r}")
        if not isinstance(cost.type, TensorType) or cost.ndim != 0:
            shape = cost.type.shape_str() if isinstance(cost.type, TensorType) else str(cost.type)
            raise SymcTypeError(f"{what}: the cost must be a scalar (0-d), got {describe(cost)} with shape "
                                f"{shape}; reduce it (e.g. cost.sum() or cost.mean()) or use "
                                "symc.gradient.Lop / jacobian")
        if not dt.is_float(cost.dtype):
            raise SymcTypeError(f"{what}: the cost must be a float scalar, got dtype {cost.dtype}; an integer or "
                                "boolean cost is piecewise constant (cast it if that is what you mean)")
        if not any(v is cost for v, _ in seeds):
            seeds.insert(0, (cost, constant(np.ones((), dtype=cost.dtype))))
    consider = list(consider_constant or [])
    check_variables(consider, f"{what}: consider_constant")
    results = reverse(seeds, items, consider, what)
    return rebuild(finish(results, items, disconnected_inputs, return_disconnected, what))


def Lop(f, wrt, eval_points, consider_constant=None, disconnected_inputs="raise", return_disconnected="zero"):
    """The vector-Jacobian product ``eval_points . d f / d wrt`` (Theano's
    L-operator): for each ``wrt`` variable, the sum over the outputs ``f``
    of the gradients obtained when each output's gradient is its eval point.

    ``f`` and ``eval_points`` are a variable or matching lists; the result
    has the structure of ``wrt``.
    """
    what = "symc.gradient.Lop"
    _check_modes(disconnected_inputs, return_disconnected)
    fs, _ = as_list(f, "f")
    evs, _ = as_list(eval_points, "eval_points")
    if len(fs) != len(evs):
        raise SymcTypeError(f"{what}: {len(fs)} expressions but {len(evs)} eval points")
    check_variables(fs, f"{what}: f")
    items, rebuild = as_list(wrt, "wrt")
    check_variables(items, f"{what}: wrt")
    seeds = _known_pairs(list(zip(fs, evs)), what)
    consider = list(consider_constant or [])
    results = reverse(seeds, items, consider, what, additive=True)
    return rebuild(finish(results, items, disconnected_inputs, return_disconnected, what))
