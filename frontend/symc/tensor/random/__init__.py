"""Random streams (``st.random.RandomStream``; Theano's RandomStreams).

Walk-through of a draw, ``srng.uniform(size=(3,))``:

1. The stream gives the draw its own generator state, a shared int64
   vector ``[key, counter_lo, counter_hi]`` whose key is derived from the
   stream's seed and the draw's number (:func:`.philox.derive_key`), so
   draws are independent of each other and a stream built with the same
   seed draws the same numbers.
2. The draw is an Op from (state, size) to (next state, sample); the
   shared state's ``default_update`` is the next state. ``symc.function``
   adds the default updates of the shared variables a function uses to its
   updates, so every call of a function advances the state and gives fresh
   numbers, while the compiled function stays pure: the state is an input,
   the next state an output.
3. Distributions are built from the generator's uniform, normal, bit and
   permutation draws with ordinary symbolic ops (``low + (high - low) * u``,
   ...), so gradients with respect to their parameters work.

The generator is Philox4x32-10, written by the lowering in the compiled code
and in NumPy for the reference evaluation (:mod:`.philox`): the same seed
gives the same stream in every mode.
"""

import numpy as np

from ...errors import SymcTypeError
from .. import dtype as dt
from ..raise_op import CheckAndRaise
from ..shape import as_int64_scalar, as_shape_vector
from ..sharedvar import shared
from ..variable import as_tensor_variable, is_weak
from . import philox
from .ops import STATE_TYPE, RandomDraw, RandomPermutation

__all__ = ["RandomStream", "RandomStreams", "RandomDraw", "RandomPermutation", "philox"]


def _checked(value, condition, message):
    """``value``, where ``condition`` holds at run time; else the call raises
    ValueError(message), as NumPy's Generator does for such parameters."""
    return CheckAndRaise(ValueError, message)(value, condition)


def _st():
    from ... import tensor

    return tensor


