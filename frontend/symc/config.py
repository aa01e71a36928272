"""symc's configuration: ``symc.config``.

Settable in code (``symc.config.floatX = "float32"``) or, at import, from the
``SYMC_FLAGS`` environment variable: ``SYMC_FLAGS="floatX=float32,device=cpu"``.
"""

import os

_CHOICES = {
    "floatX": ("float64", "float32"),
    "device": ("cpu", "cuda"),
    "math": ("approx", "approx-f64", "libm"),
}


def _default_compiledir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "symc")


class Config:
    """The settings that change how symc builds and compiles functions.

    Attributes
    ----------
    floatX : {"float64", "float32"}
        dtype of variables created with ``dtype=None`` and of float results of
        integer math.
    device : {"cpu", "cuda"}
        Where compiled functions run. There is no CUDA backend yet:
        ``"cuda"`` warns at compile time and the function runs on the CPU.
    compiledir : str
        Directory of the persistent compile cache (``~/.cache/symc``).
    compile_verbose : bool
        Print the time each compilation stage takes.
    num_threads : int
        Threads that compiled functions split large elementwise loops and
        reductions over: 0 (default) uses one per core, 1 gives sequential
        code. Part of the compiled code, so it applies to functions compiled
        after it is set (``SYMC_FLAGS=num_threads=1``).
    math : {"approx", "approx-f64", "libm"}
        How exp, expm1, log, log1p and tanh are computed: "approx" (default)
        with symc's own branch-free code, which vectorizes at the full SIMD
        width (about 1 ULP in float64, at most 2.7 in float32; see
        passes/MathAccuracy.md); "approx-f64" with that code in float64 and
        glibc's libm/libmvec in float32; "libm" with libm/libmvec
        everywhere. Applies to functions compiled
        after it is set (``SYMC_FLAGS=math=libm``).
    """

    __slots__ = ("_values",)

    def __init__(self):
        object.__setattr__(self, "_values", {
            "floatX": "float64",
            "device": "cpu",
            "compiledir": _default_compiledir(),
            "compile_verbose": False,
            "num_threads": 0,
            "math": "approx",
        })

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"symc.config has no setting {name!r}; "
                                 f"known: {', '.join(sorted(self._values))}") from None

    def __setattr__(self, name, value):
        if name not in self._values:
            raise AttributeError(f"symc.config has no setting {name!r}; "
                                 f"known: {', '.join(sorted(self._values))}")
        if name in _CHOICES and value not in _CHOICES[name]:
            raise ValueError(f"symc.config.{name} must be one of {_CHOICES[name]}, got {value!r}")
        if name == "compile_verbose" and isinstance(value, str):
            value = value.lower() in ("1", "true", "yes", "on")
        if name == "num_threads":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValueError(f"symc.config.num_threads must be an integer >= 0, got {value!r}") from None
            if value < 0:
                raise ValueError(f"symc.config.num_threads must be an integer >= 0, got {value}")
        if name == "compiledir":
            value = os.path.abspath(os.path.expanduser(str(value)))
        self._values[name] = value

    def apply_flags(self, flags):
        """Applies a ``name=value,name=value`` string (the ``SYMC_FLAGS`` syntax)."""
        for item in filter(None, (part.strip() for part in flags.split(","))):
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"SYMC_FLAGS entry {item!r} is not name=value")
            setattr(self, name.strip(), value.strip())

    def __repr__(self):
        items = ", ".join(f"{k}={v!r}" for k, v in sorted(self._values.items()))
        return f"symc.config({items})"


config = Config()
config.apply_flags(os.environ.get("SYMC_FLAGS", ""))
