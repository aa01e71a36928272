"""symc.function: from a graph to a callable compiled function.

Walk-through of :class:`FunctionMaker`:

1. Normalize the arguments: explicit inputs (variables or ``In``), outputs
   (a variable, a list or None; ``Out`` wrappers), updates (pairs or a dict),
   givens.
2. Substitute the givens in the outputs and the update expressions
   (``symc.graph.replace``); shared variables the result depends on become
   implicit inputs after the explicit ones.
3. Build the FunctionGraph (inputs: explicit then shared; outputs: the user's
   outputs then the new values of the updated shared variables); a free
   variable is a MissingInputError, an unused explicit input follows
   ``on_unused_input``.
4. Emit the symc IR (``symc.emit``) and get the compiled executable from the
   in-process cache or from the native compiler (which has its own persistent
   cache), running the mode's pipeline.
5. Bind it (``exe.bind``): keyword names and defaults of the explicit
   inputs, the shared variables' cells, which results are updates (committed
   by the native layer only when the whole call succeeded), the output
   format, and the ``convert`` callback implementing ``allow_input_downcast``.
"""

import os
import time
import warnings
from types import SimpleNamespace


from ..config import config
from ..errors import SymcCompilationError, SymcTypeError, UnusedInputError
from ..graph.basic import Variable
from ..graph.fgraph import FunctionGraph
from ..graph.replace import check_replacement, replace
from ..graph.traversal import toposort
from . import backend, memo
from .checking import CheckedCall
from .io import Converter, In, Out, check_explicit_input
from .mode import get_mode

_ON_UNUSED = ("raise", "warn", "ignore")


def _as_variable(value, what):
    from ..tensor.variable import as_tensor_variable

    if isinstance(value, Variable):
        return value
    try:
        return as_tensor_variable(value)
    except SymcTypeError as e:
        raise SymcTypeError(f"{what}: {e}") from None


def _updates_list(updates):
    if updates is None:
        return []
    if isinstance(updates, dict):
        return list(updates.items())
    result = []
    for item in updates:
        try:
            shared, value = item
        except (TypeError, ValueError):
            raise SymcTypeError(f"updates must be (shared_variable, new_value) pairs or a dict, got {item!r}") from None
        result.append((shared, value))
    return result


def _check_update(shared, value):
    from ..tensor.elemwise import to_dtype
    from ..tensor.sharedvar import SharedVariable
    from ..tensor.variable import is_weak

    if not isinstance(shared, SharedVariable):
        raise SymcTypeError(f"updates: {shared} is not a shared variable; only variables made with symc.shared "
                            "can be updated")
    if is_weak(value) or not isinstance(value, Variable):
        value = to_dtype(value, shared.dtype)
    if value.type.dtype != shared.type.dtype:
        raise SymcTypeError(f"updates: the new value of shared variable {shared} must have its type {shared.type}, "
                            f"got {value.type}; cast the expression (e.g. .astype('{shared.dtype}'))")
    if value.type.ndim != shared.type.ndim:
        raise SymcTypeError(f"updates: the new value of shared variable {shared} must have its type {shared.type}, "
                            f"got {value.type} with {value.type.ndim} dimension(s)")
    for d, (a, b) in enumerate(zip(shared.type.shape, value.type.shape)):
        if a is not None and b is not None and a != b:
            raise SymcTypeError(f"updates: the new value of shared variable {shared} has shape "
                                f"{value.type.shape_str()} but the variable's type fixes {shared.type.shape_str()}")
    return value


def _givens_list(givens):
    if givens is None:
        return []
    items = list(givens.items()) if isinstance(givens, dict) else [tuple(p) for p in givens]
    result = []
    for old, new in items:
        if not isinstance(old, Variable):
            raise SymcTypeError(f"givens: keys must be symbolic variables, got {old!r}")
        if not isinstance(new, Variable):
            from ..tensor.elemwise import to_dtype

            new = to_dtype(new, old.type.dtype)
        check_replacement(old, new)
        result.append((old, new))
    return result


