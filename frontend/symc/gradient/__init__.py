"""Gradients: ``symc.grad`` and ``symc.gradient.{jacobian, hessian, Lop, Rop,
disconnected_grad, zero_grad, verify_grad}``, and ``OpFromGraph`` for
expressions with a custom gradient.

Reverse mode works on the frontend graph (:mod:`.core`); each Op gives its
gradient with an ``L_op(inputs, outputs, output_grads)`` method (and, where a
pair of ops must be differentiated together to stay finite, a
``fused_L_op``). Gradient graphs are ordinary graphs: they are compiled,
printed, cloned and differentiated again like any other.
"""

from .core import DisconnectedInputError, GradientUndefinedError, Lop, grad
from .forward import Rop
from .jacobian import hessian, jacobian
from .op_from_graph import OpFromGraph
from .ops import DisconnectedGrad, ZeroGrad, disconnected_grad, stop_gradient, zero_grad
from .verify import GradientError, verify_grad

__all__ = ["grad", "Lop", "Rop", "jacobian", "hessian", "disconnected_grad", "stop_gradient", "zero_grad",
           "verify_grad", "OpFromGraph", "GradientError", "DisconnectedInputError", "GradientUndefinedError",
           "DisconnectedGrad", "ZeroGrad"]
