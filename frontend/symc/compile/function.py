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

   Warm start: before 2., a plain function (no givens, no default updates,
   no checking mode) gets a structural key from the hashes its graph nodes
   carry (``symc.compile.structkey``). When the index of the compile
   directory maps that key to a native cache entry, steps 2 to 4 shrink to
   loading that entry (``_native.load_cached``): no traversal, no IR; the
   FunctionGraph and the IR are made only if someone asks for them.
5. Bind it (``exe.bind``): keyword names and defaults of the explicit
   inputs, the shared variables' cells, which results are updates (committed
   by the native layer only when the whole call succeeded), the output
   format, and the ``convert`` callback implementing ``allow_input_downcast``.
   Outputs ``Out(view of an input, borrow=True)`` are no results of the
   executable: the call returns NumPy views of the arguments for them.
"""

import os
import time
import warnings
from types import SimpleNamespace

import numpy as np


from ..config import config
from ..errors import SymcCompilationError, SymcTypeError, UnusedInputError
from ..graph.basic import Variable
from ..graph.fgraph import FunctionGraph
from ..graph.gcpause import with_gc_paused
from ..graph.replace import check_replacement, replace
from ..graph.traversal import toposort
from . import backend, memo, structkey
from .checking import CheckedCall
from .io import Converter, In, Out, check_explicit_input
from .mode import get_mode
from . import profile as stage_profile

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


def _with_default_updates(outputs, updates):
    """``updates`` plus the ``default_update`` of every shared variable the
    outputs and updates use that has one and no explicit update (Theano's
    rule; random streams advance their state this way). Repeated until no
    default update brings in another shared variable.

    Returns ``(updates, (ids, nodes))``: ``nodes`` is the topological order
    of the graph of the variables whose ids are ``ids`` (outputs, then the
    updates' values), which FunctionMaker reuses when its graph is that one
    (a 20000-node graph's sort is half of the ``graph`` stage)."""
    from ..tensor.sharedvar import SharedVariable

    updates = list(updates)
    seen = set()
    while True:
        updated = {id(s) for s, _ in updates}
        sorted_vars = outputs + [v for _, v in updates]
        nodes = toposort(sorted_vars)
        roots = [v for node in nodes for v in node.inputs if v.owner is None]
        roots += [v for v in outputs if v.owner is None]
        added = False
        for var in roots:
            if (isinstance(var, SharedVariable) and id(var) not in updated and id(var) not in seen
                    and getattr(var, "default_update", None) is not None):
                seen.add(id(var))
                updated.add(id(var))
                updates.append((var, _check_update(var, var.default_update)))
                added = True
        if not added:
            return updates, ([id(v) for v in sorted_vars], nodes)


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


def _always_compile():
    return os.environ.get("SYMC_ALWAYS_COMPILE", "").lower() in ("1", "true", "yes", "on")


class ProfileStats:
    """Timings of one function (``symc.function(..., profile=True)``).

    ``stages`` lists where compilation went, in order, as ``(stage, seconds)``:
    the frontend's ``graph`` and ``emit``, then the native layer's stages
    (``exe.stage_seconds``, python/README.md: ``parse``, one ``pass <name>``
    per pass, ``translate``, ``llvm-opt``, ``codegen``, ``load``, cache
    look-ups), and ``frontend (other)`` for what the frontend spent around the
    native call. :meth:`stage_groups` sums the passes into pipeline groups.
    """

    def __init__(self, name):
        self.name = name
        self.graph_s = 0.0
        self.emit_s = 0.0
        self.compile_s = 0.0
        self.from_cache = None
        self.stages = []
        self.calls = 0
        self.call_s = 0.0

    def stage_groups(self):
        """``stages`` with the passes summed per pipeline group."""
        return stage_profile.group_stages(self.stages)

    def summary(self):
        per = self.call_s / self.calls * 1e6 if self.calls else 0.0
        cache = {None: "n/a", True: "yes", False: "no"}[self.from_cache]
        head = (f"Function profile: {self.name}\n"
                f"  graph:         {self.graph_s * 1e3:.3f} ms\n"
                f"  IR emission:   {self.emit_s * 1e3:.3f} ms\n"
                f"  compilation:   {self.compile_s * 1e3:.3f} ms (cached: {cache})\n"
                f"  calls:         {self.calls}, {self.call_s * 1e3:.3f} ms in total, {per:.2f} us per call")
        if not self.stages:
            return head
        return head + "\n" + stage_profile.format_stages(self.stages, "  compile stages:")

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

    @with_gc_paused
    def __init__(self, inputs, outputs=None, updates=None, givens=None, mode=None, name=None,
                 on_unused_input="raise", allow_input_downcast=None, profile=False):
        if on_unused_input not in _ON_UNUSED:
            raise ValueError(f"on_unused_input must be one of {_ON_UNUSED}, got {on_unused_input!r}")
        self.name = name
        self.mode = get_mode(mode)
        self.allow_input_downcast = allow_input_downcast
        self.profile = ProfileStats(name or "<unnamed>") if profile else None
        # Stages are always timed (a few perf_counter calls): compile_verbose
        # may be switched on after the function is built.
        self.stages = []
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

        # A function compiled before, in this process or another, whose
        # graph carries structural hashes: its key is found without
        # emitting the IR or walking the graph (symc.compile.structkey).
        from ..emit.mlir import symbol_name

        self.symbol = symbol_name(name or "f")
        self._fgraph = self._ir = None
        self._plan = self._native_key = None
        self._index_s = 0.0
        front = self._try_structural(checked, givens, t0)
        if front is not None:
            self.stages, self._front = front, list(front)
            if self.profile is not None:
                self.profile.graph_s = front[0][1]
            self.executable = None
            self.converter = Converter(self.inputs, allow_input_downcast, name or "function")
            return

        checked, (sorted_ids, sorted_nodes) = _with_default_updates([o.variable for o in self.outputs], checked)

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

        # Out(borrow=True) outputs that only view an explicit input are no
        # results of the executable (its results never alias an argument):
        # the call returns NumPy views of the argument instead, no copy.
        self.view_outputs = self._borrowed_views(out_vars)
        compiled_out_vars = [v for k, v in enumerate(out_vars) if k not in self.view_outputs]

        # 3. The graph and its implicit inputs.
        from ..tensor.sharedvar import SharedVariable

        all_outputs = compiled_out_vars + upd_vars
        explicit = [i.variable for i in self.inputs]
        # Blocking at inputs that no node computes changes nothing: the sort
        # of the same outputs made above is this one then.
        if sorted_ids == [id(v) for v in all_outputs] and all(v.owner is None for v in explicit):
            nodes = sorted_nodes
        else:
            nodes = toposort(all_outputs, blockers=explicit)
        explicit_ids = set(map(id, explicit))
        used_ids, self.shared = set(), []
        used_ids.update(id(self.inputs[position].variable) for position, _ in self.view_outputs.values())
        roots = [v for node in nodes for v in node.inputs if v.owner is None or id(v) in explicit_ids]
        roots += [v for v in all_outputs if v.owner is None or id(v) in explicit_ids]
        for var in roots:
            if id(var) not in used_ids and isinstance(var, SharedVariable) and id(var) not in explicit_ids:
                self.shared.append(var)
            used_ids.add(id(var))
        self.inplace_updates = not self.mode.checks
        if self.inplace_updates:
            # A variable updated in place is an input even when its new value
            # does not read it: the new value is stored into its buffer.
            for shared, _ in self.updates:
                if id(shared) not in used_ids:
                    used_ids.add(id(shared))
                    self.shared.append(shared)
        self._all_outputs = all_outputs
        self._fgraph = FunctionGraph(explicit + self.shared, all_outputs, apply_nodes=nodes)
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
        t1 = time.perf_counter()
        self.ir  # noqa: B018 (emits)
        t2 = time.perf_counter()
        self.stages = [("graph", t1 - t0 - self._index_s)] + (
            [("index", self._index_s)] if self._plan is not None else []) + [("emit", t2 - t1)]
        self._front = list(self.stages)
        if self.profile is not None:
            self.profile.graph_s = t1 - t0 - self._index_s
            self.profile.emit_s = t2 - t1
        self.executable = None
        self.converter = Converter(self.inputs, allow_input_downcast, name or "function")

    def _try_structural(self, checked, givens, t0):
        """The warm path: with a structural key (structkey.plan) whose index
        entry names a native cache entry, sets up everything but the
        FunctionGraph and the IR (made on demand) and returns the frontend's
        stages; else None (and keeps the key, if any, so that compiling
        records it in the index)."""
        if givens or self.mode.checks or _always_compile() or not config.compiledir:
            return None
        native = backend.native()
        if native is None or not hasattr(native, "load_cached"):
            return None
        from .. import __version__

        self.updates = list(checked)
        self.inplace_updates = True
        out_vars = [o.variable for o in self.outputs]
        self.view_outputs = self._borrowed_views(out_vars)
        all_outputs = [v for k, v in enumerate(out_vars) if k not in self.view_outputs] + [v for _, v in checked]
        view_inputs = {position for position, _ in self.view_outputs.values()}
        plan = structkey.plan(self, all_outputs, view_inputs, structkey.compiler_identity(native),
                              __version__)
        if plan is None:
            return None
        self._plan = plan
        t1 = time.perf_counter()
        entry = structkey.read(config.compiledir, plan.key)
        t2 = time.perf_counter()
        self._index_s = t2 - t1
        if entry is None:
            return None
        native_key, shared_hashes = entry
        try:
            shared = [plan.by_hash.get(bytes.fromhex(h)) for h in shared_hashes]
        except ValueError:
            return None
        if any(s is None for s in shared) or len(shared) != len(plan.shared) or set(shared) != plan.shared:
            return None
        self.shared = shared
        self._all_outputs = all_outputs
        self._native_key = native_key
        return [("graph", t1 - t0), ("index", t2 - t1)]

    @property
    def fgraph(self):
        """The FunctionGraph (built on first use after a warm start)."""
        if self._fgraph is None:
            self._fgraph = FunctionGraph([i.variable for i in self.inputs] + self.shared, self._all_outputs)
        return self._fgraph

    @property
    def ir(self):
        """The symc IR text (emitted on first use after a warm start)."""
        if self._ir is None:
            from ..emit import emit_module

            self._ir = emit_module(self.fgraph, self.symbol, self._arg_attrs())
        return self._ir

    def _matches(self, exe):
        """Whether ``exe``'s signature is this function's (a last check of an
        executable found through the index)."""
        try:
            types = exe.input_types
            outs = exe.output_types
        except AttributeError:
            return False
        variables = [i.variable for i in self.inputs] + self.shared
        if len(types) != len(variables) or len(outs) != self.n_results:
            return False
        return all(dtype == v.type.dtype and len(shape) == v.type.ndim for (dtype, shape), v in zip(types, variables))

    def _arg_attrs(self):
        """Argument attributes of the IR: ``symc.mutable`` for In(mutable=True)
        inputs, and ``symc.inplace_update = N`` for updated shared variables
        (result N, their new value, is then written into the variable's own
        buffer by symc-inplace and is no result of the executable, unless its
        shape may differ from the variable's: it then stays a result). The
        checking modes keep updates as results: they inspect them before
        committing, and never write an input (DebugMode checks that none
        changed)."""
        if not self.inplace_updates:
            return {}
        attrs = {k: "{symc.mutable}" for k, i in enumerate(self.inputs) if i.mutable}
        position = {id(s): len(self.inputs) + j for j, s in enumerate(self.shared)}
        for u, (shared, _) in enumerate(self.updates):
            attrs[position[id(shared)]] = f"{{symc.inplace_update = {self.n_results + u} : i64}}"
        return attrs

    @property
    def n_results(self):
        """How many of the user's outputs are results of the executable (the
        borrowed views of inputs are not)."""
        return len(self.outputs) - len(self.view_outputs)

    def _borrowed_views(self, out_vars):
        """{output position: (input position, view ops from the input to the
        output)} for the Out(borrow=True) outputs that are an explicit input
        or views of one (transposes and other dimshuffles, slices with
        constant bounds). Not in the checking modes (they compare compiled
        results), not of a mutable input (the call may overwrite it), and not
        in a function with updates (an input may be a shared variable's own
        array, which the call overwrites)."""
        if self.mode.checks or self.updates:
            return {}
        from ..tensor.elemwise import DimShuffle
        from ..tensor.subtensor import Subtensor, _is_slice

        positions = {id(i.variable): k for k, i in enumerate(self.inputs) if not i.mutable}
        views = {}
        for k, (out, var) in enumerate(zip(self.outputs, out_vars)):
            if not out.borrow:
                continue
            ops = []
            while var.owner is not None and id(var) not in positions:
                op = var.owner.op
                constant_slices = isinstance(op, Subtensor) and len(var.owner.inputs) == 1 and all(
                    _is_slice(e) for e in op.idx_list)
                if not (isinstance(op, DimShuffle) or constant_slices):
                    break
                ops.append(var.owner)
                var = var.owner.inputs[0]
            if id(var) in positions:
                views[k] = (positions[id(var)], ops[::-1])
        return views

    # -- compilation -----------------------------------------------------------
    def compile(self):
        """The native executable of this function (in-process cache first)."""
        t0 = time.perf_counter()
        native = backend.require_native("symc.function")
        import_s = time.perf_counter() - t0
        if config.device != "cpu":
            warnings.warn(f"symc.config.device={config.device!r}: symc.function only compiles for the CPU so far; "
                          "this function runs on the CPU", stacklevel=3)
        front = list(self._front)
        exe = None
        if self._native_key is not None:
            # Warm start: the executable of the index's entry, no IR.
            skey = ("structural", self._plan.key)
            exe = memo.lookup(skey)
            in_memo = exe is not None
            if exe is None:
                exe = native.load_cached(self._native_key, config.compiledir)
                if exe is not None and not self._matches(exe):
                    exe = None
                if exe is not None:
                    memo.store(skey, exe)
            if exe is not None:
                cached = True
            else:
                # A damaged or vanished entry: compile as if cold (which
                # rebuilds the entry and the index).
                t1 = time.perf_counter()
                self.ir  # noqa: B018 (emits)
                front.append(("emit", time.perf_counter() - t1))
                if self.profile is not None:
                    self.profile.emit_s = front[-1][1]
        if exe is None:
            exe, in_memo, cached = self._compile_ir(native)
        self.executable = exe
        elapsed = time.perf_counter() - t0
        # An executable of this process's memo was compiled for another
        # function: its native stages are not this compilation's.
        native_stages = [] if in_memo else list(getattr(exe, "stage_seconds", None) or [])
        native_s = sum(sec for _, sec in native_stages)
        self.stages = front + [("native import", import_s)] + native_stages + [
            ("memo-hit" if in_memo else "frontend (other)", max(elapsed - native_s - import_s, 0.0))]
        if self.profile is not None:
            self.profile.compile_s = elapsed
            self.profile.from_cache = cached
            self.profile.stages = list(self.stages)
        if config.compile_verbose:
            stage_profile.report(self.stages, f"{self.name or self.symbol} ({'cached' if cached else 'compiled'})")
        return exe

    def _compile_ir(self, native):
        """(executable, from this process's memo, from a cache) for the IR."""
        key = memo.key(self.ir, self.symbol, self.mode)
        # SYMC_ALWAYS_COMPILE bypasses both caches (the native layer reads it too).
        exe = None if _always_compile() else memo.lookup(key)
        in_memo = exe is not None
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
        entry = getattr(exe, "cache_entry", None)
        if self._plan is not None and entry:
            memo.store(("structural", self._plan.key), exe)
            structkey.write(config.compiledir, self._plan.key, os.path.basename(entry),
                            [s._shash.hex() for s in self.shared])
        return exe, in_memo, cached

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
        n_out = self.n_results
        cells = [s.container for s in self.shared]
        checks = self.mode.checks
        names = [i.name for i in self.inputs]
        defaults = self.defaults(native.NO_DEFAULT)
        if not checks:
            # In-place updates are no results of the executable (the bound
            # function finds them in its signature, exe.inplace_inputs);
            # those symc-inplace kept as results (their shape may change)
            # follow the outputs, in order.
            in_place = set(exe.inplace_inputs) if self.inplace_updates else set()
            position = {id(s): len(self.inputs) + j for j, s in enumerate(self.shared)}
            kept = [s for s, _ in self.updates if position.get(id(s)) not in in_place]
            updates = [(n_out + j, s.container) for j, s in enumerate(kept)]
            # Without profiling or borrowed views, the Function is the bound
            # function itself (an instance of a subclass of it): a call goes
            # straight to the native code, as fast as B5 measures it through
            # _native.
            output_kind = "list" if self.view_outputs else self.output_kind
            direct = self.profile is None and not self.view_outputs
            cls = _native_function_class(native) if direct else None
            kwargs = {"cls": cls} if cls is not None else {}
            call = exe.bind(names=names, defaults=defaults, shared=cells, updates=updates, n_outputs=n_out,
                            output_kind=output_kind, convert=self.converter, name=self.name or self.symbol,
                            **kwargs)
            if cls is not None:
                call.maker = self
                return call
            bound = call
            if self.view_outputs:
                call = _BorrowedViewsCall(self, bound, defaults, native.NO_DEFAULT)
        else:
            # Checking modes: every result comes back to Python, is checked, and
            # only then are the updates committed.
            bound = exe.bind(names=names, defaults=defaults, shared=cells, updates=[],
                             n_outputs=n_out + len(self.updates), output_kind="list", convert=self.converter,
                             name=self.name or self.symbol)
            call = CheckedCall(self, bound, checks)
        if self.profile is not None:
            call = _ProfiledCall(call, self.profile)
        return _WrappedFunction(self, call, bound)


class _BorrowedViewsCall:
    """Calls the bound executable, then returns the borrowed views of inputs
    (FunctionMaker.view_outputs) as NumPy views of the arguments the kernel
    received, in their places among the outputs. An argument that is not an
    ndarray of the input's dtype and rank is converted here first (and the
    converted array passed on), so that the view shows what the kernel saw."""

    def __init__(self, maker, bound, defaults, no_default):
        self.bound = bound
        self.converter = maker.converter
        self.names = [i.name for i in maker.inputs]
        self.types = [i.variable.type for i in maker.inputs]
        self.defaults = defaults
        self.no_default = no_default
        self.views = sorted(maker.view_outputs.items())
        self.positions = sorted({position for position, _ in maker.view_outputs.values()})
        self.n_outputs = len(maker.outputs)
        self.output_kind = maker.output_kind

    def _argument(self, position, args, kwargs):
        """The converted argument at `position`, written back into args/kwargs."""
        name = self.names[position]
        if position < len(args):
            value = args[position]
        elif name is not None and name in kwargs:
            value = kwargs[name]
        elif self.defaults[position] is not self.no_default:
            return self.defaults[position]
        else:
            return None  # missing: the bound call raises
        t = self.types[position]
        if not (type(value) is np.ndarray and value.dtype == t.dtype and value.ndim == t.ndim):
            value = self.converter(position, value)
            if position < len(args):
                args[position] = value
            else:
                kwargs[name] = value
        return value

    def __call__(self, *args, **kwargs):
        args = list(args)
        values = {p: self._argument(p, args, kwargs) for p in self.positions}
        results = iter(self.bound(*args, **kwargs))
        views = dict(self.views)
        outputs = []
        for k in range(self.n_outputs):
            if k not in views:
                outputs.append(next(results))
                continue
            position, nodes = views[k]
            value = values[position]
            for node in nodes:
                value = _view(node, value)
            outputs.append(value)
        return outputs[0] if self.output_kind == "single" else outputs


def _view(node, value):
    """What a DimShuffle or a constant-slice Subtensor node computes, as a
    NumPy view of `value`."""
    from ..tensor.elemwise import DimShuffle

    op = node.op
    if isinstance(op, DimShuffle):
        kept = [p for p in op.pattern if p != "x"]
        # Dropped dimensions have size 1 (checked against the static type
        # by the call): index them away, then permute and insert.
        index = tuple(slice(None) if d in kept else 0 for d in range(value.ndim))
        rank = {d: i for i, d in enumerate(d for d in range(value.ndim) if d in kept)}
        value = value[index].transpose([rank[p] for p in kept])
        return value[tuple(np.newaxis if p == "x" else slice(None) for p in op.pattern)]
    return value[tuple(slice(*entry) for entry in op.idx_list)]


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

    # The concrete classes: the native bound function itself (fast path,
    # _native_function_class) or a wrapper around a Python-level call
    # (checking modes, profiling).
    __slots__ = ()

    @property
    def name(self):
        return self.maker.name

    @property
    def profile(self):
        return self.maker.profile

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


class _WrappedFunction(Function):
    """A Function whose calls run Python code first (checks, profiling)."""

    __slots__ = ("maker", "_bound", "_call", "__weakref__")

    def __init__(self, maker, call, bound):
        self.maker = maker
        self._call = call
        self._bound = bound

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    @property
    def trust_input(self):
        return bool(self._bound.trust_input)

    @trust_input.setter
    def trust_input(self, value):
        self._bound.trust_input = bool(value)


_native_classes = {}


def _native_function_class(native):
    """The Function class whose instances are native bound functions (made
    once per native module), or None when the backend has no such type (the
    frontend tests' stand-in)."""
    base = getattr(native, "BoundFunction", None)
    if base is None:
        return None
    if base not in _native_classes:
        class NativeFunction(base, Function):
            __slots__ = ("maker", "__weakref__")
            __doc__ = Function.__doc__
            # BoundFunction comes first in the MRO: its `name` is the symbol
            # used in messages, Function's the user's name (or None).
            name = Function.name
            __repr__ = Function.__repr__

            @property
            def _bound(self):
                return self

        NativeFunction.__name__ = NativeFunction.__qualname__ = "Function"
        NativeFunction.__module__ = __name__
        _native_classes[base] = NativeFunction
    return _native_classes[base]


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
        New values of shared variables, computed with the outputs. Outside
        the checking modes, a new value that provably has its variable's
        shape is written into the variable's own array (symc-inplace: no
        allocation), after every run-time check of the call has passed, so a
        failed call leaves every variable unchanged. An array obtained with
        ``get_value(borrow=True)`` therefore sees such new values (Theano's
        semantics of borrowed values). An update that may change the shape
        (``s = concatenate(s, x)``) gives the variable a new array.
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
