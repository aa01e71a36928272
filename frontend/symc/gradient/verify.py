"""``verify_grad``: symbolic gradients checked against finite differences.

Walk-through:

1. Make one symbolic input per point, of the point's dtype, with a static
   size 1 where the point has size 1 (so that broadcasting behaves as in
   the user's graphs) and unknown sizes elsewhere; apply ``fn``.
2. The output is reduced to a scalar with a random projection
   ``cost = sum(out * proj)`` (proj in [0.5, 1.5), an input, so that one
   compiled function serves every test); ``symc.grad`` differentiates it.
3. Evaluate the cost and the gradients, through ``symc.function`` where the
   native extension is built, otherwise through the NumPy reference
   evaluator (which also checks every intermediate value's type).
4. Central differences of the cost, one input element at a time, with a
   step scaled to the element's magnitude; compare elementwise.
"""

import numpy as np

from ..errors import SymcError
from ..graph.basic import Variable
from ..graph.traversal import ancestors
from ..tensor import dtype as dt
from ..tensor.type import TensorType
from .core import grad

# Finite-difference step (relative to max(1, |x|)) and tolerances per dtype:
# the step is the cube root of the machine epsilon, optimal for central
# differences; the tolerances leave room for the rounding of the cost.
_EPS = {"float32": 4.9e-3, "float64": 6e-6}
_TOL = {"float32": 1e-2, "float64": 1e-5}


class GradientError(SymcError, AssertionError):
    """``verify_grad`` found a symbolic gradient that disagrees with finite
    differences.

    Attributes
    ----------
    arg : int
        The position of the input whose gradient is wrong.
    test : int
        Which of the ``n_tests`` random projections showed it.
    err_pos : tuple
        The index of the worst element.
    abs_err, rel_err : float
        The largest absolute and relative errors.
    abs_tol, rel_tol : float
    analytic, numeric : ndarray
        The two gradients of that input.
    """

    def __init__(self, message, arg, test, err_pos, abs_err, rel_err, abs_tol, rel_tol, analytic, numeric):
        super().__init__(message)
        self.arg, self.test, self.err_pos = arg, test, err_pos
        self.abs_err, self.rel_err = abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol
        self.analytic, self.numeric = analytic, numeric


def _generator(rng):
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    if not hasattr(rng, "random"):
        raise TypeError(f"verify_grad: rng must be None, a seed, a numpy Generator or RandomState, got {rng!r}")
    return rng


def _as_point(p, i):
    arr = np.array(p, copy=True)
    if arr.dtype.kind != "f" or arr.dtype.name not in _EPS:
        raise TypeError(f"verify_grad: point #{i} has dtype {arr.dtype}; gradients are checked for float32 and "
                        "float64 inputs (make integer or boolean arguments constants inside fn)")
    return arr


class _Evaluator:
    """Evaluates (inputs -> outputs) compiled when possible, else with the
    reference evaluator."""

    def __init__(self, inputs, outputs, use_native):
        self.inputs, self.outputs = inputs, outputs
        self.fn = None
        if use_native:
            from ..compile.function import function

            self.fn = function(inputs, outputs, on_unused_input="ignore", name="verify_grad")

    def __call__(self, values):
        if self.fn is not None:
            result = self.fn(*values)
            return [np.asarray(r) for r in result]
        from ..compile.reference import evaluate

        return evaluate(self.inputs, self.outputs, values, check_types=True)


def _native_available():
    from ..compile.backend import native

    return native() is not None


