"""The Ops that gradients of the neural-network ops are made of.

Each is a dialect op that exists for the backward pass (none is new to the
dialect): ``symc.crossentropy_softmax_grad`` (the gradient of the
crossentropy of a softmax with respect to the logits, softmax - onehot),
``symc.conv2d_grad_input`` / ``symc.conv2d_grad_filters`` (the adjoints of
``symc.conv2d`` with respect to its two operands) and ``symc.pool2d_grad``.
Their reference implementations are written as the exact adjoints of the
forward ops' ``perform``, and each has a gradient itself, so second
derivatives go through them.
"""

import numpy as np

from ..errors import SymcTypeError
from ..graph.basic import Apply, Op
from . import dtype as dt
from .elemwise import describe
from .static import vector_values
from .type import TensorType
from .variable import as_tensor_variable


def _shape_vector(v, n, what):
    v = as_tensor_variable(v)
    if v.ndim != 1 or v.dtype != "int64" or v.type.shape[0] != n:
        raise SymcTypeError(f"{what} must be an int64 vector of length {n}, got {v.type}")
    return v


def _pick(*sizes):
    """The first static size among ``sizes`` (None when all are unknown)."""
    for s in sizes:
        if s is not None:
            return s
    return None


def _agree(what, a, b):
    if a is not None and b is not None and a != b:
        raise SymcTypeError(f"{what}: static sizes {a} and {b} differ")


# ---------------------------------------------------------------------------
# crossentropy of a softmax
# ---------------------------------------------------------------------------


class CrossentropySoftmaxGrad(Op):
    """(softmax(logits) - target) * grad_loss[:, None]
    (``symc.crossentropy_softmax_grad``): the gradient with respect to the
    logits of ``categorical_crossentropy(softmax(logits), target)``, with
    int64 class labels (one-hot implied) or a probability matrix whose rows
    sum to 1 as the target."""

    __props__ = ()
    mnemonic = "crossentropy_softmax_grad"

    def make_node(self, grad_loss, logits, target):
        dl, x, t = (as_tensor_variable(v) for v in (grad_loss, logits, target))
        if x.ndim != 2 or not dt.is_float(x.dtype):
            raise SymcTypeError(f"CrossentropySoftmaxGrad: the logits must be a float matrix, got {x.type}")
        if dl.ndim != 1 or dl.dtype != x.dtype:
            raise SymcTypeError(f"CrossentropySoftmaxGrad: grad_loss must be a {x.dtype} vector, got {dl.type}")
        _agree("CrossentropySoftmaxGrad rows", dl.type.shape[0], x.type.shape[0])
        if t.ndim == 1:
            if t.dtype != "int64":
                raise SymcTypeError(f"CrossentropySoftmaxGrad: labels must be int64, got {t.dtype}")
            _agree("CrossentropySoftmaxGrad rows", t.type.shape[0], x.type.shape[0])
        elif t.ndim == 2 and t.dtype == x.dtype:
            for d in range(2):
                _agree("CrossentropySoftmaxGrad target", t.type.shape[d], x.type.shape[d])
        else:
            raise SymcTypeError(f"CrossentropySoftmaxGrad: the target must be int64 labels or a {x.dtype} matrix, "
                                f"got {t.type}")
        return Apply(self, [dl, x, t], [x.type])

    def perform(self, node, inputs):
        dl, x, t = inputs
        if x.size:
            e = np.exp(x - np.max(x, axis=1, keepdims=True))
            sm = e / np.sum(e, axis=1, keepdims=True)
        else:
            sm = x.copy()
        if t.ndim == 1:
            if t.size and (t.min() < 0 or t.max() >= x.shape[1]):
                raise ValueError("crossentropy_softmax_grad: a label is out of range")
            sm[np.arange(x.shape[0]), t] -= 1
            diff = sm
        else:
            diff = sm - t
        return [np.asarray(diff * dl[:, None], dtype=x.dtype)]

    def L_op(self, inputs, outputs, output_grads):
        from .nnet import Softmax
        from .reduction import sum as rsum
        from .shape import ones_like

        (dl, x, t), (g,) = inputs, output_grads
        # The op is (softmax(x) - T) * dl with T fixed: linear in dl, and
        # softmax's Jacobian-vector product for x.
        diff = CrossentropySoftmaxGrad()(ones_like(dl), x, t)
        g_dl = rsum(diff * g, axis=1)
        h = g * dl.dimshuffle(0, "x")
        sm = Softmax(1)(x)
        g_x = sm * (h - rsum(h * sm, axis=1, keepdims=True))
        g_t = None if t.ndim == 1 else -h
        return [g_dl, g_x, g_t]


