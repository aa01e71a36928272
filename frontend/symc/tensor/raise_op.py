"""Run-time assertions: PyTensor's ``CheckAndRaise`` and ``Assert``
(``symc.assert``).

``Assert("x must be positive")(x, st.all(x > 0))`` is ``x``, and a call of a
function that uses it raises ``AssertionError`` where a condition is false.
As in Theano, an assertion checks something only when its value is used:
compute with what it returns (a use of its shape alone does not count, since
the shape is its operand's). Failing calls change no shared variable."""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op
from .variable import as_tensor_variable

#: The exceptions a failed check may raise: the runtime knows these two.
EXCEPTION_TYPES = (AssertionError, ValueError)


class CheckAndRaise(Op):
    """``op(value, *conditions)`` is ``value``; where one of the conditions is
    false the call raises ``exc_type(msg)``. A condition may be any bool or
    number tensor: it holds where all its elements are true (non-zero)."""

    __props__ = ("exc_type", "msg")
    mnemonic = "assert"

    def __init__(self, exc_type, msg=""):
        if exc_type not in EXCEPTION_TYPES:
            names = " or ".join(t.__name__ for t in EXCEPTION_TYPES)
            raise SymcTypeError(f"CheckAndRaise raises {names}, not {exc_type!r}")
        if not isinstance(msg, str):
            raise SymcTypeError(f"CheckAndRaise's message must be a str, got {msg!r}")
        self.exc_type = exc_type
        self.msg = msg

    def make_node(self, value, *conditions):
        from .math import neq
        from .reduction import all as all_

        value = as_tensor_variable(value)
        conds = []
        for c in conditions:
            c = as_tensor_variable(c)
            if c.dtype != "bool":
                c = neq(c, 0)
            conds.append(all_(c) if c.ndim else c)
        return Apply(self, [value, *conds], [value.type])

    def perform(self, node, inputs):
        value, *conds = inputs
        if not all(bool(c) for c in conds):
            raise self.exc_type(self.msg)
        return [np.array(value, copy=True)]

    def connection_pattern(self, node):
        return [[True]] + [[False] for _ in node.inputs[1:]]

    def L_op(self, inputs, outputs, output_grads):
        return [output_grads[0]] + [None] * (len(inputs) - 1)


class Assert(CheckAndRaise):
    """``Assert(msg)(value, *conditions)``: ``value``, or ``AssertionError(msg)``
    where a condition is false (Theano's and PyTensor's ``Assert``)."""

    __props__ = ("msg",)

    def __init__(self, msg="Assertion failed"):
        super().__init__(AssertionError, msg)


#: ``assert_op(value, *conditions)``, with the default message.
assert_op = Assert()