def verify_grad(fn, pt, n_tests=2, rng=None, eps=None, abs_tol=None, rel_tol=None, use_native=None):
    """Checks ``symc.grad`` of ``fn`` at ``pt`` against finite differences.

    Parameters
    ----------
    fn : callable
        Takes one symbolic tensor per point and returns one symbolic tensor
        (of any shape; it is reduced with a random projection).
    pt : list of array_like
        The point (float32 or float64 arrays); not modified.
    n_tests : int
        How many random projections to try.
    rng : None, int, numpy Generator or RandomState
    eps : float, optional
        The finite-difference step, relative to ``max(1, |x|)`` (default: the
        cube root of the machine epsilon: 6e-6 in float64, 4.9e-3 in float32
        or where any value the cost is computed from is float32).
    abs_tol, rel_tol : float, optional
        An element fails when its absolute error exceeds ``abs_tol`` and its
        relative error ``|a - n| / (|a| + |n|)`` exceeds ``rel_tol``
        (defaults: 1e-5 in float64, 1e-2 where float32 is involved).
    use_native : bool, optional
        Evaluate through ``symc.function`` (default: when the native extension
        is importable) or through the NumPy reference evaluator.

    Raises
    ------
    GradientError
        With a report naming the input, the largest errors and where they
        are.
    """
    if not isinstance(pt, (list, tuple)):
        raise TypeError("verify_grad: pt must be a list of arrays, one per argument of fn")
    points = [_as_point(p, i) for i, p in enumerate(pt)]
    r = _generator(rng)
    inputs = [TensorType(p.dtype, tuple(1 if s == 1 else None for s in p.shape)).make_variable(name=f"input{i}")
              for i, p in enumerate(points)]
    out = fn(*inputs)
    if isinstance(out, (list, tuple)):
        raise TypeError("verify_grad: fn must return one tensor (check several outputs in separate calls)")
    if not isinstance(out, Variable) or not isinstance(out.type, TensorType):
        raise TypeError(f"verify_grad: fn must return a symbolic tensor, got {out!r}")
    if not dt.is_float(out.dtype):
        raise TypeError(f"verify_grad: fn returned a {out.dtype} tensor; its gradient is zero by definition")
    proj = TensorType(out.dtype, tuple(1 if s == 1 else None for s in out.type.shape)).make_variable(name="proj")
    cost = (out * proj).sum() if out.ndim else out * proj
    grads = grad(cost, inputs, disconnected_inputs="ignore")
    if use_native is None:
        use_native = _native_available()
    forward = _Evaluator(inputs, [out], use_native)
    cost_fn = _Evaluator(inputs + [proj], [cost], use_native)
    grad_fn = _Evaluator(inputs + [proj], list(grads), use_native)

    # A float32 value anywhere on the way limits the precision of the cost.
    dtypes = {v.type.dtype for v in ancestors([cost]) if isinstance(v.type, TensorType)}
    worst = "float32" if "float32" in dtypes else "float64"
    abs_tol = _TOL[worst] if abs_tol is None else abs_tol
    rel_tol = _TOL[worst] if rel_tol is None else rel_tol

    out_shape = forward(points)[0].shape
    for test in range(n_tests):
        pv = (r.random(out_shape) + 0.5).astype(out.dtype)
        analytic = grad_fn(points + [pv])
        for i, (p, a) in enumerate(zip(points, analytic)):
            if a.shape != p.shape or a.dtype != p.dtype:
                raise GradientError(
                    f"verify_grad: the gradient of input #{i} has shape {a.shape} and dtype {a.dtype}, the input "
                    f"{p.shape} and {p.dtype}", i, test, (), np.inf, np.inf, abs_tol, rel_tol, a, None)
            step = _EPS[worst if p.dtype.name == "float64" else p.dtype.name] if eps is None else eps
            numeric = _central_differences(cost_fn, points, pv, i, step)
            _compare(i, test, n_tests, a, numeric, abs_tol, rel_tol, step, p)


def _central_differences(cost_fn, points, pv, i, step):
    p = points[i]
    numeric = np.zeros(p.shape, dtype=np.float64)
    for k in np.ndindex(*p.shape):
        x = p[k]
        h = step * max(1.0, abs(float(x)))
        shifted = list(points)
        up, down = p.copy(), p.copy()
        up[k], down[k] = x + h, x - h
        # The step actually taken, after rounding to the input's dtype.
        width = float(up[k]) - float(down[k])
        shifted[i] = up
        f_up = float(cost_fn(shifted + [pv])[0])
        shifted[i] = down
        f_down = float(cost_fn(shifted + [pv])[0])
        numeric[k] = (f_up - f_down) / width
    return numeric


def _compare(i, test, n_tests, analytic, numeric, abs_tol, rel_tol, step, point):
    a = analytic.astype(np.float64)
    abs_err = np.abs(a - numeric)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = np.abs(a) + np.abs(numeric)
        rel_err = np.where(denom > 0, abs_err / np.where(denom > 0, denom, 1), 0.0)
    bad = ~((abs_err <= abs_tol) | (rel_err <= rel_tol))
    if not bad.any():
        return
    flat = int(np.argmax(np.where(bad, rel_err, -1.0)))
    pos = np.unravel_index(flat, a.shape) if a.ndim else ()
    pos = tuple(int(v) for v in pos)
    max_abs = float(np.nanmax(np.where(np.isnan(abs_err), np.inf, abs_err)))
    max_rel = float(np.nanmax(np.where(np.isnan(rel_err), np.inf, rel_err)))
    lines = [
        f"verify_grad: the gradient of input #{i} (dtype {point.dtype}, shape {point.shape}) disagrees with finite "
        f"differences (test {test + 1} of {n_tests}).",
        f"  {int(bad.sum())} of {bad.size} element(s) fail; worst at index {pos}: analytic {a[pos]!r}, numeric "
        f"{numeric[pos]!r}, input value {point[pos]!r}",
        f"  max abs error {max_abs:.3g} (abs_tol {abs_tol:g}), max rel error {max_rel:.3g} (rel_tol {rel_tol:g}); an "
        f"element fails when it exceeds both; eps {step:g}",
    ]
    if a.size <= 64:
        lines.append("  analytic:\n" + _indent(np.array2string(a, precision=6)))
        lines.append("  numeric:\n" + _indent(np.array2string(numeric, precision=6)))
    raise GradientError("\n".join(lines), i, test, pos, max_abs, max_rel, abs_tol, rel_tol, analytic, numeric)


def _indent(text):
    return "\n".join("    " + line for line in text.splitlines())
