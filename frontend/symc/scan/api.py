"""``symc.scan``: Theano's scan, encoded on the Scan Op.

How the user API maps to the loop (see :mod:`symc.scan.op`):

- a sequence with taps ``[t1, ..., tk]`` is k sequences, tap ``t`` being
  ``x[t - min(taps):]`` (step ``i`` then sees ``x[i + t - min(taps)]``);
  ``go_backwards`` reverses each sequence first;
- a recurrent output with taps (``outputs_info`` entry: a variable, or
  ``dict(initial=v, taps=[...])`` with negative taps) keeps ``-min(taps)``
  carries, one per lag; lag 1 keeps its history, which is the output
  (without its initial row);
- an ``outputs_info`` entry of None is a map-style output (a step output);
- a shared variable updated by the step function (returned updates) is a
  carry initialized with its value; its final value is the update returned
  to the caller;
- so is a shared variable whose default update the step computes (the
  generator state of a random draw in the step): every step draws fresh
  numbers, and the state's default update becomes its final value;
- every other variable the step function uses (non_sequences given or not,
  shared variables) is an invariant of the loop.
"""

from collections import OrderedDict

from ..errors import SymcTypeError
from ..graph.basic import Constant, Variable
from ..graph.replace import clone
from ..graph.traversal import graph_inputs, toposort
from ..tensor import math as tm
from ..tensor.elemwise import cast
from ..tensor.sharedvar import SharedVariable
from ..tensor.type import TensorType
from ..tensor.variable import as_tensor_variable
from .op import Scan, fits


class until:
    """Returned by a step function (with its outputs) to stop the loop after
    the first step where ``condition`` is true: ``return y, symc.scan.until(y > 10)``
    (Theano's ``scan_module.until``)."""

    def __init__(self, condition):
        condition = as_tensor_variable(condition)
        if condition.type.ndim != 0:
            raise SymcTypeError(f"scan: the until condition must be a scalar, got {condition.type}")
        if condition.type.dtype != "bool":
            condition = tm.neq(condition, 0)
        self.condition = condition


def _row_type(t, what):
    if t.ndim == 0:
        raise SymcTypeError(f"scan: {what} is a scalar; sequences are iterated along their first dimension")
    return TensorType(t.dtype, t.shape[1:])


def _relaxed(t):
    """The state type of a carry: static sizes other than 1 become unknown so
    that the step function may compute the state at another static size."""
    return TensorType(t.dtype, tuple(1 if s == 1 else None for s in t.shape))


