"""Neural-network functions (``st.nnet`` and top level): softmax,
log_softmax, the crossentropies, sigmoid, softplus, relu, conv2d (NCHW,
Theano's semantics) and 2-D pooling."""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op
from . import dtype as dt
from . import math as m
from .elemwise import BinaryCrossentropy, cast, describe, promote, to_dtype
from .shape import _normalize_axis
from .type import TensorType
from .variable import as_tensor_variable

sigmoid = m.sigmoid
softplus = m.softplus


def _float(x):
    x = as_tensor_variable(x)
    return cast(x, dt.as_float(x.dtype))


# ---------------------------------------------------------------------------
# softmax
# ---------------------------------------------------------------------------


class _SoftmaxLike(Op):
    __props__ = ("axis",)
    mnemonic = None

    def __init__(self, axis):
        self.axis = int(axis)

    def make_node(self, x):
        x = as_tensor_variable(x)
        if not dt.is_float(x.dtype):
            raise SymcTypeError(f"{type(self).__name__} takes a float tensor, got {x.dtype}")
        if not 0 <= self.axis < x.ndim:
            raise SymcTypeError(f"{type(self).__name__}: axis {self.axis} is out of range for {describe(x)} with "
                                f"{x.ndim} dimension(s)")
        return Apply(self, [x], [x.type])


class Softmax(_SoftmaxLike):
    """exp(x) / sum(exp(x)) along ``axis`` (``symc.softmax``)."""

    mnemonic = "softmax"

    def perform(self, node, inputs):
        (x,) = inputs
        if x.size == 0:
            return [x.copy()]
        e = np.exp(x - np.max(x, axis=self.axis, keepdims=True))
        return [(e / np.sum(e, axis=self.axis, keepdims=True)).astype(x.dtype)]


class LogSoftmax(_SoftmaxLike):
    """x - logsumexp(x) along ``axis`` (``symc.log_softmax``)."""

    mnemonic = "log_softmax"

    def perform(self, node, inputs):
        (x,) = inputs
        if x.size == 0:
            return [x.copy()]
        s = x - np.max(x, axis=self.axis, keepdims=True)
        return [(s - np.log(np.sum(np.exp(s), axis=self.axis, keepdims=True))).astype(x.dtype)]


def softmax(x, axis=-1):
    """Softmax along ``axis``, computed without overflow."""
    x = _float(x)
    if x.ndim == 0:
        raise SymcTypeError("softmax needs at least one dimension")
    return Softmax(_normalize_axis(axis, x.ndim))(x)


def log_softmax(x, axis=-1):
    """log(softmax(x)) along ``axis``, computed stably."""
    x = _float(x)
    if x.ndim == 0:
        raise SymcTypeError("log_softmax needs at least one dimension")
    return LogSoftmax(_normalize_axis(axis, x.ndim))(x)


# ---------------------------------------------------------------------------
# crossentropies
# ---------------------------------------------------------------------------


class CategoricalCrossentropy(Op):
    """-sum(target * log(coding)) per row (``symc.categorical_crossentropy``);
    the target is int64 class labels (rows,) or probabilities (rows, classes)."""

    __props__ = ()
    mnemonic = "categorical_crossentropy"

    def make_node(self, coding, target):
        coding, target = as_tensor_variable(coding), as_tensor_variable(target)
        if coding.ndim != 2 or not dt.is_float(coding.dtype):
            raise SymcTypeError(f"categorical_crossentropy: the coding distribution must be a float matrix "
                                f"(rows, classes), got {describe(coding)} of type {coding.type}")
        rows = coding.type.shape[0]
        if target.ndim == 1:
            if target.dtype != "int64":
                raise SymcTypeError(f"CategoricalCrossentropy: labels must be int64, got {target.dtype}")
            _same("categorical_crossentropy", "number of rows", coding, target, rows, target.type.shape[0])
        elif target.ndim == 2:
            if target.dtype != coding.dtype:
                raise SymcTypeError(f"CategoricalCrossentropy: one-hot targets must have the dtype of the coding "
                                    f"({coding.dtype}), got {target.dtype}")
            for d in range(2):
                _same("categorical_crossentropy", f"size of dimension {d}", coding, target,
                      coding.type.shape[d], target.type.shape[d])
        else:
            raise SymcTypeError(f"categorical_crossentropy: the target must be a label vector or a probability "
                                f"matrix, got {describe(target)} with {target.ndim} dimension(s)")
        return Apply(self, [coding, target], [TensorType(coding.dtype, (rows,))])

    def perform(self, node, inputs):
        coding, target = inputs
        with np.errstate(divide="ignore", invalid="ignore"):
            if target.ndim == 1:
                if target.size and (target.min() < 0 or target.max() >= coding.shape[1]):
                    raise ValueError("categorical_crossentropy: a label is out of range")
                out = -np.log(coding[np.arange(coding.shape[0]), target])
            else:
                out = -np.sum(target * np.log(coding), axis=1)
        return [np.asarray(out, dtype=coding.dtype)]


