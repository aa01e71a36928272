"""Measures the accuracy of the math that symc-lower-to-llvm-pipeline ships.

Compiles one symc function per unary/binary float op with the pipeline
(vector ISA of this machine), builds it like the JIT does (-O3, host CPU, so
loops run the libmvec vector variants), calls it on a sweep of inputs and
reports the maximum error in ULP of the result type against a reference:
mpmath at 40 digits for float64, float64 NumPy/SciPy for float32. Prints one
line per (function, dtype) and exits non-zero if a bound is exceeded.
"""
import argparse, ctypes, os, subprocess, sys
import numpy as np
import mpmath

mpmath.mp.dps = 40

# name: (symc op, arity, float64 reference, float32 reference, domain sampler)
def _logu(rng, lo, hi, n, signed=False):
    v = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    if signed:
        v *= rng.choice([-1.0, 1.0], n)
    return v

def _uni(rng, lo, hi, n):
    return rng.uniform(lo, hi, n)

def _mix(*parts):
    return np.concatenate(parts)

def m_sigmoid(x): return 1 / (1 + mpmath.exp(-x))
def m_softplus(x): return mpmath.log1p(mpmath.exp(x))
def m_log1mexp(x):
    # Each branch is exact at 40 digits where it is used (1 - e^x rounds to 1
    # at 40 digits for x below -92, so log(-expm1(x)) would give 0 there).
    return mpmath.log(-mpmath.expm1(x)) if x > -1 else mpmath.log1p(-mpmath.exp(x))

import scipy.special as sp
def n_log1mexp(x):
    with np.errstate(all="ignore"):
        return np.where(x > -np.log(2), np.log(-np.expm1(x)), np.log1p(-np.exp(x)))

