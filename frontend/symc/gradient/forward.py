"""Forward mode: ``symc.gradient.Rop``, the Jacobian-vector product.

It is computed by transposing reverse mode twice (the "double-Lop" trick):
with a placeholder ``u`` of the outputs' type, ``L(u) = Lop(f, wrt, u) =
J^T u`` is linear in ``u``, and the reverse-mode gradient of ``<L(u), v>``
with respect to ``u`` is ``J v``. Every Op with a gradient therefore has a
forward-mode rule, with the same stability, and no Op needs a second
(``R_op``) rule. ``u`` only survives in the result through its shape, so it
is replaced by zeros of the outputs' shape at the end.
"""

from ..errors import SymcTypeError
from ..graph.basic import Variable
from ..graph.replace import replace
from ..tensor.elemwise import cast, zeros_like_var
from ..tensor.variable import as_tensor_variable
from .core import ZERO, _MODES, _label, as_list, check_variables, is_float, reverse, zeros_for


def Rop(f, wrt, eval_points, disconnected_outputs="raise", return_disconnected="zero"):
    """The Jacobian-vector product ``d f / d wrt . eval_points`` (Theano's
    R-operator).

    Parameters
    ----------
    f : Variable or list of Variable
    wrt : Variable or list of Variable
    eval_points : like ``wrt``
        One direction per ``wrt`` variable, of its type.
    disconnected_outputs : {'raise', 'warn', 'ignore'}
        What to do with an output that depends on none of ``wrt``.
    return_disconnected : {'zero', 'none'}

    Returns
    -------
    Variable or list of Variable
        One product per output, of the output's type, in the structure of
        ``f``.
    """
    what = "symc.gradient.Rop"
    if disconnected_outputs not in _MODES:
        raise ValueError(f"disconnected_outputs must be one of {_MODES}, got {disconnected_outputs!r}")
    fs, rebuild = as_list(f, "f")
    ws, _ = as_list(wrt, "wrt")
    evs, _ = as_list(eval_points, "eval_points")
    check_variables(fs, f"{what}: f")
    check_variables(ws, f"{what}: wrt")
    if len(ws) != len(evs):
        raise SymcTypeError(f"{what}: {len(ws)} variables but {len(evs)} eval points")
    directions = []
    for w, v in zip(ws, evs):
        v = v if isinstance(v, Variable) else as_tensor_variable(v)
        if v.ndim != w.ndim:
            raise SymcTypeError(f"{what}: the eval point for {_label(w)} has {v.ndim} dimension(s)")
        if is_float(w) and v.dtype != w.dtype:
            v = cast(v, w.dtype)
        directions.append(v)
    placeholders = [fi.type.make_variable(name="rop_u") if is_float(fi) else None for fi in fs]
    seeds = [(fi, u) for fi, u in zip(fs, placeholders) if u is not None]
    transposed = reverse(seeds, ws, (), what, additive=True)
    second_seeds = [(g, v) for g, v, w in zip(transposed, directions, ws) if isinstance(g, Variable) and is_float(w)]
    us = [u for u in placeholders if u is not None]
    products = reverse(second_seeds, us, (), what, additive=True) if second_seeds else [None] * len(us)
    by_u = dict(zip(map(id, us), products))
    results = []
    for i, (fi, u) in enumerate(zip(fs, placeholders)):
        r = by_u.get(id(u)) if u is not None else None
        if all(g is None for g in reverse([(fi, ZERO)], ws, (), what)):
            _disconnected(fi, i, disconnected_outputs, what)
            results.append(None if return_disconnected == "none" else zeros_for(fi))
        else:
            results.append(r if isinstance(r, Variable) else zeros_for(fi))
    pairs = [(u, zeros_like_var(fi)) for fi, u in zip(fs, placeholders) if u is not None]
    symbolic = [r for r in results if isinstance(r, Variable)]
    if pairs and symbolic:
        replaced = iter(replace(symbolic, pairs))
        results = [next(replaced) if isinstance(r, Variable) else r for r in results]
    return rebuild(results)


def _disconnected(f, position, mode, what):
    import warnings

    message = (f"{what}: output {_label(f, position)} does not depend on any of the variables the directions are "
               "given for; pass disconnected_outputs='ignore' to get zeros")
    if mode == "raise":
        raise ValueError(message)
    if mode == "warn":
        warnings.warn(message, stacklevel=3)