# ---------------------------------------------------------------------------
# convolution
# ---------------------------------------------------------------------------


class _ConvGrad:
    """Attributes and helpers the two convolution gradients share with
    :class:`Conv2D` (a mixin, not an Op itself)."""

    __props__ = ("border_mode", "padding", "strides", "dilation", "flip")

    def __init__(self, border_mode="valid", padding=(0, 0), strides=(1, 1), dilation=(1, 1), flip=True):
        from .nnet import Conv2D

        self._forward = Conv2D(border_mode, padding, strides, dilation, flip)
        self.border_mode = self._forward.border_mode
        self.padding = self._forward.padding
        self.strides = self._forward.strides
        self.dilation = self._forward.dilation
        self.flip = self._forward.flip

    @classmethod
    def like(cls, conv):
        return cls(conv.border_mode, conv.padding, conv.strides, conv.dilation, conv.flip)

    def connection_pattern(self, node):
        return [[True], [True], [False]]

    def _check4(self, name, v):
        if v.ndim != 4 or not dt.is_float(v.dtype):
            raise SymcTypeError(f"{type(self).__name__}: {name} must be a 4-d float tensor, got {describe(v)} of "
                                f"type {v.type}")

    def _geometry(self, x_shape, k_shape):
        """Padding and output size of the forward convolution (rows, cols)."""
        kh, kw = k_shape
        ph, pw = self._forward.pad(0, kh), self._forward.pad(1, kw)
        from .nnet import window_output_size

        oh = window_output_size(x_shape[0], kh, self.strides[0], ph, self.dilation[0])
        ow = window_output_size(x_shape[1], kw, self.strides[1], pw, self.dilation[1])
        return (ph, pw), (oh, ow)

    def _taps(self, xp_shape, kernel, out_hw):
        """(i, j, row slice, col slice): the filter taps of the forward loop
        and the part of the padded input each one reads."""
        (sh, sw), (dh, dw) = self.strides, self.dilation
        oh, ow = out_hw
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
                cols = slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)
                if len(range(*rows.indices(xp_shape[0]))) != oh or len(range(*cols.indices(xp_shape[1]))) != ow:
                    continue
                yield i, j, rows, cols


class Conv2DGradInput(_ConvGrad, Op):
    """The gradient of ``conv2d(x, w)`` with respect to ``x`` given the
    gradient ``dy`` of its result and the shape of ``x``
    (``symc.conv2d_grad_input``): the adjoint of the convolution."""

    mnemonic = "conv2d_grad_input"

    def make_node(self, grad_output, filters, input_shape):
        dy, w = as_tensor_variable(grad_output), as_tensor_variable(filters)
        self._check4("grad_output", dy)
        self._check4("filters", w)
        if dy.dtype != w.dtype:
            raise SymcTypeError(f"Conv2DGradInput: grad_output ({dy.dtype}) and filters ({w.dtype}) differ in dtype")
        s = _shape_vector(input_shape, 4, "Conv2DGradInput's input_shape")
        _agree("Conv2DGradInput: channels of grad_output vs filters", dy.type.shape[1], w.type.shape[0])
        vals = vector_values(s)
        shape = (_pick(vals[0], dy.type.shape[0]), _pick(vals[1], w.type.shape[1]), vals[2], vals[3])
        return Apply(self, [dy, w, s], [TensorType(dy.dtype, shape)])

    def perform(self, node, inputs):
        dy, w, s = inputs
        b, c, h, wd = (int(v) for v in s)
        if w.shape[1] != c or dy.shape[1] != w.shape[0] or dy.shape[0] != b:
            raise ValueError(f"conv2d_grad_input: grad_output {dy.shape}, filters {w.shape} and input shape "
                             f"{(b, c, h, wd)} do not fit together")
        (ph, pw), out_hw = self._geometry((h, wd), w.shape[2:])
        if dy.shape[2:] != out_hw:
            raise ValueError(f"conv2d_grad_input: grad_output has spatial shape {dy.shape[2:]}, the convolution "
                             f"gives {out_hw}")
        gxp = np.zeros((b, c, h + 2 * ph, wd + 2 * pw), dtype=dy.dtype)
        w = w[:, :, ::-1, ::-1] if self.flip else w
        for i, j, rows, cols in self._taps(gxp.shape[2:], w.shape[2:], out_hw):
            gxp[:, :, rows, cols] += np.einsum("bfhw,fc->bchw", dy, w[:, :, i, j])
        return [np.ascontiguousarray(gxp[:, :, ph:ph + h, pw:pw + wd])]

    def L_op(self, inputs, outputs, output_grads):
        from .nnet import Conv2D
        from .shape import shape

        (dy, w, _), (g,) = inputs, output_grads
        forward = Conv2D(self.border_mode, self.padding, self.strides, self.dilation, self.flip)
        return [forward(g, w), Conv2DGradFilters.like(self)(g, dy, shape(w)), None]