UNARY = {
    "exp": (mpmath.exp, np.exp, lambda r, n, big: _mix(_uni(r, -big, big, n), _uni(r, -1, 1, n // 4))),
    "expm1": (mpmath.expm1, np.expm1, lambda r, n, big: _mix(_uni(r, -big, big, n), _logu(r, 1e-20, 1, n // 2, True))),
    "log": (mpmath.log, np.log, lambda r, n, big: _mix(_logu(r, 1e-300 if big > 100 else 1e-37, 1e300 if big > 100 else 1e37, n), _uni(r, 0.5, 2, n // 2))),
    "log1p": (mpmath.log1p, np.log1p, lambda r, n, big: _mix(_uni(r, -0.999, 1, n), _logu(r, 1e-20, 1e30, n // 2, True).clip(-0.999))),
    "log2": (lambda x: mpmath.log(x, 2), np.log2, lambda r, n, big: _mix(_logu(r, 1e-30, 1e30, n), _uni(r, 0.5, 2, n // 2))),
    "log10": (mpmath.log10, np.log10, lambda r, n, big: _mix(_logu(r, 1e-30, 1e30, n), _uni(r, 0.5, 2, n // 2))),
    "log1mexp": (m_log1mexp, n_log1mexp, lambda r, n, big: -_logu(r, 1e-10, big, n)),
    "sqrt": (mpmath.sqrt, np.sqrt, lambda r, n, big: _logu(r, 1e-30, 1e30, n)),
    "sin": (mpmath.sin, np.sin, lambda r, n, big: _mix(_uni(r, -10, 10, n), _uni(r, -1e4, 1e4, n // 2))),
    "cos": (mpmath.cos, np.cos, lambda r, n, big: _mix(_uni(r, -10, 10, n), _uni(r, -1e4, 1e4, n // 2))),
    "tan": (mpmath.tan, np.tan, lambda r, n, big: _mix(_uni(r, -1.5, 1.5, n), _uni(r, -1e3, 1e3, n // 2))),
    "asin": (mpmath.asin, np.arcsin, lambda r, n, big: _uni(r, -1, 1, n)),
    "acos": (mpmath.acos, np.arccos, lambda r, n, big: _uni(r, -1, 1, n)),
    "atan": (mpmath.atan, np.arctan, lambda r, n, big: _logu(r, 1e-10, 1e10, n, True)),
    "sinh": (mpmath.sinh, np.sinh, lambda r, n, big: _mix(_uni(r, -big, big, n), _uni(r, -1, 1, n // 2))),
    "cosh": (mpmath.cosh, np.cosh, lambda r, n, big: _uni(r, -big, big, n)),
    "tanh": (mpmath.tanh, np.tanh, lambda r, n, big: _mix(_uni(r, -20, 20, n), _logu(r, 1e-10, 1, n // 2, True))),
    "asinh": (mpmath.asinh, np.arcsinh, lambda r, n, big: _logu(r, 1e-10, 1e10, n, True)),
    "acosh": (mpmath.acosh, np.arccosh, lambda r, n, big: _mix(_uni(r, 1, 2, n), _logu(r, 1, 1e10, n // 2))),
    "atanh": (mpmath.atanh, np.arctanh, lambda r, n, big: _uni(r, -0.9999, 0.9999, n)),
    "erf": (mpmath.erf, sp.erf, lambda r, n, big: _uni(r, -6, 6, n)),
    "erfc": (mpmath.erfc, sp.erfc, lambda r, n, big: _uni(r, -6, 26 if big > 100 else 9, n)),
    "sigmoid": (m_sigmoid, sp.expit, lambda r, n, big: _uni(r, -big, big, n)),
    "softplus": (m_softplus, lambda x: np.logaddexp(0, x), lambda r, n, big: _mix(_uni(r, -big, big, n), _uni(r, -5, 5, n))),
    # tanh(x) where exp(x) is computed too (symc-approximate-math then
    # derives tanh from expm1(x), sharing exp's code, not from expm1(-|x|)).
    "tanh_exp": (mpmath.tanh, np.tanh, lambda r, n, big: _mix(_uni(r, -40, 40, n), _logu(r, 1e-10, 1, n // 2, True))),
    # tanh(x) where softplus(x) computes exp(-|x|) (tanh then from expm1(-|x|)).
    "tanh_softplus": (mpmath.tanh, np.tanh, lambda r, n, big: _mix(_uni(r, -40, 40, n), _logu(r, 1e-10, 1, n // 2, True))),
}
# Functions of more than one op: name -> the body computing %r from %x.
# min(tanh(x), exp(x)) = tanh(x) (exp(x) > tanh(x) everywhere).
BODY = {
    "tanh_exp": "%%e = symc.exp %%x : %(t)s\n  %%h = symc.tanh %%x : %(t)s\n"
                "  %%r = symc.minimum %%h, %%e : %(t)s, %(t)s",
    # min(tanh(x), softplus(x)) = tanh(x) (softplus(x) > max(x, 0) >= tanh(x)).
    "tanh_softplus": "%%e = symc.softplus %%x : %(t)s\n  %%h = symc.tanh %%x : %(t)s\n"
                     "  %%r = symc.minimum %%h, %%e : %(t)s, %(t)s",
}
# Inputs every listed function also gets, per dtype: the edges of its domain
# (zeros, subnormals, +-inf, NaN, negative arguments of logarithms) and the
# thresholds where results overflow, underflow to subnormals or round to a
# constant (exp: 709.78 / -708.4 / -745.13; float32 88.72 / -87.3 / -103.97).
def _edges(dt):
    f = np.finfo(np.float64 if dt == "f64" else np.float32)
    base = [0.0, -0.0, float(f.smallest_subnormal), -float(f.smallest_subnormal),
            float(f.tiny), -float(f.tiny), float(f.tiny) / 3, 1e-30, -1e-30, 1.0, -1.0,
            2.0, 0.5, float(f.max), -float(f.max), np.inf, -np.inf, np.nan]
    if dt == "f64":
        return base + [709.78, 709.79, 710.0, -708.3, -708.4, -745.13, -745.14, -746.0,
                       38.0, 40.0, 19.0, 21.0, -1e-300, 1e-310, -1e-310, 1e300, -1e300, -0.999999]
    return base + [88.7, 88.73, 89.0, -87.3, -87.4, -103.9, -103.98, -104.0, 17.0, 20.0,
                   9.0, 11.0, 1e-40, -1e-40, 1e30, -1e30, -0.99999]

def _window(rng, n, dt, f64, f32):
    """Uniform samples in a window that differs per dtype."""
    lo, hi = f64 if dt == "f64" else f32
    return _uni(rng, lo, hi, n)

# name -> extra sampler (rng, n, dtype name): where results turn subnormal,
# overflow or saturate, and the inputs of _edges.
EXTRA = {
    "exp": lambda r, n, dt: _mix(_window(r, n // 4, dt, (-746, -700), (-105, -85)),
                                 _window(r, n // 8, dt, (700, 710), (85, 89)), _edges(dt)),
    "expm1": lambda r, n, dt: _mix(_window(r, n // 4, dt, (-50, 50), (-20, 20)),
                                   _window(r, n // 8, dt, (700, 710), (85, 89)), _edges(dt)),
    "log": lambda r, n, dt: _mix(_logu(r, 1e-323 if dt == "f64" else 1e-45,
                                       1e-300 if dt == "f64" else 1e-37, n // 4), _edges(dt)),
    "log1p": lambda r, n, dt: _mix(_uni(r, -1, -0.99, n // 8), _logu(r, 1e-300 if dt == "f64" else 1e-37, 1e300 if dt == "f64" else 1e37, n // 4, True).clip(-1), _edges(dt)),
    "tanh": lambda r, n, dt: _mix(_logu(r, 1e-300 if dt == "f64" else 1e-37, 1e300 if dt == "f64" else 1e37, n // 4, True), _edges(dt)),
    "sigmoid": lambda r, n, dt: _mix(_window(r, n // 4, dt, (-750, 750), (-110, 110)), _edges(dt)),
    "softplus": lambda r, n, dt: _mix(_window(r, n // 4, dt, (-750, 750), (-110, 110)), _edges(dt)),
    "tanh_exp": lambda r, n, dt: _mix(_logu(r, 1e-300 if dt == "f64" else 1e-37, 1e300 if dt == "f64" else 1e37, n // 4, True),
                                      _window(r, n // 8, dt, (-25, 25), (-12, 12)), _edges(dt)),
    "tanh_softplus": lambda r, n, dt: _mix(_logu(r, 1e-300 if dt == "f64" else 1e-37, 1e300 if dt == "f64" else 1e37, n // 4, True),
                                           _window(r, n // 8, dt, (-25, 25), (-12, 12)), _edges(dt)),
}

def _real(fn):
    """An mpmath function whose complex results (log of a negative) read as NaN."""
    def f(*xs):
        v = fn(*xs)
        return mpmath.mpf("nan") if isinstance(v, mpmath.mpc) else v
    return f

BINARY = {
    "pow": (mpmath.power, np.power, lambda r, n: (_uni(r, 0.01, 10, n), _uni(r, -20, 20, n))),
    "atan2": (mpmath.atan2, np.arctan2, lambda r, n: (_logu(r, 1e-5, 1e5, n, True), _logu(r, 1e-5, 1e5, n, True))),
}
# Bounds: libmvec documents 4 ULP; the composites add a few roundings.
BOUND = {"sigmoid": 6, "softplus": 6, "log1mexp": 6}
DEFAULT_BOUND = 4

class D1(ctypes.Structure):
    _fields_ = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
                ("offset", ctypes.c_int64), ("size", ctypes.c_int64), ("stride", ctypes.c_int64)]

def build(args):
    lines = []
    for dt in ("f64", "f32"):
        t = "tensor<?x%s>" % dt
        for name in UNARY:
            body = BODY[name] % {"t": t} if name in BODY else "%%r = symc.%s %%x : %s" % (name, t)
            lines.append("func.func @%s_%s(%%x: %s) -> %s {\n  %s\n  return %%r : %s\n}" % (name, dt, t, t, body, t))
        for name in BINARY:
            lines.append("func.func @%s_%s(%%x: %s, %%y: %s) -> %s {\n  %%r = symc.%s %%x, %%y : %s, %s\n  return %%r : %s\n}" % (name, dt, t, t, t, name, t, t, t))
    os.makedirs(args.work, exist_ok=True)
    src = os.path.join(args.work, "math.mlir")
    open(src, "w").write("\n".join(lines) + "\n")
    options = " ".join(["threads=1"] + args.options)
    subprocess.run([args.symc_opt, src, "--pass-pipeline=builtin.module(symc-lower-to-llvm-pipeline{%s})" % options,
                    "-o", os.path.join(args.work, "math.llvm.mlir")], check=True)
    subprocess.run([args.translate, "--mlir-to-llvmir", os.path.join(args.work, "math.llvm.mlir"),
                    "-o", os.path.join(args.work, "math.ll")], check=True)
    lib = os.path.join(args.work, "libmath.so")
    subprocess.run([args.cc, "-O3", "-march=native", "-shared", "-fPIC", "-w", os.path.join(args.work, "math.ll"),
                    args.runtime, "-o", lib, "-lmvec", "-lm"], check=True)
    return ctypes.CDLL(lib)

def call(lib, name, *arrays):
    descs = [D1(a.ctypes.data, a.ctypes.data, 0, a.size, 1) for a in arrays]
    out = D1()
    getattr(lib, "_mlir_ciface_" + name)(ctypes.byref(out), *[ctypes.byref(d) for d in descs])
    ctype = ctypes.c_double if arrays[0].dtype == np.float64 else ctypes.c_float
    res = np.ctypeslib.as_array(ctypes.cast(out.aligned, ctypes.POINTER(ctype)), (out.size,)).copy()
    lib._mlir_memref_to_llvm_free(ctypes.c_void_p(out.allocated))
    return res

def ulp_error(got, ref, dtype):
    """Max |got - ref| in ULPs of the exact value in `dtype` (at least the
    smallest normal's ULP). `ref` holds mpmath numbers (exact) or float64."""
    worst = 0.0
    info = np.finfo(dtype)
    for g, r in zip(got.astype(np.float64), ref):
        rf = float(r)
        if np.isnan(rf) or not np.isfinite(rf) or abs(rf) > info.max:
            # NaN, infinite or overflowing exact values must be matched exactly.
            if not ((np.isnan(rf) and np.isnan(g)) or (abs(rf) > info.max and g == np.sign(rf) * np.inf)):
                return np.inf
            continue
        if not np.isfinite(g):
            return np.inf
        spacing = float(np.spacing(dtype(max(abs(rf), info.tiny))))
        err = float(abs(mpmath.mpf(g) - r)) / spacing if isinstance(r, mpmath.mpf) else abs(g - rf) / spacing
        worst = max(worst, err)
    return worst

def reference64(fn, *xs):
    return [fn(*[mpmath.mpf(float(v)) for v in vals]) for vals in zip(*xs)]

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--symc-opt", required=True)
    p.add_argument("--translate", required=True)
    p.add_argument("--cc", required=True)
    p.add_argument("--runtime", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--n64", type=int, default=2048)
    p.add_argument("--n32", type=int, default=65536)
    p.add_argument("--options", nargs="*", default=[],
                   help="more symc-lower-to-llvm-pipeline options, e.g. approximate-math=0 (libm/libmvec "
                        "everywhere) or approximate-math-f32=0 (glibc's float32 libmvec)")
    args = p.parse_args()
    lib = build(args)
    rng = np.random.default_rng(1234)
    worst_ok = True
    for dt, dtype, n in (("f64", np.float64, args.n64), ("f32", np.float32, args.n32)):
        big = 700.0 if dt == "f64" else 88.0
        for name, (mref, nref, sample) in UNARY.items():
            with np.errstate(all="ignore"):
                x = sample(rng, n, big)
                if name in EXTRA:
                    x = np.concatenate([x, EXTRA[name](rng, n, dt)])
                x = np.ascontiguousarray(x.astype(dtype))
            got = call(lib, "%s_%s" % (name, dt), x)
            with np.errstate(all="ignore"):
                ref = reference64(_real(mref), x) if dt == "f64" else nref(x.astype(np.float64))
            with np.errstate(all="ignore"):
                e = ulp_error(got, ref, dtype)
            bound = BOUND.get(name, DEFAULT_BOUND)
            ok = e <= bound
            worst_ok &= ok
            print("%-9s %s max_ulp=%.2f bound=%d %s" % (name, dt, e, bound, "ok" if ok else "EXCEEDED"))
        for name, (mref, nref, sample) in BINARY.items():
            x, y = [np.ascontiguousarray(v.astype(dtype)) for v in sample(rng, n)]
            got = call(lib, "%s_%s" % (name, dt), x, y)
            with np.errstate(all="ignore"):
                ref = reference64(mref, x, y) if dt == "f64" else nref(x.astype(np.float64), y.astype(np.float64))
            e = ulp_error(got, ref, dtype)
            bound = BOUND.get(name, DEFAULT_BOUND)
            ok = e <= bound
            worst_ok &= ok
            print("%-9s %s max_ulp=%.2f bound=%d %s" % (name, dt, e, bound, "ok" if ok else "EXCEEDED"))
    return 0 if worst_ok else 1

if __name__ == "__main__":
    sys.exit(main())
