"""The call paths of the checking modes, DebugMode and NanGuardMode.

Both bind the compiled function so that every result, the new values of
shared variables included, comes back to Python; updates are committed only
after the checks passed.

DebugMode, on every call:

1. copies the inputs, runs the optimized function and checks that no input
   (explicit or shared) was modified;
2. evaluates the graph with the NumPy reference implementation of each Op
   and runs the function compiled without optimization (the lowering alone);
   a difference between those two is a bug of the lowering (or of a
   reference implementation) and is reported as such;
3. compares the optimized results with the reference. A position where the
   reference is not finite (the naive formula overflowed) and the optimized
   result is finite counts as a stabilization, not a difference; anything
   else beyond the dtype's tolerance is an error, unless the result is as
   close as the reference to the reference evaluated in long double (the
   naive formula lost precision the stabilized code kept). With
   ``Mode('DebugMode', check_passes=True)`` the program is also compiled and
   run after each optimizer step, and the error names the first step whose
   program differs (steps that do not change the IR are skipped).

NanGuardMode compiles ``symc-nan-guard`` into the function: a check after
each computed value stops the call at the first NaN or infinity, naming the
op and the user's line; the results are checked here too.
"""

import functools

import numpy as np

from ..errors import DebugModeError, NanGuardError
from . import backend, reference
from .io import NO_VALUE
from .mode import lowering


