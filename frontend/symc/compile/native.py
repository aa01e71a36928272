"""The frontend's one door to the native extension ``symc._native``.

Every other frontend module reaches the compiler through here (or through
``symc.compile.backend``, which asks :func:`available` first), so graph
building, printing and IR emission work without a native build. This module
adds nothing to the extension but the frontend's exception type: a failing
pipeline raises :class:`symc.errors.SymcCompilationError` carrying the MLIR
diagnostics, the path of the IR written for the repro and the ``symc-opt``
command line that reproduces the failure.

Environment knobs (read at every compile):

``SYMC_ALWAYS_COMPILE=1``
    Ignore the persistent cache (compile even when an entry exists, and do
    not write one).
``SYMC_DUMP_DIR``
    Where failing IR is written when the caller gives no ``dump_dir``.
"""

import os

from ..errors import SymcCompilationError

try:
    from .. import _native
except ImportError as error:  # the extension is not built
    _native = None
    _import_error = error
else:
    _import_error = None

__all__ = ["available", "unavailable_reason", "compile", "load_cached", "stage_ir", "llvm_ir", "SharedCell",
           "NO_DEFAULT", "DEFAULT_PIPELINE", "compiler_identity"]

DEFAULT_PIPELINE = "builtin.module(symc-lower-to-llvm-pipeline)"

if _native is not None:
    SharedCell = _native.SharedCell
    BoundFunction = _native.BoundFunction
    NO_DEFAULT = _native.NO_DEFAULT
    DEFAULT_PIPELINE = _native.DEFAULT_PIPELINE


_LOWERING = "symc-lower-to-llvm-pipeline"
_lowering_registered = None


def _has_lowering():
    global _lowering_registered
    if _lowering_registered is None:
        _lowering_registered = bool(_native.has_pass(_LOWERING))
    return _lowering_registered


def available():
    """Whether native compilation of symc IR works here: the extension is
    importable and has symc's lowering pipeline."""
    return _native is not None and _has_lowering()


def unavailable_reason():
    """Why :func:`available` is False (None when it is True)."""
    if _native is None:
        return f"symc._native is not importable: {_import_error}"
    if not _has_lowering():
        return f"symc._native has no {_LOWERING} (the lowering is not in this build)"
    return None


def _raise_compilation_error(error):
    raise SymcCompilationError(str(error), diagnostics=error.diagnostics, ir_path=error.ir_path,
                               repro=error.repro) from None


def _require():
    if _native is None:
        raise RuntimeError(f"symc._native is not available: {_import_error}")
    return _native


def compile(ir, function, *, pipeline=None, cache_dir=None, opt_level=3, dump_dir=None):
    """Compiles ``function`` of the module ``ir`` into an ``Executable``.

    Parameters
    ----------
    ir : str
        The module in textual symc IR.
    function : str
        The public ``func.func`` to export.
    pipeline : str, optional
        The pass pipeline (default ``builtin.module(symc-lower-to-llvm-pipeline)``).
    cache_dir : str, optional
        The persistent compile cache (``symc.config.compiledir``); None: no disk cache.
    opt_level : int
        LLVM optimization level, 0 to 3.
    dump_dir : str, optional
        Where the IR of a failing compilation is written.

    Raises
    ------
    SymcCompilationError
        When parsing, the pipeline or code generation fails.
    """
    native = _require()
    if os.environ.get("SYMC_ALWAYS_COMPILE", "").lower() in ("1", "true", "yes", "on"):
        cache_dir = None
    try:
        return native.compile(ir, function, pipeline=pipeline or DEFAULT_PIPELINE,
                              cache_dir=None if cache_dir is None else os.fspath(cache_dir),
                              opt_level=opt_level,
                              dump_dir=None if dump_dir is None else os.fspath(dump_dir))
    except native.CompilationError as error:
        _raise_compilation_error(error)


def stage_ir(ir, pipeline):
    """Runs ``pipeline`` on ``ir`` and returns the resulting IR text."""
    native = _require()
    try:
        return native.stage_ir(ir, pipeline)
    except native.CompilationError as error:
        _raise_compilation_error(error)


def llvm_ir(ir, function, pipeline=None, opt_level=3):
    """The optimized LLVM IR of ``function`` (what the JIT loads)."""
    native = _require()
    try:
        return native.llvm_ir(ir, function, pipeline or DEFAULT_PIPELINE, opt_level)
    except native.CompilationError as error:
        _raise_compilation_error(error)


def compiler_identity():
    """The compiler build and host target that cache keys include."""
    return _require().compiler_identity()


def load_cached(key, cache_dir):
    """The executable of the persistent cache's entry ``key`` (the name of
    an entry directory, see ``exe.cache_entry``) without any IR, or None when
    there is no valid entry (the caller compiles, which rebuilds it)."""
    if os.environ.get("SYMC_ALWAYS_COMPILE", "").lower() in ("1", "true", "yes", "on"):
        return None
    return _require().load_cached(key, cache_dir=os.fspath(cache_dir))
