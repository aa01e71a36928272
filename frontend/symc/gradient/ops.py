"""Ops that only change how gradients flow: ``stop_gradient``
(``disconnected_grad``) and ``zero_grad``. Both are the identity on values;
the emitter writes no op for them."""

import numpy as np

from ..graph.basic import Apply, Op
from ..tensor.variable import as_tensor_variable


class _GradientGate:
    """The identity on values (``perform`` copies the input); a mixin."""

    __props__ = ()

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type])

    def perform(self, node, inputs):
        return [np.array(inputs[0], copy=True)]


class DisconnectedGrad(_GradientGate, Op):
    """Gradients do not flow through: the input is disconnected from
    whatever uses the result (``st.stop_gradient``)."""

    mnemonic = "stop_gradient"

    def connection_pattern(self, node):
        return [[False]]

    def L_op(self, inputs, outputs, output_grads):
        return [None]


class ZeroGrad(_GradientGate, Op):
    """The gradient through it is zero; the input stays connected
    (``symc.gradient.zero_grad``)."""

    mnemonic = "zero_grad"

    def L_op(self, inputs, outputs, output_grads):
        from .core import ZERO

        return [ZERO]


def disconnected_grad(x):
    """``x`` as a value, but a constant for gradients: ``symc.grad`` treats
    whatever depends on ``x`` only through this as disconnected from the
    variables ``x`` is computed from (``st.stop_gradient``)."""
    return DisconnectedGrad()(x)


stop_gradient = disconnected_grad


def zero_grad(x):
    """``x`` as a value, with a zero gradient: the variables ``x`` is
    computed from stay connected to the cost (no DisconnectedInputError) but
    receive nothing through it."""
    return ZeroGrad()(x)