def close(got, want, stabilized=True, precise=None):
    """Whether a compiled result matches the reference: same shape and dtype,
    equal integers, floats within the dtype's tolerance (NaN equal to NaN).
    With ``stabilized``, a finite value where the reference is not finite is
    accepted (a stabilizing rewrite computed what the naive formula could
    not), and so is a value no farther (beyond the tolerance) from
    ``precise`` (a callable giving the reference evaluated in more
    precision, or None where that evaluation failed) than the reference
    is: where the naive formula lost precision, log(1 - sigmoid(30)) is
    -30.001 in float64 and -30.00000044 in long double, the stabilized
    -30.000000000000092 is exact."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return False
    if got.dtype.kind != "f":
        return bool(np.array_equal(got, want))
    tol = 1e-4 if got.dtype == np.float32 else 1e-8
    ok = np.isclose(got, want, rtol=tol, atol=tol, equal_nan=True)
    if stabilized:
        ok |= ~np.isfinite(want) & np.isfinite(got)
        better = precise() if precise is not None and not ok.all() else None
        if better is not None:
            with np.errstate(invalid="ignore"):
                ok |= np.abs(got - better) <= np.abs(want - better) + tol * (1 + np.abs(better))
    return bool(np.all(ok))


class CheckedCall:
    """Calls a function compiled in DebugMode or NanGuardMode."""

    def __init__(self, maker, bound, checks):
        self.maker = maker
        self.bound = bound
        self.checks = checks
        self.index = {i.name: k for k, i in enumerate(maker.inputs) if i.name is not None}
        self.n_out = len(maker.outputs)
        self.fname = maker.name or maker.symbol
        self._unoptimized = None
        self._steps = None

    # -- binding ----------------------------------------------------------------
    def bind_arguments(self, args, kwargs):
        maker = self.maker
        n = len(maker.inputs)
        if len(args) > n:
            raise TypeError(f"{self.fname}() takes {n} argument(s) but {len(args)} were given")
        values = list(args) + [NO_VALUE] * (n - len(args))
        for key, value in kwargs.items():
            k = self.index.get(key)
            if k is None:
                raise TypeError(f"{self.fname}() got an unexpected keyword argument {key!r}")
            if values[k] is not NO_VALUE:
                raise TypeError(f"{self.fname}() got multiple values for argument {key!r}")
            values[k] = value
        out = []
        for k, (i, value) in enumerate(zip(maker.inputs, values)):
            if value is NO_VALUE:
                if not i.has_default:
                    raise TypeError(f"{self.fname}() missing required argument {i.name or k!r} (input {k})")
                value = i.value
            out.append(maker.converter(k, value))
        return out

    def _variant(self, ir, pipeline):
        """The function compiled from `ir` with `pipeline`, bound like the
        main one (every result returned, no update committed)."""
        maker = self.maker
        exe = maker.compile_variant(ir, pipeline)
        return exe.bind(names=[i.name for i in maker.inputs], defaults=maker.defaults(backend.native().NO_DEFAULT),
                        shared=[s.container for s in maker.shared], updates=[],
                        n_outputs=self.n_out + len(maker.updates), output_kind="list", convert=maker.converter,
                        name=self.fname)

    def unoptimized(self):
        if self._unoptimized is None:
            self._unoptimized = self._variant(self.maker.ir, f"builtin.module({lowering()})")
        return self._unoptimized

    def step_variants(self):
        """[(step, bound function after the optimizer up to that step)] for
        the steps that change the program."""
        if self._steps is None:
            native = backend.native()
            self._steps, previous = [], self.maker.ir
            for step, pipeline in self.maker.mode.step_pipelines():
                staged = native.stage_ir(self.maker.ir, pipeline)
                if staged == previous:
                    continue
                previous = staged
                self._steps.append((step, self._variant(staged, f"builtin.module({lowering()})")))
        return self._steps

    # -- checks -----------------------------------------------------------------
    def what(self, k):
        if k < self.n_out:
            return f"output {k}"
        return f"the update of {self.maker.updates[k - self.n_out][0]}"

    def input_names(self):
        maker = self.maker
        names = [repr(i.name) if i.name else f"#{k}" for k, i in enumerate(maker.inputs)]
        return names + [f"shared variable {s}" for s in maker.shared]

    def run(self, call, values, snapshot, label):
        """Runs `call`, then checks that no input changed."""
        results = call(*values)
        current = values + [s.container.value for s in self.maker.shared]
        for name, before, after in zip(self.input_names(), snapshot, current):
            if not np.array_equal(before, np.asarray(after), equal_nan=before.dtype.kind == "f"):
                raise DebugModeError(f"DebugMode: {label} of {self.fname} modified input {name}")
        return results

    def first_difference(self, results, expected, stabilized=True, precise=None):
        for k, (got, want) in enumerate(zip(results, expected)):
            if not close(got, want, stabilized, precise and (lambda k=k: precise()[k])):
                return k
        return None

    def debug(self, values, results, snapshot):
        maker = self.maker
        inputs = values + [s.container.value for s in maker.shared]
        with np.errstate(all="ignore"):
            expected = reference.evaluate(maker.fgraph.inputs, maker.fgraph.outputs, inputs)

        @functools.cache
        def precise():
            # Evaluated once, and only where a result differs from the
            # reference. A second opinion only: an Op whose perform cannot
            # compute in long double leaves the reference's word final.
            try:
                with np.errstate(all="ignore"):
                    return reference.evaluate_extended(maker.fgraph.inputs, maker.fgraph.outputs, inputs)
            except Exception:  # noqa: BLE001 - any failure of the second opinion
                return [None] * len(expected)
        plain = self.run(self.unoptimized(), values, snapshot, "the unoptimized function")
        k = self.first_difference(plain, expected, stabilized=False)
        if k is not None:
            raise DebugModeError(f"DebugMode: {self.what(k)} of {self.fname} compiled without optimization (the "
                                 f"lowering alone) differs from the reference evaluation, so the lowering or the "
                                 f"reference implementation of an op is wrong:\ncompiled:  {plain[k]!r}\n"
                                 f"reference: {expected[k]!r}", result=k)
        broken = self.first_difference(results, expected, precise=precise)
        if maker.mode.check_passes:
            for step, call in self.step_variants():
                staged = self.run(call, values, snapshot, f"the function after {step}")
                k = self.first_difference(staged, expected, precise=precise)
                if k is not None:
                    raise DebugModeError(
                        f"DebugMode: the optimizer step {step!r} broke {self.what(k)} of {self.fname}: after it "
                        f"the result differs from the reference evaluation:\ncompiled:  {staged[k]!r}\n"
                        f"reference: {expected[k]!r}\nsee f.dump_mlir('optimized') and symc-opt "
                        f"--pass-pipeline='{maker.mode.optimizer_pipeline}' --mlir-print-ir-after-all", result=k)
        if broken is not None:
            hint = ("" if maker.mode.check_passes else
                    "\nrecompile with symc.Mode('DebugMode', check_passes=True) to find the optimizer step")
            raise DebugModeError(f"DebugMode: {self.what(broken)} of {self.fname} differs from the reference "
                                 f"evaluation:\ncompiled:  {results[broken]!r}\nreference: {expected[broken]!r}"
                                 f"{hint}", result=broken)

    def nan_guard(self, results):
        for k, r in enumerate(results):
            if r.dtype.kind == "f" and not np.all(np.isfinite(r)):
                kind = "NaN" if np.any(np.isnan(r)) else "an infinity"
                raise NanGuardError(f"NanGuardMode: {self.what(k)} of {self.fname} contains {kind}; no shared "
                                    "variable was updated")

    def __call__(self, *args, **kwargs):
        maker = self.maker
        values = self.bind_arguments(args, kwargs)
        snapshot = [np.array(v, copy=True) for v in values + [s.container.value for s in maker.shared]]
        try:
            results = self.run(self.bound, values, snapshot, "the optimized function")
        except ValueError as e:
            if "nan_guard" in self.checks and "NanGuardMode:" in str(e):
                raise NanGuardError(f"{e}\n(in {self.fname}; no shared variable was updated)") from None
            raise
        if "nan_guard" in self.checks:
            self.nan_guard(results)
        if "debug" in self.checks:
            self.debug(values, results, snapshot)
        for (shared, _), value in zip(maker.updates, results[self.n_out:]):
            shared.container.value = value
        outs = results[:self.n_out]
        if maker.output_kind == "single":
            return outs[0]
        if maker.output_kind == "none":
            return None
        return list(outs)