class ProfileStats:
    """Timings of one function (``symc.function(..., profile=True)``)."""

    def __init__(self, name):
        self.name = name
        self.emit_s = 0.0
        self.compile_s = 0.0
        self.from_cache = None
        self.calls = 0
        self.call_s = 0.0

    def summary(self):
        per = self.call_s / self.calls * 1e6 if self.calls else 0.0
        cache = {None: "n/a", True: "yes", False: "no"}[self.from_cache]
        return (f"Function profile: {self.name}\n"
                f"  IR emission:   {self.emit_s * 1e3:.3f} ms\n"
                f"  compilation:   {self.compile_s * 1e3:.3f} ms (cached: {cache})\n"
                f"  calls:         {self.calls}, {self.call_s * 1e3:.3f} ms in total, {per:.2f} us per call")

    def __repr__(self):
        return self.summary()


class FunctionMaker:
    """Builds and holds everything a compiled function is made of.

    Attributes
    ----------
    inputs : list of In
    outputs : list of Out
    updates : list of (SharedVariable, Variable)
        After givens; in order.
    shared : list of SharedVariable
        The implicit inputs, in signature order.
    fgraph : FunctionGraph
        The graph that is compiled (the frontend does not optimize it).
    ir : str
        The symc IR handed to the compiler.
    mode : Mode
    executable : the native executable (None until compiled)
    """

    def __init__(self, inputs, outputs=None, updates=None, givens=None, mode=None, name=None,
                 on_unused_input="raise", allow_input_downcast=None, profile=False):
        if on_unused_input not in _ON_UNUSED:
            raise ValueError(f"on_unused_input must be one of {_ON_UNUSED}, got {on_unused_input!r}")
        self.name = name
        self.mode = get_mode(mode)
        self.allow_input_downcast = allow_input_downcast
        self.profile = ProfileStats(name or "<unnamed>") if profile else None
        t0 = time.perf_counter()

        # 1. Arguments.
        if isinstance(inputs, (Variable, In)):
            raise SymcTypeError("symc.function's inputs must be a list (e.g. [x]), got a single variable")
        self.inputs = [i if isinstance(i, In) else In(i) for i in inputs]
        seen = set()
        for k, i in enumerate(self.inputs):
            check_explicit_input(i.variable, k)
            if id(i.variable) in seen:
                raise SymcTypeError(f"input {k}: {i.variable} is given twice")
            seen.add(id(i.variable))
        names = [i.name for i in self.inputs if i.name is not None]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise SymcTypeError(f"several inputs are named {sorted(dup)}; keyword calls would be ambiguous (give "
                                "them distinct names with symc.In(var, name=...))")
        if outputs is None:
            self.output_kind, outs = "none", []
        elif isinstance(outputs, (list, tuple)):
            self.output_kind, outs = "list", list(outputs)
        else:
            self.output_kind, outs = "single", [outputs]
        self.outputs = [Out(o.variable, o.borrow) if isinstance(o, Out) else Out(_as_variable(o, f"output {k}"))
                        for k, o in enumerate(outs)]
        updates = _updates_list(updates)
        checked, updated = [], set()
        for shared, value in updates:
            value = _check_update(shared, value)
            if id(shared) in updated:
                raise SymcTypeError(f"updates: shared variable {shared} is updated twice")
            updated.add(id(shared))
            checked.append((shared, value))

        # 2. Givens.
        out_vars = [o.variable for o in self.outputs]
        upd_vars = [v for _, v in checked]
        pairs = _givens_list(givens)
        if pairs:
            replaced = replace(out_vars + upd_vars, pairs)
            out_vars, upd_vars = replaced[:len(out_vars)], replaced[len(out_vars):]
            for o, v in zip(self.outputs, out_vars):
                o.variable = v
        self.updates = [(s, v) for (s, _), v in zip(checked, upd_vars)]

        # 3. The graph and its implicit inputs.
        from ..tensor.sharedvar import SharedVariable

        all_outputs = out_vars + upd_vars
        explicit = [i.variable for i in self.inputs]
        nodes = toposort(all_outputs, blockers=explicit)
        explicit_ids = set(map(id, explicit))
        used_ids, self.shared = set(), []
        for var in [v for node in nodes for v in node.inputs] + all_outputs:
            if var.owner is None or id(var) in explicit_ids:
                if id(var) not in used_ids and isinstance(var, SharedVariable) and id(var) not in explicit_ids:
                    self.shared.append(var)
                used_ids.add(id(var))
        self.fgraph = FunctionGraph(explicit + self.shared, all_outputs, apply_nodes=nodes)
        for k, i in enumerate(self.inputs):
            if id(i.variable) not in used_ids:
                msg = (f"symc.function was asked to compute outputs from input {k} ({i.variable}), which is not "
                       "part of the graph of the outputs and updates. To make this a warning, pass "
                       "on_unused_input='warn' to symc.function; to allow it, on_unused_input='ignore'.")
                if on_unused_input == "raise":
                    raise UnusedInputError(msg)
                if on_unused_input == "warn":
                    warnings.warn(msg, stacklevel=3)

        # 4. IR.
        from ..emit import emit_module
        from ..emit.mlir import symbol_name

        self.symbol = symbol_name(name or "f")
        self.ir = emit_module(self.fgraph, self.symbol)
        if self.profile is not None:
            self.profile.emit_s = time.perf_counter() - t0
        self.executable = None
        self.converter = Converter(self.inputs, allow_input_downcast, name or "function")

    # -- compilation -----------------------------------------------------------
    def compile(self):
        """The native executable of this function (in-process cache first)."""
        t0 = time.perf_counter()
        native = backend.require_native("symc.function")
        if config.device != "cpu":
            warnings.warn(f"symc.config.device={config.device!r}: symc.function only compiles for the CPU so far; "
                          "this function runs on the CPU", stacklevel=3)
        key = memo.key(self.ir, self.symbol, self.mode)
        # SYMC_ALWAYS_COMPILE bypasses both caches (the native layer reads it too).
        always = os.environ.get("SYMC_ALWAYS_COMPILE", "").lower() in ("1", "true", "yes", "on")
        exe = None if always else memo.lookup(key)
        if exe is None:
            try:
                exe = native.compile(self.ir, self.symbol, pipeline=self.mode.pipeline,
                                     cache_dir=config.compiledir, opt_level=self.mode.opt_level,
                                     dump_dir=os.environ.get("SYMC_DUMP_DIR"))
            except SymcCompilationError:
                raise
            except RuntimeError as e:
                if not hasattr(e, "diagnostics"):
                    raise
                raise SymcCompilationError(f"compiling {self.name or self.symbol} failed:\n{e}",
                                           diagnostics=getattr(e, "diagnostics", ""),
                                           ir_path=getattr(e, "ir_path", None),
                                           repro=getattr(e, "repro", None)) from e
            memo.store(key, exe)
            cached = bool(getattr(exe, "from_cache", False))
        else:
            cached = True
        self.executable = exe
        if self.profile is not None:
            self.profile.compile_s = time.perf_counter() - t0
            self.profile.from_cache = cached
        return exe

    def compile_variant(self, ir, pipeline):
        """An executable of this function's signature compiled from `ir`
        (this function's IR, or a stage of it) with `pipeline`, as the
        checking modes compare against."""
        native = backend.require_native("symc.function")
        key = memo.key(ir, self.symbol, SimpleNamespace(key=("variant", pipeline, self.mode.opt_level)))
        exe = memo.lookup(key)
        if exe is None:
            exe = native.compile(ir, self.symbol, pipeline=pipeline, cache_dir=config.compiledir,
                                 opt_level=self.mode.opt_level, dump_dir=os.environ.get("SYMC_DUMP_DIR"))
            memo.store(key, exe)
        return exe

    def defaults(self, no_default):
        values = []
        for k, i in enumerate(self.inputs):
            if i.has_default:
                values.append(self.converter(k, i.value))
            else:
                values.append(no_default)
        return values

    def create(self):
        """Compiles and binds: the Function users call."""
        exe = self.compile()
        native = backend.require_native("symc.function")
        n_out = len(self.outputs)
        cells = [s.container for s in self.shared]
        checks = self.mode.checks
        names = [i.name for i in self.inputs]
        defaults = self.defaults(native.NO_DEFAULT)
        if not checks:
            updates = [(n_out + j, s.container) for j, (s, _) in enumerate(self.updates)]
            call = exe.bind(names=names, defaults=defaults, shared=cells, updates=updates, n_outputs=n_out,
                            output_kind=self.output_kind, convert=self.converter, name=self.name or self.symbol)
            bound = call
        else:
            # Checking modes: every result comes back to Python, is checked, and
            # only then are the updates committed.
            bound = exe.bind(names=names, defaults=defaults, shared=cells, updates=[],
                             n_outputs=n_out + len(self.updates), output_kind="list", convert=self.converter,
                             name=self.name or self.symbol)
            call = CheckedCall(self, bound, checks)
        if self.profile is not None:
            call = _ProfiledCall(call, self.profile)
        return _make_function(self, call, bound)