class Conv2DGradFilters(_ConvGrad, Op):
    """The gradient of ``conv2d(x, w)`` with respect to ``w`` given ``x``,
    the gradient ``dy`` of its result and the shape of ``w``
    (``symc.conv2d_grad_filters``)."""

    mnemonic = "conv2d_grad_filters"

    def make_node(self, input, grad_output, filters_shape):
        x, dy = as_tensor_variable(input), as_tensor_variable(grad_output)
        self._check4("input", x)
        self._check4("grad_output", dy)
        if dy.dtype != x.dtype:
            raise SymcTypeError(f"Conv2DGradFilters: input ({x.dtype}) and grad_output ({dy.dtype}) differ in dtype")
        s = _shape_vector(filters_shape, 4, "Conv2DGradFilters' filters_shape")
        _agree("Conv2DGradFilters: batch of input vs grad_output", x.type.shape[0], dy.type.shape[0])
        vals = vector_values(s)
        shape = (_pick(vals[0], dy.type.shape[1]), _pick(vals[1], x.type.shape[1]), vals[2], vals[3])
        return Apply(self, [x, dy, s], [TensorType(x.dtype, shape)])

    def perform(self, node, inputs):
        x, dy, s = inputs
        f, c, kh, kw = (int(v) for v in s)
        if x.shape[1] != c or dy.shape[1] != f or dy.shape[0] != x.shape[0]:
            raise ValueError(f"conv2d_grad_filters: input {x.shape}, grad_output {dy.shape} and filters shape "
                             f"{(f, c, kh, kw)} do not fit together")
        (ph, pw), out_hw = self._geometry(x.shape[2:], (kh, kw))
        if dy.shape[2:] != out_hw:
            raise ValueError(f"conv2d_grad_filters: grad_output has spatial shape {dy.shape[2:]}, the convolution "
                             f"gives {out_hw}")
        xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        gw = np.zeros((f, c, kh, kw), dtype=x.dtype)
        for i, j, rows, cols in self._taps(xp.shape[2:], (kh, kw), out_hw):
            gw[:, :, i, j] = np.einsum("bchw,bfhw->fc", xp[:, :, rows, cols], dy)
        # The taps index the filters as the forward loop uses them (flipped).
        if self.flip:
            gw = gw[:, :, ::-1, ::-1]
        return [np.ascontiguousarray(gw)]

    def L_op(self, inputs, outputs, output_grads):
        from .nnet import Conv2D
        from .shape import shape

        (x, dy, _), (g,) = inputs, output_grads
        forward = Conv2D(self.border_mode, self.padding, self.strides, self.dilation, self.flip)
        return [Conv2DGradInput.like(self)(dy, g, shape(x)), forward(x, g), None]


# ---------------------------------------------------------------------------
# pooling
# ---------------------------------------------------------------------------


