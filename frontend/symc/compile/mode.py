"""Compilation modes and the pipelines they run. This is the one place that
maps a mode to MLIR pass pipelines; the pipelines themselves are defined in
C++ (``passes/Passes.cpp``) and run by name.

A mode has two pipeline parts:

- ``optimizer``: symc -> symc rewrites, the part ``f.dump_mlir('optimized')``
  shows. ``FAST_RUN`` runs ``symc-optimize-pipeline`` (canonicalize + CSE,
  ``symc-stabilize``, ``symc-scan-pushout``, ``symc-specialize``, canonicalize + CSE);
  ``FAST_COMPILE`` runs ``symc-fast-compile-pipeline`` (CSE and
  ``symc-stabilize``: cheap, but as stable as FAST_RUN). ``DebugMode`` and
  ``NanGuardMode`` optimize as FAST_RUN does.
- ``lowering``: symc -> LLVM (``symc-lower-to-llvm-pipeline``).

``Mode(including=[...], excluding=[...])`` turns passes on and off by name:
a step of the mode's pipeline that is excluded is left out through the
pipeline's ``exclude=`` option; an included pass that the pipeline does not
run is appended to the optimizer (a bare name runs on each function, as
``func.func(name)``; a name with parentheses is used as written).

The checking modes: ``DebugMode`` runs every call optimized, unoptimized
(the lowering alone) and through the NumPy reference evaluation, compares the
results, checks that no input was modified and, with
``Mode('DebugMode', check_passes=True)``, also runs the program after each
optimizer step to name the step that changed a result (see
``symc.compile.checking``). ``NanGuardMode`` compiles run-time checks after
every value that is computed (``symc-nan-guard``), so the first op that
produces a NaN or an infinity is named, and no update is committed.
"""

from ..config import config
from ..errors import SymcError

LOWERING = "symc-lower-to-llvm-pipeline"


def lowering():
    """``symc-lower-to-llvm-pipeline`` with the options ``symc.config`` sets
    (``num_threads``: 0 = one thread per core, 1 = sequential code;
    ``math``: "libm" turns symc-approximate-math off, "approx-f64" leaves
    float32 to libmvec)."""
    options = []
    if config.num_threads != 0:
        options.append(f"threads={config.num_threads}")
    if config.math == "libm":
        options.append("approximate-math=0")
    elif config.math == "approx-f64":
        options.append("approximate-math-f32=0")
    return f"{LOWERING}{{{' '.join(options)}}}" if options else LOWERING


OPTIMIZE = "symc-optimize-pipeline"
FAST_COMPILE = "symc-fast-compile-pipeline"
NAN_GUARD = "func.func(symc-nan-guard)"

# The steps of each optimizer pipeline, in order, as passes/Passes.cpp builds
# them (tests/e2e compares this with `symc-opt --dump-pass-pipeline`). Each
# runs on every function.
PIPELINE_STEPS = {
    OPTIMIZE: ("canonicalize", "cse", "symc-stabilize", "symc-scan-pushout", "symc-specialize", "canonicalize",
               "cse"),
    FAST_COMPILE: ("cse", "symc-stabilize"),
}

# Every pass name `excluding=` may name.
STEP_NAMES = frozenset(name for steps in PIPELINE_STEPS.values() for name in steps)

# name -> (optimizer pipeline, checks)
_PREDEFINED = {
    "FAST_RUN": (OPTIMIZE, ()),
    "FAST_COMPILE": (FAST_COMPILE, ()),
    "DebugMode": (OPTIMIZE, ("debug",)),
    "NanGuardMode": (OPTIMIZE, ("nan_guard",)),
}


