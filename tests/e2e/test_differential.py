"""Differential testing: random expression graphs compiled with every rewrite
(FAST_RUN) against the NumPy reference evaluation of the same graph.

Hypothesis draws a program (inputs with random static/dynamic/broadcastable
shapes and dtypes, then a sequence of ops over earlier values, including
the patterns the stabilizer and the specializer rewrite), input values
(normal data with edge values mixed in) and, for the gradient test, a
scalar cost whose gradient (and, half the time, the gradient of a scalar of
that gradient) is compiled too. The compiled function must agree with the
reference elementwise, keep NaN and infinities where the reference has
them, and raise (ValueError or IndexError) exactly where the reference
does: a rewrite that drops a run-time check or changes a value fails here.
Programs include random draws (the reference draws the same numbers),
lazy ifelse, whose untaken branch may index out of range, and run-time
assertions on sizes.

The graph tests (float, and integer and bool programs with exact results:
wrapping arithmetic, floor division and modulo by zero) compile in
FAST_RUN, FAST_COMPILE or DebugMode and call the function three times:
values of other dynamic sizes between two calls with the same values, each
input in a random memory layout (column-major, reversed, strided,
unaligned). Other tests draw programs large enough for threaded loops;
loops: a carried vector over a sequence's rows with an ifelse after it, and
scans with the rest of their interface (taps, several states,
non-sequences, products that symc-scan-pushout moves out of the loop, map
outputs, inner loops, go_backwards, truncate_gradient, until, noise drawn
and a shared variable updated at every step), with and without their
gradients; and shared variables that the function updates (and may
return), with mutable inputs and borrowed outputs, called twice: outputs
and new values agree with the reference, a failed call changes no
variable, and no later call changes an array an earlier one returned
without borrow.

``SYMC_DIFFERENTIAL_EXAMPLES`` sets how many programs each test draws (the
default keeps ``make test`` short; the runs are derandomized, so a failure
reproduces); ``SYMC_DIFFERENTIAL_EXPLORE=1`` draws new programs each run.
"""

import os
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from function_support import private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

from hypothesis import HealthCheck, assume, event, given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc.compile import reference  # noqa: E402
from symc.compile.reference import check_value  # noqa: E402
from symc.graph.traversal import graph_inputs, toposort  # noqa: E402
from symc.raise_op import CheckAndRaise  # noqa: E402
from symc.tensor.elemwise import Elemwise  # noqa: E402
from symc.errors import DebugModeError, SymcTypeError  # noqa: E402

EXAMPLES = int(os.environ.get("SYMC_DIFFERENTIAL_EXAMPLES", "40"))
# Set to explore: fresh random programs on each run instead of the fixed ones.
EXPLORE = os.environ.get("SYMC_DIFFERENTIAL_EXPLORE", "") not in ("", "0")

SETTINGS = settings(max_examples=EXAMPLES, derandomize=not EXPLORE, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)

# Tolerances of a compiled result against the reference: the compiled code
# uses its own vector math (symc-approximate-math, libmvec) and rewrites
# that reorder arithmetic (log1p, softplus, GEMM), each within a few ulps.
RTOL = {"float64": 1e-9, "float32": 2e-4}


def _unary(name, fn):
    return name, 1, lambda r, a: fn(a)


def _reduce(method):
    def build(r, a):
        if a.ndim == 0:
            return getattr(a, method)()
        axis = r(hs.one_of(hs.none(), hs.integers(-a.ndim, a.ndim - 1)))
        return getattr(a, method)(axis=axis, keepdims=r(hs.booleans()))
    return method, 1, build


def _axis_op(name, fn):
    def build(r, a):
        if a.ndim == 0:
            return a
        return fn(a, r(hs.integers(-a.ndim, a.ndim - 1)))
    return name, 1, build


def _subtensor(r, a):
    if a.ndim == 0:
        return a
    index = []
    for _ in range(r(hs.integers(1, a.ndim))):
        kind = r(hs.sampled_from(["slice", "int", "all"]))
        if kind == "int":
            index.append(r(hs.integers(-2, 1)))
        elif kind == "slice":
            start = r(hs.one_of(hs.none(), hs.integers(-3, 2)))
            stop = r(hs.one_of(hs.none(), hs.integers(-3, 3)))
            step = r(hs.sampled_from([None, 1, 2, -1, -2]))
            index.append(slice(start, stop, step))
        else:
            index.append(slice(None))
    return a[tuple(index)]


def _dimshuffle(r, a):
    order = list(r(hs.permutations(range(a.ndim))))
    if r(hs.booleans()):
        order.insert(r(hs.integers(0, len(order))), "x")
    return a.dimshuffle(*order)


def _reshape(r, a):
    if r(hs.booleans()) or a.ndim == 0:
        return a.flatten()
    return a.reshape((-1,) + (1,) * r(hs.integers(0, 1)))


def _dot(r, a, b):
    if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
        return a * b
    return st.dot(a, b)


def _switch(r, a, b):
    return st.switch(a > b, a, b * 2)


def _pow(r, a):
    # Not -1: 1/x at a signed zero, whose sign stabilized code gets right
    # (log(sigmoid(700)) is -0.0, the reference gives +0.0), flips
    # infinities. Fractional powers of |a|: x ** 0.5 is sqrt(x), which is
    # -0.0 at -0.0 where NumPy's power gives +0.0 (as Theano's rewrite).
    p = r(hs.sampled_from([2, 3, 0.5, -2, 2.5]))
    return (a if p == int(p) else abs(a)) ** p


def _concatenate(r, a, b):
    if a.ndim == 0 or a.ndim != b.ndim:
        return a + b
    return st.concatenate([a, b], axis=r(hs.integers(0, a.ndim - 1)))


def _clip(r, a):
    return st.clip(a, -1.5, r(hs.sampled_from([0.5, 2.0])))


def _update(r, a, b):
    # set_subtensor / inc_subtensor of a basic slice of a by b (broadcast
    # into the part where the shapes allow it, else by a constant).
    if a.ndim == 0:
        return a + b
    index = _subtensor(r, a)
    part = index if index.ndim <= b.ndim else None
    value = b if part is not None and b.ndim <= index.ndim and r(hs.booleans()) else 1.5
    update = st.set_subtensor if r(hs.booleans()) else st.inc_subtensor
    try:
        return update(index, value)
    except SymcTypeError:
        return update(index, 1.5)


