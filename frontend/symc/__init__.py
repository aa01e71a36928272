"""symc: a symbolic expression compiler in the spirit of Theano, built on MLIR.

Python users build NumPy-like expressions on symbolic variables and compile
them into native functions::

    import symc
    import symc.tensor as st

    x = st.dvector("x")
    f = symc.function([x], st.exp(x).sum())

See the API contract (API.md) for the full list of names.
"""

__version__ = "0.1.0"

from . import tensor  # noqa: E402
from .compile.function import Function, function  # noqa: E402
from .compile.io import In, Out  # noqa: E402
from .compile.mode import Mode  # noqa: E402
from .config import config  # noqa: E402
from .errors import SymcCompilationError, SymcError, SymcTypeError  # noqa: E402
from .graph import clone, clone as clone_replace  # noqa: E402, F401
from .printing import debugprint, pp  # noqa: E402
from . import printing  # noqa: E402
from . import gradient  # noqa: E402
from .gradient import OpFromGraph, grad  # noqa: E402
from .tensor.sharedvar import shared  # noqa: E402
from .ifelse import ifelse  # noqa: E402
from . import raise_op  # noqa: E402
from .raise_op import assert_op  # noqa: E402
from .scan.api import scan, until  # noqa: E402

# Theano spells the stop condition scan_module.until; here symc.scan.until.
scan.until = until

# The emitter's rules and the compiled core are loaded with the package (the
# latter when it is built, as NumPy's and JAX's are), so that a first
# symc.function, warm from the disk cache, pays for neither; without the
# extension symc still builds, prints and emits graphs.
from . import emit as _emit  # noqa: E402, F401
from .compile import backend as _backend  # noqa: E402

_backend.native()

__all__ = ["__version__", "config", "function", "Function", "In", "Out", "Mode", "shared", "pp", "debugprint",
           "printing", "tensor", "clone", "clone_replace", "SymcError", "SymcTypeError", "SymcCompilationError",
           "grad", "gradient", "OpFromGraph", "ifelse", "scan", "until", "raise_op", "assert_op"]