class _ProfiledCall:
    def __init__(self, call, stats):
        self.call = call
        self.stats = stats

    def __call__(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return self.call(*args, **kwargs)
        finally:
            self.stats.calls += 1
            self.stats.call_s += time.perf_counter() - t0


class Function:
    """A compiled function (what ``symc.function`` returns).

    Call it with NumPy arrays (or values that convert without loss) by
    position or by input name. Attributes: ``maker`` (its FunctionMaker, with
    ``maker.fgraph``), ``name``, ``profile`` (ProfileStats or None),
    ``trust_input`` (skip the checks and conversion of arguments).
    """

    __slots__ = ("maker", "_bound", "__weakref__")

    @property
    def name(self):
        return self.maker.name

    @property
    def profile(self):
        return self.maker.profile

    @property
    def trust_input(self):
        return bool(getattr(self._bound, "trust_input", False))

    @trust_input.setter
    def trust_input(self, value):
        self._bound.trust_input = bool(value)

    def dump_mlir(self, stage="input"):
        """The IR at ``stage``: 'input' (what the frontend emitted), 'optimized'
        (after the mode's symc rewrites) or 'llvm' (the LLVM IR)."""
        maker = self.maker
        if stage == "input":
            return maker.ir
        if stage == "optimized":
            return backend.require_native("dump_mlir('optimized')").stage_ir(maker.ir, maker.mode.optimizer_pipeline)
        if stage == "llvm":
            return backend.require_native("dump_mlir('llvm')").llvm_ir(maker.ir, maker.symbol, maker.mode.pipeline,
                                                                     maker.mode.opt_level)
        raise ValueError(f"stage must be 'input', 'optimized' or 'llvm', got {stage!r}")

    def __repr__(self):
        return f"<symc.Function {self.maker.name or self.maker.symbol}>"


def _make_function(maker, call, bound):
    # The call goes straight to the bound callable: a per-function subclass
    # whose __call__ is that callable adds no Python frame to a call.
    cls = type("Function", (Function,), {"__slots__": (), "__call__": staticmethod(call),
                                         "__module__": __name__, "__doc__": Function.__doc__})
    f = cls.__new__(cls)
    f.maker = maker
    f._bound = bound
    return f


def function(inputs, outputs=None, updates=None, givens=None, mode=None, name=None, on_unused_input="raise",
             allow_input_downcast=None, profile=False):
    """Compiles a function from ``inputs`` to ``outputs``.

    Parameters
    ----------
    inputs : list of Variable or symc.In
        The explicit inputs, in call order; shared variables are implicit.
    outputs : Variable, list of Variable (or symc.Out), or None
        What a call returns: an array, a list of arrays, or None.
    updates : list of (shared, expression) pairs or dict
        New values of shared variables, computed with the outputs and stored
        after the call has succeeded, all together.
    givens : dict or list of pairs
        ``{variable: replacement}`` substituted in the graph before compiling.
    mode : str or symc.Mode
        'FAST_RUN' (default), 'FAST_COMPILE', 'DebugMode', 'NanGuardMode'.
    name : str
        Names the function in errors and in the IR.
    on_unused_input : {'raise', 'warn', 'ignore'}
        What to do with an explicit input the outputs do not use.
    allow_input_downcast : bool or None
        True: arguments are cast to the input dtype even with loss. None
        (default): like False, but a Python float may become floatX. False:
        only conversions that lose nothing.
    profile : bool
        Collect timings in ``f.profile``.

    Returns
    -------
    Function
    """
    maker = FunctionMaker(inputs, outputs, updates=updates, givens=givens, mode=mode, name=name,
                          on_unused_input=on_unused_input, allow_input_downcast=allow_input_downcast,
                          profile=profile)
    return maker.create()