def _take(r, a):
    # Integer-array indexing along the first axis (repeats, negative
    # entries; out-of-range entries raise IndexError in both).
    if a.ndim == 0:
        return a
    picks = r(hs.lists(hs.integers(-3, 3), min_size=0, max_size=4))
    return a[np.array(picks, dtype="int64")]


def _assert(r, a):
    # A condition on the size (exact in both evaluations): where it fails,
    # both raise, and no shared variable changes.
    limit = r(hs.sampled_from([0, 4, 16]))
    return CheckAndRaise(ValueError, "too many elements")(a, st.le(st.prod(a.shape), limit))


def _ifelse(r, a, b):
    # Lazy: only the taken branch runs, so an index out of range in the
    # other raises nowhere (and in the taken one, in both).
    cond = st.gt(b.sum(), 0)
    return symc.ifelse(cond, _take(r, a), a * 2 + 1) if r(hs.booleans()) else \
        symc.ifelse(cond, a * 2 + 1, _take(r, a))


def _where(r, a, b):
    return st.where(st.ge(a, b), a - b, st.cast(st.lt(a, 0.5), a.dtype))


def _random(kind):
    """A draw of `a`'s shape from a generator of its own (the reference
    evaluation draws the same numbers: symc's generators are counter-based)
    combined with `a`: noise added, a mask, a scale."""
    def build(r, a):
        srng = st.random.RandomStream(r(hs.integers(0, 2**16)))
        if kind == "normal":
            return a + 0.5 * srng.normal(0.0, 1.0, a.shape, dtype=a.dtype)
        if kind == "binomial":
            return a * st.cast(srng.binomial(1, 0.5, a.shape), a.dtype)
        return a * srng.uniform(-1.0, 1.0, a.shape, dtype=a.dtype)
    return kind, 1, build


