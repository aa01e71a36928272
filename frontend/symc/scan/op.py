"""The Scan Op: a loop whose body is an inner graph (the dialect's symc.scan).

The Op mirrors the dialect op one to one, so that the emitter writes it
without any decision of its own:

- inputs: ``n_steps`` (an int64 scalar), the initial value of each carry,
  the sequences (step ``i`` sees row ``i``), the invariants (seen whole at
  every step);
- the inner graph maps placeholders (carries, sequence rows, invariants) to
  ``[stop,] next carries, step outputs``;
- outputs: per carry its history ``[s+1, ...]`` (when listed in
  ``history``) or its final value, then per step output ``[s, ...]``.

What the user API offers beyond that (taps, ``go_backwards``, map-style
outputs, updates of shared variables) is encoded by ``symc.scan`` in
:mod:`symc.scan.api`. The gradient (:meth:`Scan.L_op`) is another Scan
running backwards over the forward's histories (backpropagation through
time).
"""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op
from ..graph.replace import clone
from ..tensor import dtype as dt
from ..tensor.type import TensorType

INT64_SCALAR = TensorType("int64", ())


def stacked_type(t):
    """The type of an array whose rows have type ``t``."""
    return TensorType(t.dtype, (None,) + t.shape)


def fits(value_type, slot_type):
    """Whether a value of ``value_type`` may stand where ``slot_type`` is
    expected: same dtype and rank, and every static size of the slot
    matched."""
    return (value_type.dtype == slot_type.dtype and value_type.ndim == slot_type.ndim
            and all(b is None or a == b for a, b in zip(value_type.shape, slot_type.shape)))