class Pool2DGrad(Op):
    """The gradient of ``pool2d(x)`` with respect to ``x`` given the gradient
    ``dy`` of its result (``symc.pool2d_grad``). For ``max`` the gradient of
    each window goes to the first position holding the window's maximum."""

    __props__ = ("mode", "window", "strides", "padding", "ignore_border")
    mnemonic = "pool2d_grad"

    def __init__(self, mode, window, strides, padding, ignore_border):
        from .nnet import Pool2D

        self._forward = Pool2D(mode, window, strides, padding, ignore_border)
        for p in self.__props__:
            setattr(self, p, getattr(self._forward, p))

    @classmethod
    def like(cls, pool):
        return cls(pool.mode, pool.window, pool.strides, pool.padding, pool.ignore_border)

    def make_node(self, input, grad_output):
        x, dy = as_tensor_variable(input), as_tensor_variable(grad_output)
        if x.ndim < 2 or not dt.is_float(x.dtype):
            raise SymcTypeError(f"Pool2DGrad: the input must be a float tensor of rank >= 2, got {x.type}")
        if dy.ndim != x.ndim or dy.dtype != x.dtype:
            raise SymcTypeError(f"Pool2DGrad: grad_output must have the input's dtype and rank, got {dy.type} for "
                                f"an input of type {x.type}")
        expected = self._forward.make_node(x).outputs[0].type.shape
        for d, (a, b) in enumerate(zip(expected, dy.type.shape)):
            if a is not None and b is not None and a != b:
                raise SymcTypeError(f"Pool2DGrad: grad_output has size {b} in dimension {d} but pooling the input "
                                    f"gives {a}")
        return Apply(self, [x, dy], [x.type])

    def _windows(self, x_shape):
        """(output row, output col, row slice, col slice) in padded
        coordinates, and the padded shape: the forward op's loop."""
        from .nnet import window_output_size

        (wh, ww), (sh, sw), (ph, pw) = self.window, self.strides, self.padding
        rows, cols = x_shape[-2] + 2 * ph, x_shape[-1] + 2 * pw
        oh = window_output_size(x_shape[-2], wh, sh, ph, 1, not self.ignore_border)
        ow = window_output_size(x_shape[-1], ww, sw, pw, 1, not self.ignore_border)
        inc_pad = self.mode == "average_inc_pad"
        out = []
        for r in range(oh):
            r0, r1 = r * sh, min(r * sh + wh, rows)
            if not inc_pad:
                r0, r1 = max(r0, ph), min(r1, x_shape[-2] + ph)
            for c in range(ow):
                c0, c1 = c * sw, min(c * sw + ww, cols)
                if not inc_pad:
                    c0, c1 = max(c0, pw), min(c1, x_shape[-1] + pw)
                out.append((r, c, slice(r0, r1), slice(c0, c1)))
        return out, (oh, ow), (rows, cols)

    def perform(self, node, inputs):
        x, dy = inputs
        windows, out_hw, padded = self._windows(x.shape)
        if dy.shape != x.shape[:-2] + out_hw:
            raise ValueError(f"pool2d_grad: grad_output has shape {dy.shape}, pooling the input of shape {x.shape} "
                             f"gives {x.shape[:-2] + out_hw}")
        ph, pw = self.padding
        xp = np.zeros(x.shape[:-2] + padded, dtype=x.dtype)
        xp[..., ph:padded[0] - ph, pw:padded[1] - pw] = x
        gxp = np.zeros_like(xp)
        for r, c, rs, cs in windows:
            g = dy[..., r, c][..., None, None]
            if self.mode == "max":
                win = xp[..., rs, cs]
                flat = win.reshape(win.shape[:-2] + (-1,))
                first = np.argmax(flat, axis=-1)[..., None]
                mask = (np.arange(flat.shape[-1]) == first).reshape(win.shape)
                gxp[..., rs, cs] += mask * g
            elif self.mode == "sum":
                gxp[..., rs, cs] += g
            else:
                count = (rs.stop - rs.start) * (cs.stop - cs.start)
                gxp[..., rs, cs] += g / count
        return [np.ascontiguousarray(gxp[..., ph:padded[0] - ph, pw:padded[1] - pw]).astype(x.dtype)]

    def L_op(self, inputs, outputs, output_grads):
        from ..errors import SymcError
        from .elemwise import zeros_like_var
        from .nnet import Pool2D
        from .shape import ones_like

        (x, dy), (g,) = inputs, output_grads
        # The result is piecewise constant in x (max) or does not depend on it.
        gx = zeros_like_var(x)
        if self.mode != "max":
            # Linear in dy: its adjoint is the pooling itself.
            return [gx, self._forward(g)]
        if any(s < w for s, w in zip(self.strides, self.window)):
            raise SymcError("the second derivative of max pooling with overlapping windows (stride smaller than "
                            f"the window: ws={self.window}, stride={self.strides}) is not supported")
        # Disjoint windows: dy's gradient reads g at each window's argmax,
        # which the first-derivative mask marks with a single 1 per window.
        mask = self(x, ones_like(dy))
        summed = Pool2D("sum", self.window, self.strides, self.padding, self.ignore_border)
        return [gx, summed(mask * g)]
