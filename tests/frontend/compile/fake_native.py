"""FakeNative: a test double of ``symc.compile.native`` for the frontend's
tests, which run without the native extension.

It implements the calling contract of python/README.md (binding by position,
name and default; the ``convert`` callback; dtype/ndim/static-size checks;
updates committed only after a successful call; fresh result arrays; output
formats; ``trust_input``) and computes results with the frontend's NumPy
reference evaluation of the graph that was emitted. It never compiles
anything: the native layer's own tests cover compilation.
"""

import numpy as np

from symc.compile import reference


class _NoDefault:
    def __repr__(self):
        return "NO_DEFAULT"


class FakeSharedCell:
    def __init__(self, value, name=None):
        self.value = value
        self.name = name


class FakeExecutable:
    def __init__(self, native, ir, function, fgraph, pipeline, cache_dir, opt_level):
        self.native = native
        self.ir = ir
        self.function = function
        self.fgraph = fgraph
        self.pipeline = pipeline
        self.cache_dir = cache_dir
        self.opt_level = opt_level
        self.input_types = [(v.type.dtype, v.type.shape) for v in fgraph.inputs]
        self.output_types = [(v.type.dtype, v.type.shape) for v in fgraph.outputs]
        self.compile_seconds = 0.0
        self.from_cache = False

    def __call__(self, *arrays):
        if len(arrays) != len(self.fgraph.inputs):
            raise TypeError(f"expected {len(self.fgraph.inputs)} arrays, got {len(arrays)}")
        for k, (a, (dtype, shape)) in enumerate(zip(arrays, self.input_types)):
            if not isinstance(a, np.ndarray) or a.dtype.name != dtype:
                raise TypeError(f"argument {k}: expected an ndarray of dtype {dtype}")
            if a.ndim != len(shape):
                raise TypeError(f"argument {k}: expected {len(shape)} dimensions, got {a.ndim}")
            for s, v in zip(shape, a.shape):
                if s is not None and s != v:
                    raise ValueError(f"argument {k}: static size {s} but got shape {a.shape}")
        self.native.calls += 1
        try:
            results = reference.evaluate(self.fgraph.inputs, self.fgraph.outputs, list(arrays), check_types=True)
        except (ValueError, IndexError) as e:
            raise ValueError(f"{self.function}: {e}") from None
        return tuple(np.array(r, copy=True) for r in results)

    def bind(self, names, defaults, shared, updates, n_outputs, output_kind, convert, name):
        return FakeBound(self, names, defaults, shared, updates, n_outputs, output_kind, convert, name)


class FakeBound:
    def __init__(self, exe, names, defaults, shared, updates, n_outputs, output_kind, convert, name):
        n = len(exe.fgraph.inputs) - len(shared)
        assert len(names) == len(defaults) == n, "names/defaults need one entry per explicit input"
        assert output_kind in ("single", "list", "none")
        assert all(isinstance(i, int) and 0 <= i < len(exe.fgraph.outputs) for i, _ in updates)
        self.exe, self.names, self.defaults = exe, list(names), list(defaults)
        self.shared, self.updates = list(shared), list(updates)
        self.n_outputs, self.output_kind = n_outputs, output_kind
        self.convert, self.name = convert, name
        self.trust_input = False

    def __call__(self, *args, **kwargs):
        n = len(self.names)
        if len(args) > n:
            raise TypeError(f"{self.name}() takes {n} arguments but {len(args)} were given")
        values = list(args) + [self.exe.native.NO_DEFAULT] * (n - len(args))
        given = [True] * len(args) + [False] * (n - len(args))
        for key, value in kwargs.items():
            if key not in self.names:
                raise TypeError(f"{self.name}() got an unexpected keyword argument {key!r}")
            k = self.names.index(key)
            if given[k]:
                raise TypeError(f"{self.name}() got multiple values for argument {key!r}")
            values[k], given[k] = value, True
        arrays = []
        for k in range(n):
            value = values[k]
            if not given[k]:
                if self.defaults[k] is self.exe.native.NO_DEFAULT:
                    raise TypeError(f"{self.name}() missing required argument {self.names[k] or k!r}")
                value = self.defaults[k]
            dtype, shape = self.exe.input_types[k]
            if not self.trust_input and not (isinstance(value, np.ndarray) and value.dtype.name == dtype
                                             and value.ndim == len(shape)):
                value = self.convert(k, value)
            arrays.append(value)
        arrays += [cell.value for cell in self.shared]
        results = self.exe(*arrays)
        for index, cell in self.updates:
            cell.value = results[index]
        outs = results[:self.n_outputs]
        if self.output_kind == "single":
            return outs[0]
        if self.output_kind == "none":
            return None
        return list(outs)


class FakeNative:
    """Stands for the ``symc.compile.native`` module."""

    SharedCell = FakeSharedCell
    NO_DEFAULT = _NoDefault()

    def __init__(self):
        self.graphs = {}
        self.compiled = []
        self.calls = 0

    def available(self):
        return True

    def compile(self, ir, function, *, pipeline="builtin.module(symc-lower-to-llvm-pipeline)", cache_dir=None,
                opt_level=3, dump_dir=None):
        source = ir
        while source.startswith("// stage "):  # IR that stage_ir returned
            source = source.split("\n", 1)[1]
        exe = FakeExecutable(self, ir, function, self.graphs[source], pipeline, cache_dir, opt_level)
        self.compiled.append(exe)
        return exe

    def stage_ir(self, ir, pipeline):
        return f"// stage {pipeline}\n{ir}"

    def llvm_ir(self, ir, function, pipeline, opt_level):
        return f"; llvm of {function} via {pipeline} at O{opt_level}"
