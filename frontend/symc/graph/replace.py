"""Copying graphs and substituting variables (Theano's clone and givens)."""

from ..errors import SymcTypeError
from .basic import Constant
from .traversal import toposort


def clone(outputs, replace=None, copy_inputs=False, copy_constants=False):
    """Copies the graph computing ``outputs``.

    Parameters
    ----------
    outputs : Variable or list of Variable
    replace : dict or list of pairs, optional
        ``{old: new}``: wherever the graph uses ``old`` it uses ``new``
        instead (``new`` is not copied).
    copy_inputs : bool
        Also copy the root variables (inputs and shared variables); by default
        the copy uses the same inputs.
    copy_constants : bool
        Also copy constants.

    Returns
    -------
    Variable or list of Variable
        The copies of ``outputs`` (the same structure). Every node of the copy
        is new.
    """
    if not isinstance(outputs, (list, tuple)):
        return clone([outputs], replace, copy_inputs, copy_constants)[0]
    memo = _initial_memo(replace)
    blockers = [old for old in memo_keys(replace)]
    for node in toposort(outputs, blockers=blockers):
        for var in node.inputs:
            if id(var) not in memo and var.owner is None:
                if isinstance(var, Constant):
                    memo[id(var)] = var.clone() if copy_constants else var
                else:
                    memo[id(var)] = var.clone() if copy_inputs else var
        new_inputs = [memo.get(id(v), v) for v in node.inputs]
        new_node = node.clone_with_new_inputs(new_inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            memo[id(old)] = new
    result = []
    for out in outputs:
        if id(out) not in memo:
            if out.owner is None and (copy_inputs and not isinstance(out, Constant)):
                memo[id(out)] = out.clone()
        result.append(memo.get(id(out), out))
    return result


def replace(outputs, replacements):
    """Substitutes variables in the graph of ``outputs`` (givens).

    Only nodes that depend on a replaced variable are rebuilt; the rest of the
    graph is shared with the original. Replacements must have the replaced
    variable's dtype and rank; a replacement with a more static shape makes
    the rebuilt nodes' types more static too.

    Returns the new outputs, in order.
    """
    pairs = _pairs(replacements)
    for old, new in pairs:
        check_replacement(old, new)
    memo = {id(old): new for old, new in pairs}
    blockers = [old for old, _ in pairs]
    for node in toposort(outputs, blockers=blockers):
        new_inputs = [memo.get(id(v), v) for v in node.inputs]
        if all(a is b for a, b in zip(new_inputs, node.inputs)):
            continue
        new_node = node.clone_with_new_inputs(new_inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            memo[id(old)] = new
    return [memo.get(id(out), out) for out in outputs]


def check_replacement(old, new):
    """Raises SymcTypeError unless ``new`` may stand for ``old``."""
    ot, nt = old.type, new.type
    if type(ot) is not type(nt) or getattr(ot, "dtype", None) != getattr(nt, "dtype", None) \
            or getattr(ot, "ndim", None) != getattr(nt, "ndim", None):
        raise SymcTypeError(f"cannot replace {old} of type {ot} by {new} of type {nt}: "
                            "a replacement needs the same dtype and number of dimensions")
    for d, (a, b) in enumerate(zip(getattr(ot, "shape", ()), getattr(nt, "shape", ()))):
        if a is not None and b is not None and a != b:
            raise SymcTypeError(f"cannot replace {old} of shape {ot.shape_str()} by {new} of shape "
                                f"{nt.shape_str()}: static sizes differ along dimension {d}")


def _pairs(replacements):
    if replacements is None:
        return []
    if isinstance(replacements, dict):
        return list(replacements.items())
    return [tuple(p) for p in replacements]


def memo_keys(replacements):
    return [old for old, _ in _pairs(replacements)]


def _initial_memo(replacements):
    return {id(old): new for old, new in _pairs(replacements)}