def _round_trip(r, a):
    # Through an integer type and back (floor, truncation on the cast).
    return st.cast(st.cast(st.floor(a * 3), "int64") // 2, a.dtype)


#: (name, arity, builder(draw, *operands) -> Variable): the ops of every
#: program, float or integer.
COMMON_OPS = [
    ("add", 2, lambda r, a, b: a + b),
    ("sub", 2, lambda r, a, b: a - b),
    ("mul", 2, lambda r, a, b: a * b),
    ("maximum", 2, lambda r, a, b: st.maximum(a, b)),
    ("minimum", 2, lambda r, a, b: st.minimum(a, b)),
    ("switch", 2, _switch),
    ("dot", 2, _dot),
    ("concatenate", 2, _concatenate),
    ("update", 2, _update),
    ("ifelse", 2, _ifelse),
    ("assert", 1, _assert),
    _unary("neg", lambda a: -a),
    _unary("abs", abs),
    _unary("sqr", st.sqr),
    _unary("x*0+1", lambda a: a * 0 + 1),
    _unary("x-x", lambda a: a - a + a * 2),
    _reduce("sum"),
    _reduce("max"),
    _reduce("min"),
    _reduce("mean"),
    _reduce("prod"),
    ("subtensor", 1, _subtensor),
    ("take", 1, _take),
    ("dimshuffle", 1, _dimshuffle),
    ("reshape", 1, _reshape),
]

#: The ops of float programs. The composite ones are the subgraphs
#: symc-stabilize and symc-specialize rewrite.
OPS = COMMON_OPS + [
    ("div", 2, lambda r, a, b: a / (b * b + 0.5)),
    # At most 17 x 17: an outer product of outer products (squared sizes,
    # then a product with another 68 elements) filled 24 GB.
    ("outer", 2, lambda r, a, b: st.outer(a.flatten()[:17], b.flatten()[:17])),
    _unary("exp", st.exp),
    _unary("log-abs", lambda a: st.log(abs(a) + 0.25)),
    _unary("log1p-exp", lambda a: st.log(1 + st.exp(a))),
    _unary("log1p", lambda a: st.log1p(abs(a))),
    _unary("expm1", st.expm1),
    _unary("tanh", st.tanh),
    _unary("sigmoid", st.sigmoid),
    _unary("log-sigmoid", lambda a: st.log(st.sigmoid(a))),
    _unary("log-1-sigmoid", lambda a: st.log(1 - st.sigmoid(a))),
    _unary("softplus", st.softplus),
    _unary("sqrt", lambda a: st.sqrt(abs(a))),
    _unary("sin", st.sin),
    _unary("cos", st.cos),
    _unary("erf", st.erf),
    _unary("relu", st.nnet.relu),
    ("pow", 1, _pow),
    ("clip", 1, _clip),
    _axis_op("softmax", lambda a, axis: st.nnet.softmax(a) if a.ndim == 2 else st.exp(a)),
    _axis_op("log-softmax", lambda a, axis: st.log(st.nnet.softmax(a)) if a.ndim == 2 else a),
    _axis_op("logsumexp", lambda a, axis: st.logsumexp(a, axis=axis)),
    _axis_op("argmax", lambda a, axis: st.cast(a.argmax(axis=axis), a.dtype)),
    ("where", 2, _where),
    ("int-round-trip", 1, _round_trip),
    _axis_op("var", lambda a, axis: a.var(axis=axis)),
    _axis_op("std", lambda a, axis: a.std(axis=axis)),
    _random("normal"),
    _random("uniform"),
    _random("binomial"),
]

EDGE_VALUES = [0.0, -0.0, 1.0, -1.0, 30.0, -30.0, 1e-8, 700.0, -700.0]

# Mostly small sizes (shrinking likes them), and some past a vector width
# with a remainder, where vectorized loops and their tails both run.
SIZES = hs.one_of(hs.integers(0, 4), hs.sampled_from([9, 17]))


@hs.composite
def _values(draw, shape, dtype):
    """Normal data (scaled by 3) with some edge values mixed in; small
    arrays element by element, so that failures shrink to their values."""
    count = int(np.prod(shape))
    if count <= 8:
        data = draw(hs.lists(hs.one_of(hs.floats(-3, 3, width=32), hs.sampled_from(EDGE_VALUES)),
                             min_size=count, max_size=count))
        return np.array(data, dtype=dtype).reshape(shape)
    rng = np.random.default_rng(draw(hs.integers(0, 2**32 - 1)))
    data = rng.normal(scale=3.0, size=count)
    edges = rng.random(count) < draw(hs.sampled_from([0.0, 0.1]))
    data[edges] = rng.choice(EDGE_VALUES, size=int(edges.sum()))
    return data.astype(dtype).reshape(shape)


# Sizes of a large program: a last dimension past the 32,768 iterations
# from which loops run on several threads (odd, so blocks are uneven), and
# small other ones. Broadcasting aligns last dimensions: the large one only
# ever meets itself or a 1.
LARGE_SIZE, SMALL_SIZES = hs.sampled_from([32769, 40001]), hs.integers(1, 3)
# Ops that could make a large program quadratic in its large dimension
# (products, or moving it where it meets another one), and the product of
# 32769 values: its partial products overflow or underflow, and where they
# do depends on the order of the multiplications (threads split it; the
# reference's 0 is their 0 * inf = nan).
LARGE_EXCLUDED = ("dot", "outer", "dimshuffle", "reshape", "prod")


@hs.composite
def programs(draw, max_ops=8, large=False, excluded=()):
    """Inputs (variables and values) and the outputs built from them, of
    ops other than `excluded`."""
    inputs, values = [], []
    dtype = draw(hs.sampled_from(["float64", "float32"]))
    sizes = {}
    for k in range(draw(hs.integers(1, 3))):
        ndim = draw(hs.integers(1 if large else 0, 3))
        concrete, pattern = [], []
        for d in range(ndim):
            strategy = (LARGE_SIZE if d == ndim - 1 else SMALL_SIZES) if large else SIZES
            # Dimensions of equal position mostly agree, so that elementwise
            # ops combine; sometimes a size differs (a run-time mismatch).
            size = sizes.setdefault(d - ndim if large else d, draw(strategy))
            if draw(hs.integers(0, 9)) == 0:
                size = draw(strategy)
            # Size 1 is static: a dynamic size 1 does not broadcast in symc
            # (Theano's rule), where the reference's NumPy would broadcast.
            if size == 1:
                pattern.append(1)
            else:
                pattern.append(size if draw(hs.integers(0, 3)) == 0 else None)
            concrete.append(size)
        var = st.tensor(dtype, shape=tuple(pattern), name=f"x{k}")
        inputs.append(var)
        values.append(draw(_values(tuple(concrete), dtype)))
    ops = [op for op in OPS if op[0] not in (LARGE_EXCLUDED if large else ()) + tuple(excluded)]
    return _with_ops(draw, inputs, values, ops, max_ops, dtype)


def _with_ops(draw, inputs, values, ops, max_ops, dtype=None):
    """The program of up to max_ops ops drawn from `ops` over the inputs
    and earlier results (each cast to `dtype` when given)."""
    pool, names = list(inputs), []
    for _ in range(draw(hs.integers(1, max_ops))):
        name, arity, build = draw(hs.sampled_from(ops))
        operands = [draw(hs.sampled_from(pool)) for _ in range(arity)]
        try:
            out = build(draw, *operands)
        except SymcTypeError:
            continue  # types or static shapes the op refuses: the frontend said so
        if dtype is not None and out.dtype != dtype:
            out = st.cast(out, dtype)
        pool.append(out)
        names.append(name)
    outputs = pool[len(inputs):]
    assume(outputs)
    return inputs, values, outputs, names


INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8"]


def _int_pow(r, a):
    # Non-negative exponents: NumPy refuses negative integer powers.
    return a ** r(hs.sampled_from([0, 1, 2, 3, 7]))


def _int_cast(r, a):
    # Another integer type (wraps when narrower) or bool.
    return st.cast(a, r(hs.sampled_from(INT_DTYPES + ["bool"])))


def _int_where(r, a, b):
    return st.where(st.ge(a, b), a - b, st.cast(st.lt(a, 2), a.dtype))


#: The ops of integer programs: wrapping arithmetic, floor division and
#: modulo with zero divisors and the most negative value over -1,
#: comparisons and logic, reductions (with their accumulator types), index
#: and shape ops and products on integers; true division and mean leave
#: the integers (their float results are compared within tolerance).
INT_OPS = COMMON_OPS + [
    ("floordiv", 2, lambda r, a, b: a // b),
    ("mod", 2, lambda r, a, b: a % b),
    ("truediv", 2, lambda r, a, b: a / b),
    ("and", 2, lambda r, a, b: st.and_(a, b)),
    ("or", 2, lambda r, a, b: st.or_(a, b)),
    ("xor", 2, lambda r, a, b: st.xor(a, b)),
    ("eq", 2, lambda r, a, b: st.eq(a, b)),
    ("lt", 2, lambda r, a, b: st.lt(a, b)),
    ("where", 2, _int_where),
    _unary("sign", st.sign),
    _unary("invert", st.invert),
    _unary("2x/2", lambda a: (a * 2) // 2),
    _unary("x+1-1", lambda a: a + 1 - 1),
    _unary("clip", lambda a: st.clip(a, -3, 5)),
    ("pow", 1, _int_pow),
    ("cast", 1, _int_cast),
    _reduce("all"),
    _reduce("any"),
    _axis_op("argmax", lambda a, axis: a.argmax(axis=axis)),
    _axis_op("argmin", lambda a, axis: st.argmin(a, axis=axis)),
]


@hs.composite
def _int_values(draw, shape, dtype):
    """Small integers with the type's extremes and 0 mixed in (or bools)."""
    if dtype == "bool":
        return draw(_int_values(shape, "int8")) % 2 == 1
    info = np.iinfo(dtype)
    edges = [0, 1, -1, 2, info.min, info.max, info.min + 1, info.max - 1]
    count = int(np.prod(shape))
    if count <= 8:
        element = hs.one_of(hs.integers(-4, 4), hs.sampled_from(edges), hs.integers(info.min, info.max))
        data = draw(hs.lists(element, min_size=count, max_size=count))
        return np.array(data, dtype=np.int64).astype(dtype).reshape(shape)
    rng = np.random.default_rng(draw(hs.integers(0, 2**32 - 1)))
    data = rng.integers(-4, 5, size=count)
    wide = rng.random(count) < 0.1
    data[wide] = rng.integers(info.min, int(info.max) + 1, size=int(wide.sum()), dtype=np.int64)
    edge = rng.random(count) < 0.05
    data[edge] = rng.choice(edges, size=int(edge.sum()))
    return data.astype(dtype).reshape(shape)


@hs.composite
def int_programs(draw, max_ops=8, large=False):
    """Like programs(), on integer (and bool) inputs: outputs keep the
    types symc's rules give them."""
    inputs, values = [], []
    dtype = draw(hs.sampled_from(INT_DTYPES))
    sizes = {}
    for k in range(draw(hs.integers(1, 3))):
        ndim = draw(hs.integers(1 if large else 0, 2))
        concrete = [sizes.setdefault(d - ndim, draw(LARGE_SIZE if d == ndim - 1 else SMALL_SIZES))
                    if large else sizes.setdefault(d, draw(hs.integers(0, 4))) for d in range(ndim)]
        pattern = tuple(1 if size == 1 else (size if draw(hs.booleans()) else None) for size in concrete)
        kind = draw(hs.sampled_from([dtype, dtype, dtype, "bool"] + INT_DTYPES))
        var = st.tensor(kind, shape=pattern, name=f"x{k}")
        inputs.append(var)
        values.append(draw(_int_values(tuple(concrete), kind)))
    # prod stays: a wrapping integer product does not depend on the order.
    ops = [op for op in INT_OPS if op[0] == "prod" or op[0] not in LARGE_EXCLUDED] if large else INT_OPS
    return _with_ops(draw, inputs, values, ops, max_ops)


def _floats(arrays):
    return [a for a in map(np.asarray, arrays) if a.dtype.kind == "f"]


def _overflowed(node, args, results):
    """Per element of each result: whether its value went through an
    overflow of the reference (a non-finite value from finite operands, as
    log(1 - sigmoid(700)) = log(0)). Stabilized code keeps such values
    finite (log(1 - sigmoid(x)) + x is -1e-304 at 700, not -inf), so the
    reference says nothing about them; nor about a rounding or comparison
    at its jump (_at_a_step). Elementwise ops carry the marks element by
    element, other ops to their whole results: a loop that overflows in
    one step mixes the infinity into other elements through a product in
    the next, and the reference's finite results there are as wrong as its
    infinities."""
    taints, values = args
    if not isinstance(node.op, Elemwise):
        overflowed_inside = all(np.isfinite(v).all() for v in _floats(values)) and not all(
            np.isfinite(r).all() for r in _floats(results))
        whole = any(t.any() for t in taints) or overflowed_inside
        return [np.full(np.shape(r), whole) | _near_tie(node, values) for r in results]
    marks = []
    for result in results:
        result = np.asarray(result)
        fresh = ~np.isfinite(result) if result.dtype.kind == "f" else np.zeros(result.shape, bool)
        inherited = np.zeros(result.shape, bool)
        for t in taints:
            inherited = inherited | np.broadcast_to(t, result.shape)
        operands_finite = np.ones(result.shape, bool)
        for v in values:
            v = np.asarray(v)
            if v.dtype.kind == "f":
                operands_finite &= np.broadcast_to(np.isfinite(v), result.shape)
        marks.append(inherited | (fresh & operands_finite) | _at_a_step(node, values, result.shape))
    return marks


def _near_tie(node, values):
    """For an argmax or argmin of floats: whether the extreme along the
    axis has a runner-up within the tolerance. Which of two such elements
    wins is a rounding's choice, one that the reference cannot settle where
    it has no more precision (erf saturates to 1.0 in float64 too)."""
    v = np.asarray(values[0])
    if type(node.op).__name__ not in ("Argmax", "Argmin") or v.dtype.kind != "f" or v.ndim == 0:
        return False
    axis = node.op.axis
    ordered = np.sort(v, axis=axis)
    if ordered.shape[axis] < 2:
        return False
    ends = (-1, -2) if type(node.op).__name__ == "Argmax" else (0, 1)
    first, second = (np.take(ordered, e, axis=axis) for e in ends)
    with np.errstate(invalid="ignore"):
        near = np.abs(first - second) <= 4 * RTOL[v.dtype.name] * np.maximum(1.0, np.abs(first))
    return np.expand_dims(near, axis) if node.op.keepdims else near


#: Elementwise ops whose result jumps: at integers (rounding, and a cast
#: of floats to integers), where the operands are equal (comparisons).
ROUNDING_OPS = ("Floor", "Ceil", "Round", "Cast")
COMPARISON_OPS = ("Lt", "Gt", "Le", "Ge", "Eq", "Neq")


def _at_a_step(node, values, shape):
    """Per element: whether a float operand of a rounding or comparison
    sits (within the tolerance) at the jump, where a correct result a
    rounding away from the reference's lands on the other side: floor(3 *
    log(sigmoid(700))) is floor(-3e-304) = -1 in stabilized code, floor(0)
    = 0 in the reference (and in long double)."""
    name = type(node.op).__name__
    floats = [v for v in map(np.asarray, values) if v.dtype.kind == "f"]
    to_float = name == "Cast" and node.outputs[0].dtype.startswith("float")
    if not floats or name not in ROUNDING_OPS + COMPARISON_OPS or to_float:
        return np.zeros(shape, bool)
    tol = 4 * RTOL[floats[0].dtype.name]
    with np.errstate(all="ignore"):
        if name in ROUNDING_OPS:
            v = floats[0]
            near = np.abs(v - np.round(v)) <= tol * np.maximum(1.0, np.abs(v))
        elif len(values) == 2:
            a, b = (np.asarray(v, dtype=floats[0].dtype) for v in values)
            near = np.abs(a - b) <= tol * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        else:
            return np.zeros(shape, bool)
    return np.broadcast_to(near, shape)


def _fixed_value(var):
    """The value of a constant, or of a shared variable (a random stream's
    state) as the function's first call reads it."""
    return var.data if hasattr(var, "data") else var.get_value(borrow=True)


def _reference(inputs, outputs, values):
    """The reference evaluation (as symc.compile.reference.evaluate, node
    by node, with its type checks) with the overflow marks of each output,
    or the error it raised."""
    storage = {id(var): np.asarray(value) for var, value in zip(inputs, values)}
    taint = {id(var): np.zeros(np.shape(value), bool) for var, value in zip(inputs, values)}

    def value_of(var):
        return storage[id(var)] if id(var) in storage else _fixed_value(var)

    def taint_of(var):
        return taint[id(var)] if id(var) in taint else np.zeros(np.shape(_fixed_value(var)), bool)

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            for node in toposort(outputs, blockers=inputs):
                args = [value_of(var) for var in node.inputs]
                results = node.op.perform(node, args)
                marks = _overflowed(node, ([taint_of(var) for var in node.inputs], args), results)
                for var, result, mark in zip(node.outputs, results, marks):
                    check_value(var, result, node)
                    storage[id(var)], taint[id(var)] = result, mark
        except (ValueError, IndexError) as error:
            return None, None, error
    return [value_of(var) for var in outputs], [taint_of(var) for var in outputs], None


def _reference_extended(inputs, outputs, values):
    """The reference evaluation in long double (symc.compile.reference's
    evaluate_extended, as DebugMode's second opinion): how far the
    reference itself is from the exact result, for graphs that lose
    precision when evaluated as written (log(1 - sigmoid(30)) is -30.001 in
    float64, -30.00000044 in long double, -30.000000000000092 exactly; the
    stabilized compiled code gets the latter). Random streams' states are
    read as the call found them."""
    fixed = [v for v in graph_inputs(outputs) if hasattr(v, "get_value") and all(v is not i for i in inputs)]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return reference.evaluate_extended(list(inputs) + fixed, outputs,
                                           list(values) + [_fixed_value(v) for v in fixed])


def _check(got, want, exact, nudged, overflowed, dtype, what):
    got, want, exact, nudged = map(np.asarray, (got, want, exact, nudged))
    overflowed = np.asarray(overflowed)
    if got.shape != want.shape and overflowed.size and overflowed.all():
        # A loop whose stop condition read an overflowed value (an infinite
        # sum in the reference, a finite one in the stabilized body) ran
        # another number of steps: the reference says nothing of its length.
        event("a loop stopped at another step after an overflow of the reference")
        return
    assert got.shape == want.shape, f"{what}: shape {got.shape}, reference {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype}, reference {want.dtype}"
    kept = ~np.broadcast_to(overflowed, want.shape)
    got, want, exact, nudged = got[kept], want[kept], exact[kept], nudged[kept]
    finite = np.isfinite(want)
    np.testing.assert_array_equal(got[~finite], want[~finite], err_msg=f"{what}: NaN and infinities")
    assert np.isfinite(got[finite]).all(), f"{what}: non-finite where the reference is finite"
    if want.dtype.kind != "f":
        np.testing.assert_array_equal(got, want, err_msg=what)
        return
    # Within the tolerance of the extended-precision reference, widened by
    # the float reference's own error (a few times its distance from the
    # extended one), so ill-conditioned graphs do not fail a stabilized
    # result for being right, and by what one rounding of the inputs
    # changes (a few times the extended result's change when the inputs
    # move by an ulp): compiled code rounds its intermediates differently,
    # which sin(700 * sin(h)) in float32 amplifies 700-fold.
    scale = max(1.0, float(np.max(np.abs(want[finite]), initial=0.0)))
    got, want, exact, nudged = got[finite].astype(np.longdouble), want[finite], exact[finite], nudged[finite]
    uncertain = np.where(np.isfinite(exact) & np.isfinite(nudged),
                         4 * np.abs(want - exact) + 4 * np.abs(nudged - exact), np.inf)
    error = np.abs(got - np.where(np.isfinite(exact), exact, want))
    bad = error > RTOL[dtype] * scale + uncertain
    assert not bad.any(), (f"{what}: compiled {got[bad][:5]}, reference {want[bad][:5]}, "
                           f"extended-precision reference {exact[bad][:5]}")


def _compare(inputs, values, outputs, names, exact=None, moves=None):
    f = symc.function(inputs, outputs, mode="FAST_RUN", on_unused_input="ignore")
    what = f"ops {names}, input shapes {[v.shape for v in values]}"
    _call_and_check(lambda: f(*values), inputs, values, outputs, what, exact, moves)


#: Memory layouts of input arrays: NumPy's own, and views the compiled code
#: must read through their strides (or copy): column-major, reversed axes,
#: every other element of a larger array, and data one byte off its dtype's
#: alignment.
LAYOUTS = ["C", "F", "reversed", "strided", "unaligned"]


def _laid_out(value, kind):
    """`value` (equal elements) stored in the layout `kind`."""
    if kind == "F":
        return np.asarray(value, order="F")
    if kind == "reversed":
        every = (slice(None, None, -1),) * value.ndim
        return value[every].copy()[every]
    if kind == "strided":
        spread = np.zeros(tuple(2 * n for n in value.shape), value.dtype)
        every = (slice(None, None, 2),) * value.ndim
        spread[every] = value
        return spread[every]
    if kind == "unaligned":
        raw = np.zeros(value.nbytes + 1, np.uint8)
        off = np.frombuffer(raw.data, value.dtype, count=value.size, offset=1).reshape(value.shape)
        off[...] = value
        return off
    return value


def _call_and_check(call, inputs, values, outputs, what, exact=None, moves=None):
    """Runs call() and checks what it returns against the reference
    evaluation of `outputs` at `values` of `inputs`: the results, or None
    where the call raised as the reference did (or refused to broadcast a
    dynamic size 1). `exact` and `moves` (the outputs at inputs moved by a
    rounding) default to the long double reference's."""
    want, overflowed, error = _reference(inputs, outputs, values)
    # The call advances random streams' states: the references that follow
    # must draw what it drew.
    shared = [v for v in graph_inputs(outputs) if hasattr(v, "get_value")]
    states = [v.get_value() for v in shared]
    if error is not None:
        event("the reference raised")
        with pytest.raises((ValueError, IndexError)):
            call()
        return None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        # DebugMode's reference evaluation warns as NumPy does (a mean of
        # nothing).
        warnings.simplefilter("ignore")
        try:
            got = call()
        except DebugModeError as raised:
            # DebugMode judges by the reference (and its long double
            # evaluation) alone: a stabilized value that a rounding or a
            # comparison turns into a jump neither resolves is an error to
            # it. Such elements are the ones marked here as beyond the
            # reference; any other difference is DebugMode's (or symc's) bug.
            k = raised.result
            if k is not None and k < len(overflowed) and np.any(overflowed[k]):
                event("DebugMode could not vouch for a result beyond the reference")
                return None
            raise
        except ValueError as raised:
            # A dynamic size 1 (a slice's, say) broadcasts in the reference's
            # NumPy, not in symc: that refusal is the specified behaviour.
            if "only static size-1 dimensions broadcast" in str(raised):
                event("a dynamic size 1 did not broadcast")
                return None
            raise
    event("values compared")
    advanced = [v.get_value() for v in shared]
    for var, state in zip(shared, states):
        var.set_value(state)
    if exact is None:
        exact = _reference_extended(inputs, outputs, values)
        # Inputs moved three ways (at random, all up, all down): per element
        # the result that moved most, since one direction may leave an
        # ill-conditioned element where it was by chance.
        moves = [_reference_extended(inputs, outputs, [_nudge(v, way) for v in values]) for way in WAYS]
    for k, (g, w, e, o) in enumerate(zip(got, want, exact, overflowed)):
        variants = [e] + [m[k] for m in moves]
        if any(np.shape(v) != np.shape(w) for v in variants):
            # A stop condition decided otherwise in more precision or with
            # inputs moved by a rounding: how many steps run, and so the
            # values, are ill-conditioned. Only the dtype is checked.
            event("a stop condition is ill-conditioned")
            assert np.asarray(g).dtype == np.asarray(w).dtype, f"output {k} of {what}: dtype"
            continue
        n = _farthest(e, [m[k] for m in moves])
        _check(g, w, e, n, o, np.asarray(w).dtype.name, f"output {k} of {what}")
    for var, state in zip(shared, advanced):
        var.set_value(state)
    return got


#: How _nudge moves inputs: at random, all up, all down.
WAYS = (None, 1.0, -1.0)


def _nudge(value, way=None):
    """`value` moved by one rounding of its dtype: up or down at random, or
    all one way (`way` 1 or -1)."""
    if value.dtype.kind != "f":
        return value
    signs = np.random.default_rng(0).choice([-1.0, 1.0], size=value.shape) if way is None else way
    return (value * (1 + signs * np.finfo(value.dtype).eps)).astype(value.dtype)


def _farthest(exact, moved):
    """Per element, the one of `moved` (arrays of `exact`'s shape) farthest
    from `exact`, non-finite ones first."""
    exact = np.asarray(exact)
    moved = [np.asarray(m) for m in moved]
    if exact.dtype.kind != "f":
        return moved[0]
    far = moved[0]
    for m in moved[1:]:
        with np.errstate(invalid="ignore"):
            further = ~np.isfinite(m) | (np.abs(m - exact) > np.abs(far - exact))
        far = np.where(further & np.isfinite(far), m, far)
    return far


@hs.composite
def _other_values(draw, inputs, values):
    """New values for `inputs`: static sizes kept, dynamic ones drawn again
    (equal positions agreeing, and not 1, as programs() draws them)."""
    sizes, others = {}, []
    dynamic = SIZES.filter(lambda size: size != 1)
    for var, value in zip(inputs, values):
        shape = tuple(static if static is not None else sizes.setdefault(d, draw(dynamic))
                      for d, static in enumerate(var.type.shape))
        others.append(draw((_values if value.dtype.kind == "f" else _int_values)(shape, value.dtype.name)))
    return others


#: Modes of the graph test: FAST_RUN mostly, the others' pipelines (and
#: DebugMode's own checks of every rewrite) too.
MODES = ["FAST_RUN", "FAST_RUN", "FAST_RUN", "FAST_COMPILE", "DebugMode"]


@SETTINGS
@given(programs(), hs.data())
def test_compiled_graphs_agree_with_the_reference(program, data):
    """One function called three times: values of other sizes (where the
    sizes are dynamic) between two calls with the same values, each input
    in a random memory layout; the runtime reuses its buffers across
    calls."""
    _three_calls(program, data)


def _three_calls(program, data):
    inputs, values, outputs, names = program
    mode = data.draw(hs.sampled_from(MODES))
    f = symc.function(inputs, outputs, mode=mode, on_unused_input="ignore")
    other = data.draw(_other_values(inputs, values))
    for k, current in enumerate([values, other, values]):
        layouts = [data.draw(hs.sampled_from(LAYOUTS)) for _ in current]
        passed = [_laid_out(v, kind) for v, kind in zip(current, layouts)]
        what = (f"ops {names} in {mode}, call {k} with input shapes {[v.shape for v in current]}, "
                f"layouts {layouts}")
        _call_and_check(lambda: f(*passed), inputs, current, outputs, what)


@SETTINGS
@given(int_programs(), hs.data())
def test_compiled_integer_graphs_agree_with_the_reference(program, data):
    """Integer and bool programs: every integer result exactly as the
    reference computes it (wrapping on overflow, NumPy's floor division and
    modulo, 0 for a zero divisor), in three calls as the float programs."""
    _three_calls(program, data)


@settings(SETTINGS, max_examples=max(1, EXAMPLES // 4))
@given(hs.one_of(programs(max_ops=6, large=True), int_programs(max_ops=6, large=True)))
def test_compiled_large_graphs_agree_with_the_reference(program):
    """Arrays whose loops run on several threads (symc.config.num_threads
    is 0, all cores, in these tests), float or integer."""
    _compare(*program)


@SETTINGS
# No asserts: a second-order cost reads only the shape of an assert's result
# (through the first gradient's seed, ones_like(out)), which the compiled
# code knows without it, so the assert checks nothing there (as Theano's
# shape feature drops it), while the reference evaluates the graph as
# written and raises.
@given(programs(max_ops=4, excluded=("assert",)), hs.data())
def test_compiled_gradients_agree_with_the_reference(program, data):
    inputs, values, outputs, names = program
    out = data.draw(hs.sampled_from(outputs))
    weights = data.draw(hs.sampled_from(["sum", "sqr"]))
    cost = (out.sum() if weights == "sum" else st.sqr(out).sum())
    grads = symc.grad(cost, inputs, disconnected_inputs="ignore")
    names = names + [f"grad of {weights}"]
    if data.draw(hs.booleans()):
        # Second order: the gradient of a scalar of the gradient (a
        # Hessian-vector product's graph), through every op's gradient.
        connected = [g for g in grads if g.dtype.startswith("float")]
        cost2 = sum(st.sqr(g).sum() for g in connected) if connected else cost
        grads = symc.grad(cost2, inputs, disconnected_inputs="ignore")
        cost, names = cost2, names + ["second order"]
        event("second order")
    _compare(inputs, values, [cost] + list(grads), names)


@SETTINGS
@given(hs.one_of(programs(max_ops=6), int_programs(max_ops=6)), hs.data())
def test_compiled_updates_agree_with_the_reference(program, data):
    """Some inputs of a float or integer program become shared variables
    that the function updates (with one of the outputs of their type, an
    expression of themselves, or one mixing in a reduction) and may return
    as they were, others may be
    overwritten by the call (In(mutable=True)), some outputs are
    Out(borrow=True); two calls. Each call's outputs and updated values
    agree with the reference, a call that raises leaves the shared
    variables as they were, and the arrays a call returned without borrow
    are not changed by the next one (no output aliases a buffer that an
    update writes in place, or that the next call reuses)."""
    inputs, values, outputs, names = program
    chosen = data.draw(hs.lists(hs.integers(0, len(inputs) - 1), min_size=1, max_size=len(inputs), unique=True))
    shared = {k: symc.shared(values[k].copy(), name=f"s{k}", shape=inputs[k].type.shape) for k in chosen}
    exprs = []
    for k in chosen:
        var = inputs[k]
        same = [o for o in outputs if o.type == var.type]
        kind = data.draw(hs.sampled_from(["output", "self", "reduction"]))
        floats = var.dtype.startswith("float")
        if kind == "output" and same:
            exprs.append(data.draw(hs.sampled_from(same)))
        elif kind == "reduction":
            total = st.cast(data.draw(hs.sampled_from(outputs)).sum(), var.dtype)
            exprs.append(var * 0.5 + total * 0.25 if floats else st.cast(var // 2 + total, var.dtype))
        else:
            exprs.append(st.tanh(var) - var if floats else st.cast(var * 3 + 1, var.dtype))
    returned = [inputs[k] for k in chosen if data.draw(hs.booleans())]
    outs = outputs + returned
    free = [k for k in range(len(inputs)) if k not in shared]
    # Inputs the function may overwrite (each call gets a fresh copy), and
    # outputs it may reuse the buffers of in the next call.
    mutable = [data.draw(hs.booleans()) for _ in free]
    borrowed = [data.draw(hs.booleans()) for _ in outs]
    f = symc.function([symc.In(inputs[k], mutable=m) for k, m in zip(free, mutable)],
                      [symc.Out(o, borrow=b) for o, b in zip(outs, borrowed)], mode="FAST_RUN",
                      on_unused_input="ignore",
                      givens=[(inputs[k], shared[k]) for k in chosen],
                      updates=[(shared[k], e) for k, e in zip(chosen, exprs)])
    what = f"ops {names}, shared {chosen}, updates {[e.owner.op if e.owner else e for e in exprs]}"
    current, kept = list(values), []
    for _ in range(2):
        before = {k: s.get_value() for k, s in shared.items()}
        got = _call_and_check(lambda: list(f(*[current[k].copy() for k in free])) + [shared[k].get_value() for k in chosen],
                              inputs, current, outs + exprs, what)
        if got is None:
            for k, s in shared.items():
                np.testing.assert_array_equal(s.get_value(), before[k], err_msg=f"{what}: s{k} after a failed call")
            break
        kept.append((got[:len(outs)], [np.copy(g) for g in got[:len(outs)]]))
        for k in chosen:
            current[k] = shared[k].get_value()
    for arrays, copies in kept:
        for k, (a, c) in enumerate(zip(arrays, copies)):
            if not borrowed[k]:
                np.testing.assert_array_equal(a, c, err_msg=f"{what}: output {k} changed by a later call")


#: Elementwise steps a loop body draws: (name, step(h, x_t)). Bounded maps
#: (tanh, sin, sigmoid) keep long loops finite.
STEPS = [
    ("tanh(h + x)", lambda h, x: st.tanh(h + x)),
    ("h * 0.9 + x", lambda h, x: h * 0.9 + x),
    ("sin(h) * x", lambda h, x: st.sin(h) * x),
    ("sigmoid(h - x)", lambda h, x: st.sigmoid(h - x)),
    ("max(h, x)", lambda h, x: st.maximum(h, x)),
    ("log(1 + exp(h)) - x", lambda h, x: st.log(1 + st.exp(h)) - x),
    ("h / (x * x + 1)", lambda h, x: h / (x * x + 1)),
]


@hs.composite
def loops(draw):
    """A scan over the rows of a sequence with a carried vector, whose body
    is a few drawn elementwise steps, and an ifelse on its last state:
    (dtype, input values, body, whether there is an ifelse)."""
    dtype = draw(hs.sampled_from(["float64", "float32"]))
    steps, width = draw(hs.integers(0, 5)), draw(hs.sampled_from([0, 1, 3, 9, 17]))
    body = [draw(hs.sampled_from(STEPS)) for _ in range(draw(hs.integers(1, 3)))]
    values = [draw(_values((steps, width), dtype)), draw(_values((width,), dtype))]
    return dtype, values, body, draw(hs.booleans())


def _loop_program(dtype, body, with_ifelse, with_gradient):
    seq = st.tensor(dtype, shape=(None, None), name="seq")
    h0 = st.tensor(dtype, shape=(None,), name="h0")

    def step(x_t, h):
        for _, f in body:
            h = f(h, x_t)
        return h

    states, _ = symc.scan(step, sequences=[seq], outputs_info=[h0])
    outputs = [states]
    if with_ifelse:
        last = states[-1]  # an IndexError of both for an empty sequence
        outputs.append(symc.ifelse(st.gt(last.sum(), 0), last * 2, -last))
    if with_gradient:
        cost = st.sqr(outputs[-1]).sum()
        outputs += [cost] + list(symc.grad(cost, [seq, h0], disconnected_inputs="ignore"))
    return [seq, h0], outputs


@SETTINGS
@given(loops(), hs.booleans())
def test_compiled_loops_and_their_gradients_agree_with_the_reference(loop, with_gradient):
    dtype, values, body, with_ifelse = loop
    inputs, outputs = _loop_program(dtype, body, with_ifelse, with_gradient)
    # The long double reference does not reach into scan bodies (each step
    # is evaluated in the graph's precision): a float32 loop is judged
    # against the same loop in float64, whose BPTT differs from float32's
    # by a percent after three sin(h) * x steps.
    exact = moves = None
    if dtype == "float32":
        exact, moves = _float64_twin(lambda: _loop_program("float64", body, with_ifelse, with_gradient), values)
    names = ["scan"] + [name for name, _ in body] + (["grad"] if with_gradient else [])
    _compare(inputs, values, outputs, names, exact=exact, moves=moves)


def _float64_twin(build, values):
    """The reference evaluation of the float64 twin of a float32 loop
    (build() makes it) at the values and at the values moved by one float32
    rounding (each of WAYS), or (None, None) where one raises: the loop's
    result and what one rounding of its inputs changes in it (a product
    that grows 174-fold a step makes sin(h) lose digits)."""
    inputs, outputs = build()
    wide, _, error = _reference(inputs, outputs, [v.astype("float64") for v in values])
    moves = [_reference(inputs, outputs, [_nudge(v, way).astype("float64") for v in values]) for way in WAYS]
    if error is not None or any(m[2] is not None for m in moves):
        return None, None
    return wide, [m[0] for m in moves]


#: Sequence taps and state taps a general loop draws from.
SEQUENCE_TAPS = [[0], [-1, 0], [0, 1], [-2, 1]]
STATE_TAPS = [[-1], [-2, -1], [-2]]


@hs.composite
def general_loops(draw):
    """A scan with the rest of its interface: sequence and state taps, a
    second carried state, non-sequences (a matrix for products with the
    state or the sequence row, which symc-scan-pushout moves out of the loop,
    and a bias), a map output, an inner scan, go_backwards and
    truncate_gradient, a stop condition (until), random noise drawn at
    every step and a shared variable the step updates: (spec, input
    values)."""
    spec = SimpleNamespace(
        dtype=draw(hs.sampled_from(["float64", "float32"])),
        rows=draw(hs.integers(0, 6)),
        width=draw(hs.sampled_from([0, 1, 3, 9, 17])),
        seq_taps=draw(hs.sampled_from(SEQUENCE_TAPS)),
        state_taps=draw(hs.sampled_from(STATE_TAPS)),
        second_state=draw(hs.booleans()),
        product=draw(hs.sampled_from([None, "state", "row"])),
        bias=draw(hs.booleans()),
        map_output=draw(hs.sampled_from([None, "row", "sum"])),
        nested=draw(hs.booleans()),
        backwards=draw(hs.booleans()),
        truncate=draw(hs.sampled_from([-1, -1, 1, 2])),
        # Not 0.0: a sum that underflows to 0 in the reference (log(1 +
        # exp(-40)) written out) is a tiny positive number in the stabilized
        # compiled body, and the loops stop at different steps.
        stop=draw(hs.sampled_from([None, None, 0.0625, 3.0])),
        noise=draw(hs.booleans()),
        accumulate=draw(hs.booleans()),
        body=[draw(hs.sampled_from(STEPS)) for _ in range(draw(hs.integers(1, 2)))],
        gradient=draw(hs.booleans()),
    )
    w, depth = spec.width, -min(spec.state_taps)
    shapes = [(spec.rows, w), (w,) if spec.state_taps == [-1] else (depth, w)]
    if spec.second_state:
        shapes.append((w,))
    if spec.product:
        shapes.append((w, w))
    if spec.bias:
        shapes.append((w,))
    values = [draw(_values(shape, spec.dtype)) for shape in shapes]
    if spec.product:
        values[-1 - spec.bias] = values[-1 - spec.bias] / 4  # keeps long products finite
    return spec, values


def _general_loop_program(spec, dtype):
    seq = st.tensor(dtype, shape=(None, None), name="seq")
    h0 = st.tensor(dtype, shape=(None,) * (1 if spec.state_taps == [-1] else 2), name="h0")
    inputs = [seq, h0]
    s0 = st.tensor(dtype, shape=(None,), name="s0") if spec.second_state else None
    w = st.tensor(dtype, shape=(None, None), name="w") if spec.product else None
    b = st.tensor(dtype, shape=(None,), name="b") if spec.bias else None
    inputs += [v for v in (s0, w, b) if v is not None]
    n_seq, n_state = len(spec.seq_taps), len(spec.state_taps)
    srng = st.random.RandomStream(7)
    acc = symc.shared(np.zeros(spec.width, dtype), name="acc") if spec.accumulate else None

    def step(*args):
        rows, args = args[:n_seq], args[n_seq:]
        lags, args = args[:n_state], args[n_state:]
        s_prev, args = (args[0], args[1:]) if spec.second_state else (None, args)
        w_in, args = (args[0], args[1:]) if spec.product else (None, args)
        b_in = args[0] if spec.bias else None
        x = rows[0]
        for row in rows[1:]:
            x = x + 0.5 * row
        h = lags[-1]
        for lag in lags[:-1]:
            h = 0.75 * h + 0.25 * lag  # the older tap
        if spec.product == "state":
            h = st.dot(h, w_in) + h
        elif spec.product == "row":
            x = st.dot(x, w_in) - x
        if b_in is not None:
            h = h + b_in
        if s_prev is not None:
            h = h + 0.5 * s_prev
        for _, f in spec.body:
            h = f(h, x)
        if spec.noise:
            h = h + 0.125 * srng.normal(0.0, 1.0, h.shape, dtype=dtype)
        if spec.nested:
            # An inner loop over the row's elements with a scalar carry.
            inner, _ = symc.scan(lambda a, c: c * 0.5 + st.tanh(a), sequences=[x],
                                 outputs_info=[st.constant(np.zeros((), dtype))])
            h = h + 0.25 * inner.sum()
        outs = [h]
        if s_prev is not None:
            outs.append(st.sigmoid(s_prev) - h)
        if spec.map_output == "row":
            outs.append(h * x)
        elif spec.map_output == "sum":
            outs.append(h.sum())
        updates = {acc: acc * 0.5 + h} if acc is not None else {}
        if spec.stop is not None:
            return outs, updates, symc.scan.until(st.gt(h.sum(), spec.stop))
        return outs, updates

    outputs_info = [h0 if spec.state_taps == [-1] else dict(initial=h0, taps=spec.state_taps)]
    if s0 is not None:
        outputs_info.append(s0)
    if spec.map_output:
        outputs_info.append(None)
    results, updates = symc.scan(step, sequences=[dict(input=seq, taps=spec.seq_taps)], outputs_info=outputs_info,
                                 non_sequences=[v for v in (w, b) if v is not None],
                                 go_backwards=spec.backwards, truncate_gradient=spec.truncate)
    outputs = list(results) if isinstance(results, (list, tuple)) else [results]
    if spec.gradient:
        cost = sum(st.sqr(out).sum() for out in outputs)
        outputs += [cost] + list(symc.grad(cost, inputs, disconnected_inputs="ignore"))
    if acc is not None:
        outputs.append(updates[acc])  # the variable after the last step
    return inputs, outputs


@SETTINGS
@given(general_loops())
def test_compiled_general_loops_agree_with_the_reference(loop):
    spec, values = loop
    inputs, outputs = _general_loop_program(spec, spec.dtype)
    exact = moves = None
    if spec.dtype == "float32":
        exact, moves = _float64_twin(lambda: _general_loop_program(spec, "float64"), values)
    names = [f"{k}={v}" for k, v in vars(spec).items() if k not in ("body", "dtype")]
    names += [name for name, _ in spec.body]
    _compare(inputs, values, outputs, names, exact=exact, moves=moves)
