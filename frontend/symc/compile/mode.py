"""Compilation modes and the pipelines they run. This is the one place that
maps a mode to MLIR pass pipelines.

A mode has two pipeline parts:

- ``optimizer``: symc -> symc rewrites (canonicalize, stabilize, specialize,
  fuse, ...), the part ``f.dump_mlir('optimized')`` shows;
- ``lowering``: symc -> LLVM (``symc-lower-to-llvm-pipeline``).

The optimizing pipelines of the predefined modes are not written yet (a later
issue); until then their ``optimizer`` is empty, so the optimized stage is the
input IR after parsing and verification. ``Mode(including=[...])`` appends the
named passes to the optimizer (a bare name runs on each function, as
``func.func(name)``; a name with parentheses is used as written), and
``excluding`` removes passes from it. The checking modes work now: ``DebugMode`` compares every call's
results with the NumPy reference evaluation of the graph, ``NanGuardMode``
rejects NaN and infinite outputs and updates before they are committed.
"""

from ..errors import SymcError

LOWERING = "symc-lower-to-llvm-pipeline"

# name -> (optimizer pipeline elements, checks)
_PREDEFINED = {
    "FAST_RUN": ((), ()),
    "FAST_COMPILE": ((), ()),
    "DebugMode": ((), ("debug",)),
    "NanGuardMode": ((), ("nan_guard",)),
}


class Mode:
    """How a function is compiled.

    Parameters
    ----------
    name : str
        'FAST_RUN' (default), 'FAST_COMPILE', 'DebugMode' or 'NanGuardMode'.
    including, excluding : sequence of str
        Names of rewrite passes to add to / remove from the mode's optimizer.
    opt_level : int
        LLVM optimization level of the generated code.
    """

    def __init__(self, name="FAST_RUN", including=(), excluding=(), opt_level=3, linker=None, optimizer=None):
        if isinstance(name, Mode):
            name = name.name
        if name not in _PREDEFINED:
            raise ValueError(f"unknown mode {name!r}; known modes: {', '.join(_PREDEFINED)}")
        if linker is not None or optimizer is not None:
            raise ValueError("symc.Mode takes a mode name with including/excluding; Theano's linker= and "
                             "optimizer= arguments have no meaning here")
        for group in (including, excluding):
            if isinstance(group, str):
                raise TypeError("including/excluding take a sequence of pass names, not a string")
        self.name = name
        self.including = tuple(including)
        self.excluding = tuple(excluding)
        self.opt_level = int(opt_level)
        base, self.checks = _PREDEFINED[name]
        kept = tuple(p for p in base if _pass_name(p) not in self.excluding)
        self.optimizer = kept + tuple(_anchored(p) for p in self.including if p not in self.excluding)

    def including_(self, *names):
        return Mode(self.name, self.including + names, self.excluding, self.opt_level)

    def excluding_(self, *names):
        return Mode(self.name, self.including, self.excluding + names, self.opt_level)

    @property
    def optimizer_pipeline(self):
        """The symc -> symc part as a pass-pipeline string."""
        return f"builtin.module({','.join(self.optimizer)})"

    @property
    def pipeline(self):
        """The complete pipeline handed to the native compiler."""
        return f"builtin.module({','.join(self.optimizer + (LOWERING,))})"

    @property
    def key(self):
        """What distinguishes compiled code of this mode from another's."""
        return (self.pipeline, self.opt_level, self.including, self.excluding)

    def __eq__(self, other):
        return isinstance(other, Mode) and self.name == other.name and self.key == other.key

    def __hash__(self):
        return hash((self.name, self.key))

    def __repr__(self):
        extra = ""
        if self.including:
            extra += f", including={list(self.including)}"
        if self.excluding:
            extra += f", excluding={list(self.excluding)}"
        return f"Mode({self.name!r}{extra})"


def _anchored(name):
    if not isinstance(name, str) or not name or any(c in name for c in " ,"):
        raise ValueError(f"including= takes pass names such as 'canonicalize', got {name!r}")
    return name if "(" in name else f"func.func({name})"


def _pass_name(element):
    return element[len("func.func("):-1] if element.startswith("func.func(") else element


def get_mode(mode):
    """``mode`` (None, a name or a Mode) as a Mode."""
    if mode is None:
        return Mode("FAST_RUN")
    if isinstance(mode, Mode):
        return mode
    if isinstance(mode, str):
        return Mode(mode)
    raise SymcError(f"mode must be None, a mode name or a symc.Mode, got {mode!r}")
