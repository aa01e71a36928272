"""``jacobian`` and ``hessian``: one reverse pass per element of the
expression.

Until ``symc.scan`` exists (it will iterate over the rows symbolically, as
Theano's jacobian does), the rows are unrolled in the graph, so the
expression needs a static shape: its number of elements is the number of
reverse passes.
"""

import numpy as np

from ..errors import SymcTypeError
from ..tensor import dtype as dt
from ..tensor.elemwise import describe
from ..tensor.shape import reshape, shape, stack, zeros
from ..tensor.variable import as_tensor_variable
from .core import _check_modes, as_list, check_variables, grad, handle_disconnected, zeros_for


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Jacobian of ``expression`` with respect to ``wrt``.

    For each ``wrt`` variable the result has shape ``expression.shape +
    wrt.shape``: element ``[i..., j...]`` is ``d expression[i...] /
    d wrt[j...]``. A 0-d expression gives its gradient. The expression must
    have a static shape (see the module docstring).
    """
    what = "symc.gradient.jacobian"
    _check_modes(disconnected_inputs, "zero")
    expr = as_tensor_variable(expression)
    items, rebuild = as_list(wrt, "wrt")
    check_variables(items, f"{what}: wrt")
    if not dt.is_float(expr.dtype):
        raise SymcTypeError(f"{what}: the expression must be a float tensor, got dtype {expr.dtype}")
    if expr.ndim == 0:
        return grad(expr, wrt, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
    if any(s is None for s in expr.type.shape):
        raise SymcTypeError(f"{what}: {describe(expr)} has shape {expr.type.shape_str()}; the jacobian unrolls one "
                            "reverse pass per element, so every size must be static (give the inputs static "
                            "shapes, e.g. st.tensor('float64', shape=(3,)))")
    n = int(np.prod(expr.type.shape))
    flat = reshape(expr, (n,))
    rows = [grad(flat[i], items, consider_constant=consider_constant, disconnected_inputs="ignore",
                 return_disconnected="none") for i in range(n)]
    results = []
    for k, w in enumerate(items):
        column = [row[k] for row in rows]
        if all(g is None for g in column):
            handle_disconnected(w, k, disconnected_inputs, what)
        column = [zeros_for(w) if g is None else g for g in column]
        w_dims = [s if s is not None else shape(w)[d] for d, s in enumerate(w.type.shape)]
        dims = list(expr.type.shape) + w_dims
        if n == 0:
            results.append(zeros(dims, dtype=dt.as_float(w.dtype)))
        else:
            results.append(reshape(stack(column), dims))
    return rebuild(results)


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Hessian of the scalar ``cost`` with respect to each of ``wrt``
    (shape ``wrt.shape + wrt.shape``): the jacobian of its gradient. The
    variables need static shapes (see the module docstring)."""
    items, rebuild = as_list(wrt, "wrt")
    check_variables(items, "symc.gradient.hessian: wrt")
    out = []
    for w in items:
        g = grad(cost, w, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
        # A gradient that does not depend on w (a linear cost) has a zero Hessian.
        out.append(jacobian(_static_like(g, w), w, consider_constant=consider_constant, disconnected_inputs="ignore"))
    return rebuild(out)


def _static_like(g, w):
    """``g`` with the static shape of ``w`` where it lost it."""
    if all(s is not None for s in g.type.shape) or any(s is None for s in w.type.shape):
        return g
    return reshape(g, w.type.shape)