class Scan(Op):
    """One loop; see the module docstring for its inputs and outputs.

    Parameters
    ----------
    carry_inputs, sequence_inputs, invariant_inputs : list of Variable
        The inner graph's placeholders (a sequence placeholder has the type of
        one row).
    stop : Variable or None
        The inner bool scalar that ends the loop after the step (``until``).
    next_carries, step_outputs : list of Variable
        Inner variables: each carry's next value, each step output.
    history : tuple of int
        The carries whose whole history is an output.
    reverse : bool
        Step ``i`` reads and writes row ``n_steps-1-i`` (no ``until``).
    truncate_gradient : int
        Backpropagation through time runs over at most this many of the last
        steps (-1: all).
    """

    __props__ = ()

    def __init__(self, carry_inputs, sequence_inputs, invariant_inputs, stop, next_carries, step_outputs,
                 history=(), reverse=False, truncate_gradient=-1, name=None):
        self.carry_inputs = list(carry_inputs)
        self.sequence_inputs = list(sequence_inputs)
        self.invariant_inputs = list(invariant_inputs)
        self.stop = stop
        self.next_carries = list(next_carries)
        self.step_outputs = list(step_outputs)
        self.history = tuple(sorted(history))
        self.reverse = bool(reverse)
        self.truncate_gradient = int(truncate_gradient)
        self.name = name
        if stop is not None and reverse:
            raise SymcTypeError("scan: a loop with an until condition cannot run in reverse")
        if stop is not None and (stop.type.ndim != 0 or stop.type.dtype != "bool"):
            raise SymcTypeError(f"scan: the until condition must be a bool scalar, got {stop.type}")
        for k, (placeholder, nxt) in enumerate(zip(self.carry_inputs, self.next_carries)):
            if not fits(nxt.type, placeholder.type):
                raise SymcTypeError(
                    f"scan{self._named()}: the step function returns {nxt.type} for recurrent output #{k}, whose "
                    f"state has type {placeholder.type}; they must have the same dtype and number of dimensions, "
                    "and a dimension of static size 1 (broadcastable) in the state must stay so (cast the result "
                    "or give an initial value of the right type)")

    def _named(self):
        return f" '{self.name}'" if self.name else ""

    @property
    def inner_inputs(self):
        return self.carry_inputs + self.sequence_inputs + self.invariant_inputs

    @property
    def inner_outputs(self):
        return ([self.stop] if self.stop is not None else []) + self.next_carries + self.step_outputs

    @property
    def n_carries(self):
        return len(self.carry_inputs)

    # Each instance is its own Op (its inner graph is part of it).
    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __str__(self):
        return f"Scan{{{self.name}}}" if self.name else "Scan"

    __repr__ = __str__

    def output_types(self):
        types = []
        for k, c in enumerate(self.carry_inputs):
            types.append(stacked_type(c.type) if k in self.history else c.type)
        types += [stacked_type(y.type) for y in self.step_outputs]
        return types

    def make_node(self, n_steps, carries, sequences, invariants):
        from ..tensor.elemwise import cast
        from ..tensor.variable import as_tensor_variable

        n_steps = as_tensor_variable(n_steps)
        if n_steps.type.ndim != 0 or not dt.is_int(n_steps.type.dtype):
            raise SymcTypeError(f"scan{self._named()}: n_steps must be an integer scalar, got {n_steps.type}")
        if n_steps.type.dtype != "int64":
            n_steps = cast(n_steps, "int64")
        groups = (("initial state", carries, self.carry_inputs, False),
                  ("sequence", sequences, self.sequence_inputs, True),
                  ("non-sequence", invariants, self.invariant_inputs, False))
        inputs = [n_steps]
        for what, outer, inner, stacked in groups:
            if len(outer) != len(inner):
                raise SymcTypeError(f"scan{self._named()}: {len(outer)} {what}s for {len(inner)} placeholders")
            for k, (x, p) in enumerate(zip(outer, inner)):
                x = as_tensor_variable(x)
                want = stacked_type(p.type) if stacked else p.type
                if not fits(x.type, want):
                    raise SymcTypeError(f"scan{self._named()}: {what} #{k} must have type {want}, got {x.type}")
                inputs.append(x)
        return Apply(self, inputs, self.output_types())

    def split_inputs(self, inputs):
        nc, ns = self.n_carries, len(self.sequence_inputs)
        return inputs[0], inputs[1:1 + nc], inputs[1 + nc:1 + nc + ns], inputs[1 + nc + ns:]

    # -- reference implementation --------------------------------------------------
    def perform(self, node, inputs):
        from ..compile.reference import evaluate

        n, carries, sequences, invariants = self.split_inputs(inputs)
        n = int(n)
        if n < 0:
            raise ValueError(f"scan{self._named()}: the number of steps is {n}, it must not be negative")
        for k, s in enumerate(sequences):
            if s.shape[0] < n:
                raise ValueError(f"scan{self._named()}: sequence #{k} has {s.shape[0]} rows, fewer than the {n} steps")
        carries = [np.asarray(c) for c in carries]
        histories = {k: [carries[k].copy()] for k in self.history}
        outputs = [[] for _ in self.step_outputs]
        steps = 0
        for step in range(n):
            row = n - 1 - step if self.reverse else step
            values = evaluate(self.inner_inputs, self.inner_outputs,
                              carries + [s[row] for s in sequences] + list(invariants), check_types=False)
            stop = None
            if self.stop is not None:
                stop, values = bool(values[0]), values[1:]
            for k, (v, c) in enumerate(zip(values[:self.n_carries], carries)):
                if np.shape(v) != c.shape:
                    raise ValueError(f"scan{self._named()}: the next value of carry #{k} has shape {np.shape(v)}, "
                                     f"the carry has {c.shape} (a carry keeps its shape)")
            carries = [np.array(v, dtype=c.dtype) for v, c in zip(values[:self.n_carries], carries)]
            for k in self.history:
                histories[k].append(carries[k].copy())
            for j, v in enumerate(values[self.n_carries:]):
                outputs[j].append(np.asarray(v))
            steps += 1
            if stop:
                break
        results = []
        for k, c in enumerate(carries):
            results.append(np.stack(histories[k]) if k in self.history else c)
        shapes = self._step_shapes(carries, sequences, invariants) if steps == 0 else None
        for j, y in enumerate(self.step_outputs):
            if outputs[j]:
                arr = np.stack(outputs[j])
            else:
                shape = shapes[j] if shapes else tuple(s or 0 for s in y.type.shape)
                arr = np.zeros((0,) + shape, dtype=y.type.dtype)
            if self.reverse:
                arr = arr[::-1]
            results.append(np.ascontiguousarray(arr))
        return results

    def _step_shapes(self, carries, sequences, invariants):
        """The shapes of the step outputs when no step runs: the body
        evaluated once on zero rows of the sequences' row shapes. The
        compiled loop follows the body's shapes back to its operands'
        instead (convert-symc-scan-to-scf), which gives the same sizes
        wherever they follow from the operands' sizes. None when that step
        fails (data the body needs); the outputs' static sizes then stand, 0
        for dynamic ones, as in the compiled loop for sizes that are values
        of the step."""
        from ..compile.reference import evaluate

        rows = [np.zeros(s.shape[1:], dtype=s.dtype) for s in sequences]
        try:
            with np.errstate(all="ignore"):
                values = evaluate(self.inner_inputs, self.inner_outputs, list(carries) + rows + list(invariants),
                                  check_types=False)
        except (ValueError, IndexError, ArithmeticError):
            return None
        if self.stop is not None:
            values = values[1:]
        return [np.shape(v) for v in values[self.n_carries:]]

    # -- gradient ------------------------------------------------------------------
    def L_op(self, inputs, outputs, output_grads):
        from .grad import scan_grad

        return scan_grad(self, inputs, outputs, output_grads)

    def inner_clone(self, replace):
        """The inner outputs rebuilt on ``replace`` (pairs placeholder -> var)."""
        return clone(self.inner_outputs, replace=list(replace))