def _same(opname, what, a, b, sa, sb):
    if sa is not None and sb is not None and sa != sb:
        raise SymcTypeError(f"{opname}: the {what} of {describe(a)} ({sa}) and {describe(b)} ({sb}) differ; "
                            f"shapes {a.type.shape_str()} and {b.type.shape_str()}")


def categorical_crossentropy(coding_dist, true_dist):
    """Crossentropy of each row of ``coding_dist`` (probabilities) against
    ``true_dist``: integer class labels or one-hot/probability rows."""
    coding = _float(coding_dist)
    target = as_tensor_variable(true_dist)
    if target.ndim == 1 and (dt.is_int(target.dtype)):
        target = cast(target, "int64")
    elif target.ndim == 1:
        raise SymcTypeError(f"categorical_crossentropy: a label vector must hold integers, got {target.dtype}")
    else:
        target = cast(target, coding.dtype)
    return CategoricalCrossentropy()(coding, target)


def binary_crossentropy(output, target):
    """-(target * log(output) + (1 - target) * log(1 - output)), elementwise."""
    dtype = dt.as_float(promote("binary_crossentropy", [output, target]))
    return BinaryCrossentropy()(to_dtype(output, dtype), to_dtype(target, dtype))


def relu(x, alpha=0):
    """max(x, 0); with ``alpha`` a leaky ReLU: x where x > 0 else alpha * x."""
    x = as_tensor_variable(x)
    if isinstance(alpha, (int, float)) and alpha == 0:
        return m.maximum(x, 0)
    return m.switch(m.gt(x, 0), x, m.mul(alpha, x))


# ---------------------------------------------------------------------------
# conv2d
# ---------------------------------------------------------------------------


def _pair(value, what):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value), int(value))
    try:
        a, b = value
    except (TypeError, ValueError):
        raise SymcTypeError(f"{what} must be an int or a pair of ints, got {value!r}") from None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in (a, b)):
        raise SymcTypeError(f"{what} must be an int or a pair of ints, got {value!r}")
    return (int(a), int(b))