class RandomStream:
    """A source of random draws: each method returns a symbolic sample whose
    generator state is a shared variable updated by every function that
    uses it.

    Parameters
    ----------
    seed : int, optional
        Any integer (taken modulo 2**64); None picks one from the operating
        system.
    """

    def __init__(self, seed=None):
        self._seed = self._check_seed(seed)
        self.state_updates = []

    @staticmethod
    def _check_seed(seed):
        if seed is None:
            return int(np.random.SeedSequence().entropy) % (1 << 64)
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
            raise SymcTypeError(f"RandomStream: the seed must be an int, got {seed!r}")
        return int(seed) % (1 << 64)

    # -- state ----------------------------------------------------------------
    def _initial_state(self, k):
        return np.array([philox.derive_key(self._seed, k), 0, 0], dtype=np.int64)

    def _new_state(self):
        k = len(self.state_updates)
        state = shared(self._initial_state(k), name=f"rng_state{k}", shape=(3,))
        self.state_updates.append([state, None])
        return state

    def _draw(self, op, size_vector):
        state = self._new_state()
        new_state, sample = op(state, size_vector)
        state.default_update = new_state
        self.state_updates[-1][1] = new_state
        return sample

    def seed(self, seed):
        """Restarts every draw of this stream from ``seed``."""
        self._seed = self._check_seed(seed)
        for k, (state, _) in enumerate(self.state_updates):
            state.set_value(self._initial_state(k))

    def updates(self):
        """The (state, next state) pairs of every draw (what symc.function
        adds by itself through the default updates); for a draw made in a
        scan step, the next state is the state after the loop's last step."""
        return [(s, s.default_update) for s, _ in self.state_updates]

    # -- helpers ----------------------------------------------------------------
    @staticmethod
    def _size(size, *params):
        """The shape vector of a draw: ``size``, else the broadcast shape of
        the parameters."""
        st = _st()
        if size is not None:
            return as_shape_vector(size, "size")
        params = [as_tensor_variable(p) for p in params]
        ndim = max([p.ndim for p in params] + [0])
        if ndim == 0:
            return as_shape_vector((), "size")
        template = params[0]
        for p in params[1:]:
            template = template + p
        return template.shape

    @staticmethod
    def _float_dtype(dtype, *params):
        if dtype is not None:
            dtype = dt.normalize(dtype)
            if not dt.is_float(dtype):
                raise SymcTypeError(f"this draw gives floats (float32 or float64), not {dtype}")
            return dtype
        strong = [as_tensor_variable(p).dtype for p in params if not is_weak(p)]
        floats = [d for d in strong if dt.is_float(d)]
        if "float64" in floats:
            return "float64"
        if floats:
            return "float32"
        from ...config import config

        return config.floatX

    @staticmethod
    def _param(value, dtype):
        from ..elemwise import to_dtype

        return to_dtype(value, dtype)

    # -- distributions -----------------------------------------------------------
    def random_bits(self, size):
        """The generator's raw 32-bit word stream (int32) of ``size``."""
        return self._draw(RandomDraw("bits", "int32"), self._size(size))

    def uniform(self, low=0.0, high=1.0, size=None, dtype=None):
        """Floats uniform in [low, high)."""
        dtype = self._float_dtype(dtype, low, high)
        lo, hi = self._param(low, dtype), self._param(high, dtype)
        u = self._draw(RandomDraw("uniform", dtype), self._size(size, lo, hi))
        return lo + (hi - lo) * u

    def normal(self, loc=0.0, scale=1.0, size=None, dtype=None):
        """Normal floats with mean ``loc`` and standard deviation ``scale``; a
        call with a negative ``scale`` raises ValueError, as in NumPy."""
        st = _st()
        dtype = self._float_dtype(dtype, loc, scale)
        mu, sigma = self._param(loc, dtype), self._param(scale, dtype)
        # NumPy's rule: a NaN scale passes (and gives NaN).
        sigma = _checked(sigma, ~st.lt(sigma, 0), "normal: scale must not be negative")
        z = self._draw(RandomDraw("normal", dtype), self._size(size, mu, sigma))
        return mu + sigma * z

    def integers(self, low, high=None, size=None, dtype="int64"):
        """Integers uniform in [low, high) (NumPy's Generator.integers; with
        one bound, in [0, low)); a call with ``low >= high`` raises
        ValueError."""
        st = _st()
        if high is None:
            low, high = 0, low
        lo, hi = self._param(low, "int64"), self._param(high, "int64")
        lo = _checked(lo, st.lt(lo, hi), "integers: low must be less than high")
        u = self._draw(RandomDraw("uniform", "float64"), self._size(size, lo, hi))
        span = hi - lo
        k = st.cast(st.floor(u * st.cast(span, "float64")), "int64")
        # u * span may round up to span itself for spans near 2**53.
        return st.cast(lo + st.minimum(k, span - 1), dt.normalize(dtype))

    def binomial(self, n=1, p=0.5, size=None, dtype="int64"):
        """Binomial draws: the number of successes in ``n`` trials of
        probability ``p``. ``n`` must be a non-negative Python int (each draw
        compares n uniforms with p); a call with a ``p`` outside [0, 1] (or
        NaN) raises ValueError."""
        st = _st()
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            data = getattr(n, "data", None)
            if data is None or np.ndim(data) != 0 or not np.issubdtype(np.asarray(data).dtype, np.integer):
                raise SymcTypeError("binomial: n must be a Python int (the number of trials is part of the shape "
                                    f"of the computation), got {n!r}")
            n = int(data)
        n = int(n)
        if n < 0:
            raise SymcTypeError(f"binomial: n must not be negative, got {n}")
        pdtype = "float64" if is_weak(p) else as_tensor_variable(p).dtype
        if not dt.is_float(pdtype):
            pdtype = "float64"
        prob = self._param(p, pdtype)
        # NaN fails both comparisons.
        prob = _checked(prob, st.ge(prob, 0) & st.le(prob, 1), "binomial: p must be in [0, 1]")
        size_vec = self._size(size, prob)
        ndim = size_vec.type.shape[0]
        trials = st.concatenate([size_vec, as_shape_vector((n,), "n")])
        u = self._draw(RandomDraw("uniform", pdtype), trials)
        prob = st.broadcast_to(prob, size_vec) if prob.ndim < ndim or size is not None else prob
        hits = st.lt(u, st.expand_dims(prob, -1))
        return st.cast(st.sum(st.cast(hits, "int64"), axis=-1), dt.normalize(dtype))

    def permutation(self, x):
        """A random permutation of ``range(x)`` for an integer ``x``, or a
        shuffled copy of the vector ``x`` (along its first axis)."""
        st = _st()
        if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            return self._draw_permutation(as_int64_scalar(x, "permutation's n"))
        x = as_tensor_variable(x)
        if x.ndim == 0:
            if not dt.is_int(x.dtype):
                raise SymcTypeError(f"permutation takes an integer or a tensor, got {x.type}")
            return self._draw_permutation(st.cast(x, "int64"))
        return x[self._draw_permutation(x.shape[0])]

    def _draw_permutation(self, n):
        state = self._new_state()
        new_state, perm = RandomPermutation()(state, n)
        state.default_update = new_state
        self.state_updates[-1][1] = new_state
        return perm

    def choice(self, a, size=None, replace=True, p=None, dtype=None):
        """Draws from ``a`` (a vector, or ``range(a)`` for an int): with
        replacement (optionally with probabilities ``p``) or without (every
        element at most once). As in NumPy, a call raises ValueError where
        ``p`` has another length than ``a``, a negative entry or a sum other
        than 1, or where more draws without replacement are asked for than
        ``a`` has elements."""
        st = _st()
        if isinstance(a, (int, np.integer)) and not isinstance(a, bool):
            population, n = None, as_int64_scalar(a, "choice's a")
        else:
            population = as_tensor_variable(a)
            if population.ndim != 1:
                raise SymcTypeError(f"choice: a must be an int or a vector, got {population.type}")
            n = population.shape[0]
        size_vec = as_shape_vector(() if size is None else size, "size")
        if replace:
            if p is None:
                idx = self.integers(0, n, size=size_vec)
            else:
                probs = as_tensor_variable(p)
                if probs.ndim != 1:
                    raise SymcTypeError(f"choice: p must be a vector, got {probs.type}")
                probs = st.cast(probs, "float64") if not dt.is_float(probs.dtype) else probs
                # NumPy's checks and tolerance (NaN fails the first).
                tol = np.sqrt(np.finfo(probs.dtype).eps)
                probs = _checked(probs, st.eq(probs.shape[0], n), "choice: a and p must have the same size")
                probs = _checked(probs, st.ge(probs, 0), "choice: probabilities must be non-negative")
                probs = _checked(probs, st.le(abs(st.sum(probs) - 1), tol), "choice: probabilities do not sum to 1")
                u = self._draw(RandomDraw("uniform", probs.dtype), size_vec)
                # Inverse CDF: the index is the number of cumulative
                # probabilities at or below u (the last one is excluded, so a
                # sum of p slightly below 1 cannot give len(p)).
                m = probs.shape[0]
                r = st.arange(m)
                tri = st.cast(st.le(st.expand_dims(r, 1), st.expand_dims(r, 0)), probs.dtype)
                cdf = st.dot(probs, tri)
                below = st.le(cdf[:-1], st.expand_dims(u, -1))
                idx = st.sum(st.cast(below, "int64"), axis=-1)
        else:
            if p is not None:
                raise SymcTypeError("choice without replacement and with probabilities p is not supported")
            count = st.prod(size_vec) if size_vec.type.shape[0] else as_int64_scalar(1)
            count = _checked(count, st.le(count, n),
                             "choice: cannot take a larger sample than the population without replacement")
            perm = self._draw_permutation(n)
            first = perm[st.arange(count)]
            idx = st.reshape(first, size_vec) if size_vec.type.shape[0] else first[0]
        out = idx if population is None else population[idx]
        if dtype is not None:
            out = st.cast(out, dt.normalize(dtype))
        return out


RandomStreams = RandomStream
