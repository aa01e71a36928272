"""Exceptions raised by symc.

Shape and dtype problems visible while a graph is built raise
:class:`SymcTypeError` (a ``TypeError``) at that moment; a failing compiler
pipeline raises :class:`SymcCompilationError` with the MLIR diagnostics and a
``symc-opt`` command line that reproduces it.
"""


class SymcError(Exception):
    """Base class of symc's own exceptions."""


class SymcTypeError(SymcError, TypeError):
    """An expression whose types or static shapes do not fit together."""


class SymcCompilationError(SymcError, RuntimeError):
    """The MLIR pipeline failed on a function's IR.

    Attributes
    ----------
    diagnostics : str
        The MLIR diagnostics, with locations pointing at user code.
    ir_path : str or None
        Where the failing IR was written.
    repro : str or None
        A ``symc-opt`` command line that reproduces the failure.
    """

    def __init__(self, message, diagnostics="", ir_path=None, repro=None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.ir_path = ir_path
        self.repro = repro


class MissingInputError(SymcError, ValueError):
    """An output of a function depends on a variable that is neither an input
    of the function, a shared variable nor a constant."""


class UnusedInputError(SymcError, ValueError):
    """An input of a function is not used by its outputs or updates (see
    ``on_unused_input``)."""


class DebugModeError(SymcError, AssertionError):
    """DebugMode found a compiled result that differs from the reference
    evaluation of the graph. ``result`` is the position of that result
    among the function's outputs followed by its updates' new values (None
    when the error is a modified input)."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


class NanGuardError(SymcError, ValueError):
    """NanGuardMode found a NaN or an infinity in a result."""
