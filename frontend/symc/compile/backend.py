"""Access to the native backend, if it is built.

``symc.compile.native`` is the only module that imports the extension
``symc._native``; everything else asks this module whether it is there, so
that graph building, emission and the tests of the frontend work without a
native build.
"""


def native():
    """The ``symc.compile.native`` module when the extension is importable,
    else None."""
    try:
        from . import native as module
    except ImportError:
        return None
    return module if module.available() else None


def require_native(what):
    """The native module, or a RuntimeError saying how to get it."""
    module = native()
    if module is None:
        from ..errors import SymcError

        class NativeUnavailableError(SymcError, RuntimeError):
            pass

        raise NativeUnavailableError(
            f"{what} needs the native extension symc._native, which is not importable here; build and install "
            "symc with `make setup` (graph building, printing and IR emission work without it)")
    return module


class PythonCell:
    """Storage of a shared variable when the native extension is absent: the
    same ``value`` and ``name`` attributes as ``_native.SharedCell``."""

    __slots__ = ("value", "name")

    def __init__(self, value, name=None):
        self.value = value
        self.name = name


def make_cell(array, name=None):
    """A storage cell for a shared variable's value (``name`` appears in the
    native layer's error messages)."""
    module = native()
    if module is not None:
        return module.SharedCell(array, name=name)
    return PythonCell(array, name)
