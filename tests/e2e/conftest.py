"""Shared setup of the end-to-end tests.

Every test runs with ``symc.config.compiledir`` pointing at a fresh
temporary directory, so tests never read or write the user's cache. The
native tests (test_native*.py) drive ``symc._native`` with IR text; until
``symc-lower-to-llvm-pipeline`` lowers symc IR, their IR is hand-written
linalg-on-tensors lowered by UPSTREAM_PIPELINE, a pipeline of upstream
passes that respects runtime/CRuntime.h (generic allocation functions,
C interface).
"""

import pytest

from symc.config import config

#: Upstream passes from linalg on tensors to the LLVM dialect, honouring the
#: runtime ABI: buffers through _mlir_memref_to_llvm_alloc/free, results
#: owned by the caller, identity layouts at the function boundary.
UPSTREAM_PIPELINE = (
    "builtin.module("
    "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,convert-linalg-to-loops,"
    "expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-math-to-llvm,convert-arith-to-llvm,"
    "finalize-memref-to-llvm{use-generic-functions=true},convert-cf-to-llvm,convert-func-to-llvm,"
    "convert-index-to-llvm,reconcile-unrealized-casts)")

MLIR_TYPES = {
    "bool": "i1", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "ui8",
    "float32": "f32", "float64": "f64",
}


def tensor_type(shape, dtype):
    """``tensor<?x4xf64>`` for shape (None, 4) and dtype 'float64'."""
    dims = "".join(("?" if s is None else str(s)) + "x" for s in shape)
    return f"tensor<{dims}{MLIR_TYPES.get(dtype, dtype)}>"


def elementwise_ir(name, shape, in_dtypes, out_dtype, body, result="%r0"):
    """A function applying ``body`` elementwise to its arguments.

    ``body`` is MLIR using the block arguments %a0, %a1, ... (elements of the
    inputs) and defining ``result``; all inputs share ``shape`` (None for a
    dynamic size) and the first input gives the dynamic sizes of the result.
    """
    rank = len(shape)
    dims = ", ".join(f"d{i}" for i in range(rank))
    ident = f"affine_map<({dims}) -> ({dims})>"
    in_types = [tensor_type(shape, d) for d in in_dtypes]
    out_type = tensor_type(shape, out_dtype)
    args = ", ".join(f"%x{i}: {t}" for i, t in enumerate(in_types))
    lines = [f"func.func @{name}({args}) -> {out_type} attributes {{llvm.emit_c_interface}} {{"]
    dyn = []
    for i, s in enumerate(shape):
        if s is None:
            lines.append(f"  %c{i} = arith.constant {i} : index")
            lines.append(f"  %n{i} = tensor.dim %x0, %c{i} : {in_types[0]}")
            dyn.append(f"%n{i}")
    lines.append(f"  %init = tensor.empty({', '.join(dyn)}) : {out_type}")
    maps = ", ".join([ident] * (len(in_types) + 1))
    iters = ", ".join(['"parallel"'] * rank)
    ins = ", ".join(f"%x{i}" for i in range(len(in_types)))
    lines.append(f"  %res = linalg.generic {{indexing_maps = [{maps}], iterator_types = [{iters}]}}")
    lines.append(f"      ins({ins} : {', '.join(in_types)}) outs(%init : {out_type}) {{")
    block_args = ", ".join([f"%a{i}: {MLIR_TYPES[d]}" for i, d in enumerate(in_dtypes)] +
                           [f"%out: {MLIR_TYPES[out_dtype]}"])
    lines.append(f"  ^bb0({block_args}):")
    lines.extend("    " + line for line in body.strip().splitlines())
    lines.append(f"    linalg.yield {result} : {MLIR_TYPES[out_dtype]}")
    lines.append(f"  }} -> {out_type}")
    lines.append(f"  return %res : {out_type}")
    lines.append("}")
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def _private_compiledir(tmp_path_factory, monkeypatch):
    """Each test gets its own empty compile cache."""
    monkeypatch.setattr(config, "compiledir", str(tmp_path_factory.mktemp("compiledir")))


@pytest.fixture
def native():
    """The extension module; these tests are about it, so it must import."""
    from symc import _native
    return _native


@pytest.fixture
def upstream_pipeline():
    return UPSTREAM_PIPELINE


@pytest.fixture
def ir():
    """IR builders: ``ir.elementwise(...)``, ``ir.tensor_type(...)``, ``ir.MLIR_TYPES``."""
    class Builders:
        pass
    builders = Builders()
    builders.elementwise = elementwise_ir
    builders.tensor_type = tensor_type
    builders.MLIR_TYPES = MLIR_TYPES
    return builders


@pytest.fixture
def compile_ir(native, tmp_path):
    """compile_ir(ir, function, **kw): compiles with UPSTREAM_PIPELINE, no disk
    cache and dumps into the test's tmp dir unless told otherwise."""
    def compile_(ir, function, **kwargs):
        kwargs.setdefault("pipeline", UPSTREAM_PIPELINE)
        kwargs.setdefault("dump_dir", str(tmp_path / "dumps"))
        return native.compile(ir, function, **kwargs)
    return compile_