def _as_list(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _split_return(ret):
    """(outputs, updates, until) from what the step function returned."""
    updates, stop = OrderedDict(), None
    if not isinstance(ret, (list, tuple)):
        ret = [ret]
    outputs = []
    for item in ret:
        if isinstance(item, until):
            stop = item
        elif isinstance(item, dict):
            updates.update(item)
        elif isinstance(item, (list, tuple)) and item and all(isinstance(p, (tuple, list)) and len(p) == 2 and
                                                             isinstance(p[0], SharedVariable) for p in item):
            updates.update(list(item))
        elif isinstance(item, (list, tuple)):
            outputs.extend(item)
        else:
            outputs.append(item)
    return outputs, updates, stop


def _build_step(fn, label, seq_specs, out_specs, invariants_outer, outputs_info, relaxed):
    """Calls ``fn`` on new placeholders. Returns None when ``relaxed`` is
    False and a recurrent output does not fit its state's exact type."""
    state_type = _relaxed if relaxed else (lambda t: t)
    # Placeholders, in the order fn receives them.
    args = []
    seq_inputs, seq_outer = [], []
    for k, (x, taps) in enumerate(seq_specs):
        lo, row = min(taps), _row_type(x.type, f"sequence #{k}")
        for t in taps:
            p = row.make_variable(name=f"{x.name or 'seq'}[t{t:+d}]")
            seq_inputs.append(p)
            seq_outer.append(x[t - lo:] if t != lo else x)
            args.append(p)
    lag_inputs = []  # per output with taps: {lag: placeholder}
    for k, (init, taps) in enumerate(out_specs):
        if init is None:
            lag_inputs.append(None)
            continue
        depth = -min(taps)
        row = init.type if taps == [-1] else _row_type(init.type, f"the initial value of output #{k}")
        lags = {lag: state_type(row).make_variable(name=f"out{k}[t-{lag}]") for lag in range(1, depth + 1)}
        lag_inputs.append(lags)
        for t in taps:
            args.append(lags[-t])
    inv_inputs = [v.type.make_variable(name=v.name) for v in invariants_outer]
    args += inv_inputs

    ret = fn(*args)
    outputs, updates, stop = _split_return(ret)
    outputs = [as_tensor_variable(o) if not isinstance(o, Variable) else o for o in outputs]
    if outputs_info is None:
        out_specs = [(None, [])] * len(outputs)
        lag_inputs = [None] * len(outputs)
    if len(outputs) != len(out_specs):
        raise SymcTypeError(f"{label}: the step function returned {len(outputs)} outputs but outputs_info has "
                            f"{len(out_specs)} entries")
    for shared_var in updates:
        if not isinstance(shared_var, SharedVariable):
            raise SymcTypeError(f"{label}: updates must be keyed by shared variables, got {shared_var!r}")
    if not relaxed:
        for k, (init, _) in enumerate(out_specs):
            if init is None:
                continue
            want = lag_inputs[k][1].type
            got = TensorType(want.dtype, outputs[k].type.shape)
            if outputs[k].type.ndim == want.ndim and not fits(got, want):
                return None
    return seq_inputs, seq_outer, lag_inputs, inv_inputs, outputs, updates, stop, out_specs

def _roots(outputs, updates, stop):
    roots = outputs + [as_tensor_variable(v) if not isinstance(v, Variable) else v for v in updates.values()]
    return roots + ([stop.condition] if stop is not None else [])


def _add_draw_updates(outputs, updates, stop, placeholders):
    """Random draws in the step function: a shared variable whose
    ``default_update`` the step itself computes (the generator state of a
    RandomStream draw made in the step) is updated at every step, i.e.
    threaded through the loop as a carry, so that each step draws fresh
    numbers. Adds those to ``updates`` (unless the step function updates
    them itself) and returns the set of their ids."""
    drawn = set()
    explicit = {id(s) for s in updates}
    while True:
        roots = _roots(outputs, updates, stop)
        body = {id(node) for node in toposort(roots, blockers=placeholders)}
        added = False
        for v in graph_inputs(roots, blockers=placeholders):
            new = getattr(v, "default_update", None)
            if (isinstance(v, SharedVariable) and id(v) not in explicit and id(v) not in drawn
                    and isinstance(new, Variable) and new.owner is not None and id(new.owner) in body):
                updates[v] = new
                drawn.add(id(v))
                added = True
        if not added:
            return drawn


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None, truncate_gradient=-1,
         go_backwards=False, name=None):
    """Loops ``fn`` over sequences and recurrent states (Theano's scan).

    Parameters
    ----------
    fn : callable
        Called once with symbolic variables, in this order: the current
        row of each sequence (one per tap), the previous values of each
        recurrent output (one per tap), the non-sequences. Returns the
        step's outputs, optionally with a dict of updates of shared variables
        and a :class:`until` condition.
    sequences : variable, dict(input=x, taps=[...]) or a list of them
    outputs_info : list
        Per output: None (map-style: not fed back), an initial value (tap
        -1), or ``dict(initial=v, taps=[-2, -1])`` (``v`` then has
        ``-min(taps)`` rows, oldest first).
    non_sequences : list
        Variables passed unchanged to every step.
    n_steps : int or integer scalar, optional
        The number of steps (default: the length of the shortest sequence).
    truncate_gradient : int
        The gradient flows back through at most this many steps (-1: all).
    go_backwards : bool
        Iterate over the sequences from their end.

    Returns
    -------
    (outputs, updates)
        ``outputs``: one variable per step output, stacked over the steps
        (a single variable when there is one output); ``updates``: an
        OrderedDict of the updates of shared variables the step function
        returned, to pass to ``symc.function(updates=...)``, and of the
        generator states of random draws made in the step (those are also
        the states' default updates: each step draws fresh numbers, and a
        function advances the states past all the steps' draws).
    """
    label = f"scan '{name}'" if name else "scan"
    if not callable(fn):
        raise SymcTypeError(f"{label}: fn must be callable, got {fn!r}")
    if not isinstance(truncate_gradient, int) or truncate_gradient < -1 or truncate_gradient == 0:
        raise SymcTypeError(f"{label}: truncate_gradient must be -1 or a positive int, got {truncate_gradient!r}")

    # Sequences and their taps.
    seq_specs = []
    for k, entry in enumerate(_as_list(sequences)):
        if isinstance(entry, dict):
            if "input" not in entry:
                raise SymcTypeError(f"{label}: sequence #{k} is a dict without 'input'")
            x, taps = entry["input"], list(entry.get("taps", [0]))
        else:
            x, taps = entry, [0]
        x = as_tensor_variable(x)
        if not taps or not all(isinstance(t, int) for t in taps):
            raise SymcTypeError(f"{label}: the taps of sequence #{k} must be a non-empty list of ints, got {taps!r}")
        _row_type(x.type, f"sequence #{k}")
        if go_backwards:
            x = x[::-1]
        seq_specs.append((x, taps))

    # Recurrent outputs and their taps.
    out_specs = []  # (initial or None, taps)
    for k, entry in enumerate(_as_list(outputs_info) if outputs_info is not None else []):
        if entry is None:
            out_specs.append((None, []))
            continue
        if isinstance(entry, dict):
            if entry.get("initial") is None:
                out_specs.append((None, []))
                continue
            init, taps = as_tensor_variable(entry["initial"]), list(entry.get("taps", [-1]))
        else:
            init, taps = as_tensor_variable(entry), [-1]
        if not taps or not all(isinstance(t, int) and t < 0 for t in taps):
            raise SymcTypeError(f"{label}: the taps of output #{k} must be negative ints, got {taps!r}")
        out_specs.append((init, taps))

    invariants_outer = [as_tensor_variable(v) if not isinstance(v, Variable) else v
                        for v in _as_list(non_sequences)]

    built = _build_step(fn, label, seq_specs, out_specs, invariants_outer, outputs_info, relaxed=False)
    if built is None:
        # The step function computes a state less statically than its
        # initial value is known: the states get unknown sizes (other than
        # broadcastable 1s) and the body is built again.
        built = _build_step(fn, label, seq_specs, out_specs, invariants_outer, outputs_info, relaxed=True)
    seq_inputs, seq_outer, lag_inputs, inv_inputs, outputs, updates, stop, out_specs = built

    placeholders = seq_inputs + [p for lags in lag_inputs if lags for p in lags.values()] + inv_inputs
    drawn = _add_draw_updates(outputs, updates, stop, placeholders)

    # Every other variable the step uses becomes an invariant.
    update_items = list(updates.items())
    roots = _roots(outputs, updates, stop)
    known = {id(p) for p in placeholders}
    updated = {id(s) for s, _ in update_items}
    free = [v for v in graph_inputs(roots, blockers=placeholders)
            if id(v) not in known and not isinstance(v, Constant) and id(v) not in updated]
    seen = set()
    free = [v for v in free if not (id(v) in seen or seen.add(id(v)))]
    implicit_inputs = [v.type.make_variable(name=v.name) for v in free]
    # A generator state keeps its exact type (int64 vector of 3): the random
    # ops take nothing else, and every draw gives the same type back.
    state_inputs = [(s.type if id(s) in drawn else _relaxed(s.type)).make_variable(name=s.name)
                    for s, _ in update_items]
    replacements = list(zip(free, implicit_inputs)) + [(s, p) for (s, _), p in zip(update_items, state_inputs)]

    # Carries: the lags of each recurrent output, then updated shared variables.
    carry_inputs, carry_inits, next_carries, history, out_slot = [], [], [], [], {}
    new_values = []
    for k, (init, taps) in enumerate(out_specs):
        if init is None:
            continue
        lags = lag_inputs[k]
        depth = len(lags)
        y = outputs[k]
        if y.type.dtype != lags[1].type.dtype:
            y = cast(y, lags[1].type.dtype)
        out_slot[k] = len(carry_inputs)
        history.append(len(carry_inputs))
        for lag in range(1, depth + 1):
            carry_inputs.append(lags[lag])
            carry_inits.append(init if taps == [-1] else init[depth - lag])
            new_values.append(y if lag == 1 else lags[lag - 1])
    for (shared_var, value), p in zip(update_items, state_inputs):
        value = as_tensor_variable(value) if not isinstance(value, Variable) else value
        if value.type.dtype != shared_var.type.dtype:
            value = cast(value, shared_var.type.dtype)
        carry_inputs.append(p)
        carry_inits.append(shared_var)
        new_values.append(value)
    step_values = [outputs[k] for k, (init, _) in enumerate(out_specs) if init is None]

    inner = clone(new_values + step_values + ([stop.condition] if stop is not None else []), replace=replacements)
    next_carries = inner[:len(new_values)]
    step_outputs = inner[len(new_values):len(new_values) + len(step_values)]
    inner_stop = inner[-1] if stop is not None else None

    # The number of steps.
    if n_steps is None:
        if not seq_specs:
            raise SymcTypeError(f"{label}: give sequences or n_steps")
        lengths = [x.shape[0] - (max(taps) - min(taps)) for x, taps in seq_specs]
        n = lengths[0]
        for length in lengths[1:]:
            n = tm.minimum(n, length)
    else:
        n = as_tensor_variable(n_steps)

    op = Scan(carry_inputs, seq_inputs, inv_inputs + implicit_inputs, inner_stop, next_carries, step_outputs,
              history=history, truncate_gradient=truncate_gradient, name=name)
    results = op.make_node(n, carry_inits, seq_outer, invariants_outer + free).outputs

    user_outputs = []
    step_index = len(carry_inputs)
    for k, (init, _) in enumerate(out_specs):
        if init is None:
            user_outputs.append(results[step_index])
            step_index += 1
        else:
            user_outputs.append(results[out_slot[k]][1:])
    new_updates = OrderedDict()
    for j, (shared_var, _) in enumerate(update_items):
        new_updates[shared_var] = results[len(carry_inputs) - len(update_items) + j]
        if id(shared_var) in drawn:
            # symc.function then advances the state past every step's draws
            # even when the caller does not pass the returned updates.
            shared_var.default_update = new_updates[shared_var]
    if len(user_outputs) == 1:
        return user_outputs[0], new_updates
    return user_outputs, new_updates


__all__ = ["scan", "until", "fits"]