class Mode:
    """How a function is compiled.

    Parameters
    ----------
    name : str
        'FAST_RUN' (default), 'FAST_COMPILE', 'DebugMode' or 'NanGuardMode'.
    including, excluding : sequence of str
        Names of passes to add to / remove from the mode's optimizer, e.g.
        ``excluding=['symc-specialize']``. Excluded names must be steps of the
        optimizer pipelines (canonicalize, cse, symc-stabilize,
        symc-scan-pushout, symc-specialize) or included names.
    opt_level : int
        LLVM optimization level of the generated code.
    check_passes : bool
        DebugMode only: also run the program after each optimizer step and
        name the step that changed a result.
    """

    def __init__(self, name="FAST_RUN", including=(), excluding=(), opt_level=3, linker=None, optimizer=None,
                 check_passes=False):
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
        if check_passes and name != "DebugMode":
            raise ValueError(f"check_passes=True is a DebugMode option, not one of {name}")
        self.name = name
        self.including = tuple(including)
        self.excluding = tuple(excluding)
        self.opt_level = int(opt_level)
        self.check_passes = bool(check_passes)
        for p in self.including:
            _check_name(p, "including")
        for p in self.excluding:
            _check_name(p, "excluding")
            if p not in STEP_NAMES and p not in self.including:
                raise ValueError(f"excluding={list(self.excluding)}: {p!r} is not a pass of the optimizer; the "
                                 f"passes are {', '.join(sorted(STEP_NAMES))}")
        self.base_pipeline, self.checks = _PREDEFINED[name]
        self.steps = tuple(s for s in PIPELINE_STEPS[self.base_pipeline] if s not in self.excluding)
        dropped = sorted({s for s in PIPELINE_STEPS[self.base_pipeline] if s in self.excluding})
        base = self.base_pipeline + (f"{{exclude={','.join(dropped)}}}" if dropped else "")
        added = tuple(p for p in self.including if p not in self.excluding and p not in self.steps)
        self.steps += added
        self.optimizer = (base,) + tuple(_anchored(p) for p in added)

    def including_(self, *names):
        return Mode(self.name, self.including + names, self.excluding, self.opt_level,
                    check_passes=self.check_passes)

    def excluding_(self, *names):
        return Mode(self.name, self.including, self.excluding + names, self.opt_level,
                    check_passes=self.check_passes)

    @property
    def optimizer_pipeline(self):
        """The symc -> symc part as a pass-pipeline string."""
        return f"builtin.module({','.join(self.optimizer)})"

    @property
    def pipeline(self):
        """The complete pipeline handed to the native compiler."""
        checks = (NAN_GUARD,) if "nan_guard" in self.checks else ()
        return f"builtin.module({','.join(self.optimizer + checks + (lowering(),))})"

    def step_pipelines(self):
        """(step name, symc -> symc pipeline running the optimizer up to and
        including that step) for each step, in order: what DebugMode's
        per-pass check compiles."""
        elements = [_anchored(s) for s in self.steps]
        return [(step, f"builtin.module({','.join(elements[:k + 1])})") for k, step in enumerate(self.steps)]

    @property
    def key(self):
        """What distinguishes compiled code of this mode from another's (the
        checks of DebugMode run in Python: its code is FAST_RUN's)."""
        return (self.pipeline, self.opt_level)

    def _identity(self):
        return (self.name, self.key, self.including, self.excluding, self.check_passes)

    def __eq__(self, other):
        return isinstance(other, Mode) and self._identity() == other._identity()

    def __hash__(self):
        return hash(self._identity())

    def __repr__(self):
        extra = ""
        if self.including:
            extra += f", including={list(self.including)}"
        if self.excluding:
            extra += f", excluding={list(self.excluding)}"
        if self.check_passes:
            extra += ", check_passes=True"
        return f"Mode({self.name!r}{extra})"


def _check_name(name, what):
    if not isinstance(name, str) or not name or any(c in name for c in " ,"):
        raise ValueError(f"{what}= takes pass names such as 'canonicalize', got {name!r}")


def _anchored(name):
    return name if "(" in name else f"func.func({name})"


def get_mode(mode):
    """``mode`` (None, a name or a Mode) as a Mode."""
    if mode is None:
        return Mode("FAST_RUN")
    if isinstance(mode, Mode):
        return mode
    if isinstance(mode, str):
        return Mode(mode)
    raise SymcError(f"mode must be None, a mode name or a symc.Mode, got {mode!r}")
