"""Function inputs and outputs (``symc.In``, ``symc.Out``) and the
conversion of call arguments."""

from ..errors import SymcTypeError
from ..graph.basic import Constant, Variable


class _NoValue:
    def __repr__(self):
        return "<no value>"


NO_VALUE = _NoValue()


class In:
    """An explicit input of a function with options.

    Parameters
    ----------
    variable : Variable
        A root variable (not a constant or a shared variable).
    name : str, optional
        The keyword for calls (default: the variable's name).
    value : optional
        A default used when the call does not give the argument.
    mutable : bool
        The function may overwrite the argument's buffer (Theano's
        destructive inputs): symc-inplace then lets elementwise results reuse
        it when the value dies. The array's contents after a call are
        unspecified; a read-only array is copied first.
    borrow : bool
        The function may keep a reference to the argument's buffer (a
        permission; arguments are not retained after a call).
    """

    def __init__(self, variable, name=None, value=NO_VALUE, mutable=False, borrow=False):
        if not isinstance(variable, Variable):
            raise SymcTypeError(f"symc.In takes a symbolic variable, got {variable!r}")
        self.variable = variable
        self.name = name if name is not None else variable.name
        self.value = value
        self.mutable = bool(mutable)
        self.borrow = bool(borrow)

    @property
    def has_default(self):
        return self.value is not NO_VALUE

    def __repr__(self):
        extra = f", value={self.value!r}" if self.has_default else ""
        return f"In({self.variable}, name={self.name!r}{extra})"


class Out:
    """An output of a function with options.

    Parameters
    ----------
    variable : Variable
    borrow : bool
        The caller accepts an output that aliases an input or that the next
        call may overwrite. An output that is an explicit input, or a
        transpose/dimshuffle/constant-bounds slice of one, then comes back as
        a NumPy view of the argument (no copy), except in the checking modes,
        for ``In(mutable=True)`` inputs and in functions with updates. Other
        outputs are fresh arrays either way; without ``borrow`` every output
        is a fresh array.
    """

    def __init__(self, variable, borrow=False):
        if not isinstance(variable, Variable):
            from ..tensor.variable import as_tensor_variable

            variable = as_tensor_variable(variable)
        self.variable = variable
        self.borrow = bool(borrow)

    def __repr__(self):
        return f"Out({self.variable}, borrow={self.borrow})"


class Converter:
    """The ``convert(position, value)`` callback of a bound function: applies
    Theano's casting rules (``TensorType.filter``) for the explicit input at
    ``position``; raises TypeError/ValueError naming the input."""

    __slots__ = ("types", "labels", "allow_downcast")

    def __init__(self, inputs, allow_downcast, function_name):
        self.types = [i.variable.type for i in inputs]
        fname = function_name or "function"
        self.labels = [f"input {k} ({i.name!r}) of {fname}" if i.name else f"input {k} of {fname}"
                       for k, i in enumerate(inputs)]
        self.allow_downcast = allow_downcast

    def __call__(self, position, value):
        return self.types[position].filter(value, self.allow_downcast, what=self.labels[position])


def check_explicit_input(var, position):
    from ..tensor.sharedvar import SharedVariable
    from ..tensor.type import TensorType

    if isinstance(var, SharedVariable):
        raise SymcTypeError(f"input {position}: shared variable {var} cannot be an explicit input; shared "
                            "variables are implicit inputs of every function using them (to substitute a value, "
                            "use givens={shared: other_variable})")
    if isinstance(var, Constant):
        raise SymcTypeError(f"input {position}: the constant {var} cannot be an input")
    if var.owner is not None:
        raise SymcTypeError(f"input {position}: {var} is computed by {var.owner.op} (created at {var.owner.trace}); "
                            "inputs must be root variables such as st.dmatrix('x') (use givens to substitute an "
                            "intermediate value)")
    if not isinstance(var.type, TensorType):
        raise SymcTypeError(f"input {position}: {var} of type {var.type} is not a tensor")