def window_output_size(size, window, stride, pad, dilation=1, ceil_mode=False):
    """The dialect's window arithmetic (SymcTypeInference.cpp, windowOutputSize)."""
    if size is None or window is None or pad is None:
        return None
    extent = size + 2 * pad
    span = dilation * (window - 1) + 1
    if extent <= 0:
        return 0
    if not ceil_mode:
        return 0 if extent < span else (extent - span) // stride + 1
    # Theano's ignore_border=False: every window that starts inside the input
    # produces an output, the last one possibly partial.
    if stride >= span:
        return (extent - 1) // stride + 1
    return max(0, (extent - 1 - span + stride) // stride) + 1


class Conv2D(Op):
    """2-D convolution of NCHW images by (F, C, kh, kw) filters (``symc.conv2d``).

    ``border_mode`` is 'valid', 'full', 'half' or 'explicit' (with
    ``padding``); ``flip`` makes it a true convolution (Theano's default).
    """

    __props__ = ("border_mode", "padding", "strides", "dilation", "flip")
    mnemonic = "conv2d"

    def __init__(self, border_mode="valid", padding=(0, 0), strides=(1, 1), dilation=(1, 1), flip=True):
        if border_mode not in ("valid", "full", "half", "explicit"):
            raise SymcTypeError(f"Conv2D: unknown border mode {border_mode!r}")
        self.border_mode = border_mode
        self.padding = _pair(padding, "padding")
        self.strides = _pair(strides, "subsample")
        self.dilation = _pair(dilation, "filter_dilation")
        self.flip = bool(flip)
        if min(self.strides) < 1 or min(self.dilation) < 1:
            raise SymcTypeError("conv2d: subsample and filter_dilation must be >= 1")
        if min(self.padding) < 0:
            raise SymcTypeError("conv2d: padding must be >= 0")

    def pad(self, d, kernel):
        if self.border_mode == "valid":
            return 0
        if self.border_mode == "explicit":
            return self.padding[d]
        if kernel is None:
            return None
        span = self.dilation[d] * (kernel - 1) + 1
        return span - 1 if self.border_mode == "full" else span // 2

    def make_node(self, x, w):
        x, w = as_tensor_variable(x), as_tensor_variable(w)
        if x.ndim != 4 or w.ndim != 4:
            raise SymcTypeError(f"conv2d takes a 4-d input (batch, channels, rows, cols) and 4-d filters "
                                f"(filters, channels, rows, cols), got {describe(x)} of shape {x.type.shape_str()} "
                                f"and {describe(w)} of shape {w.type.shape_str()}")
        if x.dtype != w.dtype or not dt.is_float(x.dtype):
            raise SymcTypeError(f"Conv2D takes float operands of one dtype, got {x.dtype} and {w.dtype}")
        cx, cw = x.type.shape[1], w.type.shape[1]
        if cx is not None and cw is not None and cx != cw:
            raise SymcTypeError(f"conv2d: the input {describe(x)} of shape {x.type.shape_str()} has {cx} channels "
                                f"but the filters {describe(w)} of shape {w.type.shape_str()} expect {cw}")
        shape = [x.type.shape[0], w.type.shape[0]]
        for d in range(2):
            k = w.type.shape[2 + d]
            shape.append(window_output_size(x.type.shape[2 + d], k, self.strides[d], self.pad(d, k),
                                            self.dilation[d]))
        return Apply(self, [x, w], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        x, w = inputs
        if x.shape[1] != w.shape[1]:
            raise ValueError(f"conv2d: input has {x.shape[1]} channels, filters expect {w.shape[1]}")
        kh, kw = w.shape[2:]
        ph, pw = self.pad(0, kh), self.pad(1, kw)
        if self.flip:
            w = w[:, :, ::-1, ::-1]
        xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        (sh, sw), (dh, dw) = self.strides, self.dilation
        oh = window_output_size(x.shape[2], kh, sh, ph, dh)
        ow = window_output_size(x.shape[3], kw, sw, pw, dw)
        out = np.zeros((x.shape[0], w.shape[0], oh, ow), dtype=x.dtype)
        for i in range(kh):
            for j in range(kw):
                patch = xp[:, :, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw]
                if patch.shape[2:] != (oh, ow):
                    continue
                out += np.einsum("bchw,fc->bfhw", patch, w[:, :, i, j])
        return [out]


def conv2d(input, filters, input_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1),
           filter_flip=True, filter_dilation=(1, 1), num_groups=1):
    """Theano's ``conv2d``: NCHW images by (F, C, kh, kw) filters.

    ``border_mode``: 'valid' (no padding), 'full' (k - 1 on each side), 'half'
    (k // 2), an int or a pair of ints (explicit padding). ``filter_flip=True``
    (default) flips the filters: a true convolution; False gives a
    cross-correlation. ``input_shape`` / ``filter_shape`` are optional static
    shapes that must agree with the variables' types.
    """
    if num_groups != 1:
        raise SymcTypeError("conv2d: grouped convolutions (num_groups != 1) are not supported")
    x, w = as_tensor_variable(input), as_tensor_variable(filters)
    dtype = dt.as_float(promote("conv2d", [x, w]))
    x, w = to_dtype(x, dtype), to_dtype(w, dtype)
    for var, hint, what in ((x, input_shape, "input_shape"), (w, filter_shape, "filter_shape")):
        if hint is not None:
            hint = tuple(hint)
            if len(hint) != var.ndim or any(h is not None and s is not None and h != s
                                            for h, s in zip(hint, var.type.shape)):
                raise SymcTypeError(f"conv2d: {what}={hint} disagrees with {describe(var)} of shape "
                                    f"{var.type.shape_str()}")
    if isinstance(border_mode, str):
        if border_mode not in ("valid", "full", "half"):
            raise SymcTypeError(f"conv2d: border_mode must be 'valid', 'full', 'half', an int or a pair of ints, "
                                f"got {border_mode!r}")
        op = Conv2D(border_mode, (0, 0), subsample, filter_dilation, filter_flip)
    else:
        op = Conv2D("explicit", _pair(border_mode, "border_mode"), subsample, filter_dilation, filter_flip)
    return op(x, w)


# ---------------------------------------------------------------------------
# pooling
# ---------------------------------------------------------------------------

POOL_MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


class Pool2D(Op):
    """Pools the last two dimensions (``symc.pool2d``)."""

    __props__ = ("mode", "window", "strides", "padding", "ignore_border")
    mnemonic = "pool2d"

    def __init__(self, mode, window, strides, padding, ignore_border):
        if mode not in POOL_MODES:
            raise SymcTypeError(f"pool_2d: mode must be one of {POOL_MODES}, got {mode!r}")
        self.mode = mode
        self.window = _pair(window, "ws")
        self.strides = _pair(strides, "stride")
        self.padding = _pair(padding, "pad")
        self.ignore_border = bool(ignore_border)
        if min(self.window) < 1 or min(self.strides) < 1:
            raise SymcTypeError(f"pool_2d: ws {self.window} and stride {self.strides} must be >= 1")
        for d in range(2):
            if not 0 <= self.padding[d] < self.window[d]:
                raise SymcTypeError(f"pool_2d: pad {self.padding} must be >= 0 and smaller than ws {self.window}")
        if any(self.padding) and not self.ignore_border:
            raise SymcTypeError("pool_2d: padding requires ignore_border=True (as in Theano)")

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.ndim < 2:
            raise SymcTypeError(f"pool_2d needs an input with at least 2 dimensions, got {describe(x)}")
        if not dt.is_float(x.dtype):
            raise SymcTypeError(f"Pool2D takes a float tensor, got {x.dtype}")
        shape = list(x.type.shape)
        for d in range(2):
            shape[x.ndim - 2 + d] = window_output_size(x.type.shape[x.ndim - 2 + d], self.window[d],
                                                       self.strides[d], self.padding[d], 1,
                                                       ceil_mode=not self.ignore_border)
        return Apply(self, [x], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        # Theano's Pool.perform, for any number of leading dimensions.
        (x,) = inputs
        (wh, ww), (sh, sw), (ph, pw) = self.window, self.strides, self.padding
        rows, cols = x.shape[-2] + 2 * ph, x.shape[-1] + 2 * pw
        oh = window_output_size(x.shape[-2], wh, sh, ph, 1, not self.ignore_border)
        ow = window_output_size(x.shape[-1], ww, sw, pw, 1, not self.ignore_border)
        y = np.zeros(x.shape[:-2] + (rows, cols), dtype=x.dtype)
        y[..., ph:rows - ph, pw:cols - pw] = x
        out = np.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
        inc_pad = self.mode == "average_inc_pad"
        for r in range(oh):
            r0, r1 = r * sh, min(r * sh + wh, rows)
            if not inc_pad:
                r0, r1 = max(r0, ph), min(r1, x.shape[-2] + ph)
            for c in range(ow):
                c0, c1 = c * sw, min(c * sw + ww, cols)
                if not inc_pad:
                    c0, c1 = max(c0, pw), min(c1, x.shape[-1] + pw)
                window = y[..., r0:r1, c0:c1]
                if self.mode == "max":
                    out[..., r, c] = window.max(axis=(-2, -1))
                elif self.mode == "sum":
                    out[..., r, c] = window.sum(axis=(-2, -1))
                else:
                    out[..., r, c] = window.mean(axis=(-2, -1))
        return [out]


def pool_2d(input, ws, ignore_border=True, stride=None, pad=(0, 0), mode="max"):
    """Theano's pool_2d over the last two dimensions: ``mode`` 'max', 'sum',
    'average_inc_pad' or 'average_exc_pad'; ``stride`` defaults to ``ws``;
    ``pad`` zero-pads each side (needs ``ignore_border=True``)."""
    x = _float(input)
    ws = _pair(ws, "ws")
    return Pool2D(mode, ws, ws if stride is None else stride, pad, ignore_border)(x)


def max_pool_2d(input, ws, ignore_border=True, stride=None, pad=(0, 0)):
    """Max pooling over the last two dimensions."""
    return pool_2d(input, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode="max")


# ---------------------------------------------------------------------------
# Gradients (see symc.gradient; ``L_op`` returns one gradient per input)
# ---------------------------------------------------------------------------


def _softmax_L_op(self, inputs, outputs, output_grads):
    from .reduction import sum as rsum

    (sm,), (g,) = outputs, output_grads
    return [sm * (g - rsum(g * sm, axis=self.axis, keepdims=True))]


def _log_softmax_L_op(self, inputs, outputs, output_grads):
    from .reduction import sum as rsum

    (out,), (g,) = outputs, output_grads
    # exp(log_softmax(x)) is softmax(x), at most 1: no overflow.
    return [g - m.exp(out) * rsum(g, axis=self.axis, keepdims=True)]


def _rows(v):
    return v.dimshuffle(0, "x")


def _crossentropy_L_op(self, inputs, outputs, output_grads):
    from .elemwise import zeros_like_var
    from .shape import arange, shape
    from .subtensor import AdvancedIncSubtensor, AdvancedSubtensor

    (p, t), (g,) = inputs, output_grads
    if t.ndim == 2:
        return [-(_rows(g) * m.true_div(t, p)), -(_rows(g) * m.log(p))]
    # Labels: only p[i, t[i]] receives -g[i] / p[i, t[i]].
    rows = arange(shape(p)[0])
    picked = AdvancedSubtensor((0, 1))(p, rows, t)
    gp = AdvancedIncSubtensor((0, 1))(zeros_like_var(p), -m.true_div(g, picked), rows, t)
    return [gp, None]


def _crossentropy_fused_L_op(self, node, output_grads, bypassable):
    """categorical_crossentropy(softmax(x), t) differentiated as one function:
    d/dx = (softmax(x) * sum(t) - t) * g (``crossentropy_softmax_grad`` for
    labels), which stays finite where softmax underflows; d/dt = -g *
    log_softmax(x)."""
    from .nnet_grad import CrossentropySoftmaxGrad
    from .reduction import sum as rsum

    (p, t), (g,) = node.inputs, output_grads
    inner = p.owner
    if inner is None or not isinstance(inner.op, Softmax) or inner.op.axis != 1 or not bypassable(p):
        return None
    (x,) = inner.inputs
    if t.ndim == 1:
        return {x: CrossentropySoftmaxGrad()(g, x, t)}
    return {x: (p * rsum(t, axis=1, keepdims=True) - t) * _rows(g), t: -(_rows(g) * LogSoftmax(1)(x))}


def _conv2d_L_op(self, inputs, outputs, output_grads):
    from .nnet_grad import Conv2DGradFilters, Conv2DGradInput
    from .shape import shape

    (x, w), (g,) = inputs, output_grads
    return [Conv2DGradInput.like(self)(g, w, shape(x)), Conv2DGradFilters.like(self)(x, g, shape(w))]


def _pool2d_L_op(self, inputs, outputs, output_grads):
    from .nnet_grad import Pool2DGrad

    (x,), (g,) = inputs, output_grads
    return [Pool2DGrad.like(self)(x, g)]


Softmax.L_op = _softmax_L_op
LogSoftmax.L_op = _log_softmax_L_op
CategoricalCrossentropy.L_op = _crossentropy_L_op
CategoricalCrossentropy.fused_L_op = _crossentropy_fused_L_op
Conv2D.L_op = _conv2d_L_op
Pool2D.L_op = _pool2d_L_op
