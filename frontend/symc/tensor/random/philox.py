"""Philox4x32-10 in NumPy: the reference of the generator the lowering writes.

The compiled code (``passes/Conversion/SymcToLinalg/Random.cpp``) and these
functions compute the same numbers from the same state, so a seeded stream
gives the same draws in every mode, compiled or evaluated by the reference
(DebugMode): bit for bit for uniform, bits and permutation; normal draws
differ only by the rounding of log, sqrt and cos.

A state is an int64 array ``[key, counter_lo, counter_hi]`` (each entry read
as 64 unsigned bits). Element ``i`` (row-major) of a draw uses the Philox
block at counter ``(counter_hi:counter_lo) + i`` under ``key``; a draw's next
state is ``[key, counter_lo, counter_hi + 1]``. Round constants and key
schedule are those of Random123 (Salmon et al., SC'11).
"""

import numpy as np

_M0 = np.uint64(0xD2511F53)
_M1 = np.uint64(0xCD9E8D57)
_W0 = np.uint32(0x9E3779B9)
_W1 = np.uint32(0xBB67AE85)
_MASK32 = np.uint64(0xFFFFFFFF)
_32 = np.uint64(32)


def philox4x32_10(counter, key):
    """Philox4x32-10 of counters ``counter`` (uint32 array of shape (..., 4))
    under ``key`` (two uint32): the four output words, shape (..., 4)."""
    c = np.asarray(counter, dtype=np.uint32)
    c0, c1, c2, c3 = (c[..., j].astype(np.uint64) for j in range(4))
    k0, k1 = np.uint32(key[0]), np.uint32(key[1])
    with np.errstate(over="ignore"):
        for r in range(10):
            if r:
                k0 = np.uint32(k0 + _W0)
                k1 = np.uint32(k1 + _W1)
            p0 = _M0 * c0
            p1 = _M1 * c2
            c0, c1, c2, c3 = ((p1 >> _32) ^ c1 ^ np.uint64(k0), p1 & _MASK32,
                              (p0 >> _32) ^ c3 ^ np.uint64(k1), p0 & _MASK32)
    return np.stack([c0, c1, c2, c3], axis=-1).astype(np.uint32)


def _unsigned(state):
    s = np.asarray(state, dtype=np.int64).reshape(3).view(np.uint64)
    return s[0], s[1], s[2]


def blocks(state, offsets):
    """The Philox blocks at counter + each of ``offsets`` (uint64 array), as
    uint32 words of shape offsets.shape + (4,)."""
    key, lo, hi = _unsigned(state)
    offsets = np.asarray(offsets, dtype=np.uint64)
    with np.errstate(over="ignore"):
        new_lo = lo + offsets
        new_hi = hi + (new_lo < lo).astype(np.uint64)
    ctr = np.stack([new_lo & _MASK32, new_lo >> _32, new_hi & _MASK32, new_hi >> _32], axis=-1).astype(np.uint32)
    return philox4x32_10(ctr, (int(key & _MASK32), int(key >> _32)))


def next_state(state):
    """``[key, counter_lo, counter_hi + 1]``."""
    s = np.asarray(state, dtype=np.int64).reshape(3).view(np.uint64).copy()
    with np.errstate(over="ignore"):
        s[2] += np.uint64(1)
    return s.view(np.int64)


def _uniform_from(dtype, lo, hi):
    if dtype == "float32":
        return ((lo >> np.uint32(8)).astype(np.float32) * np.float32(2.0 ** -24)).astype(np.float32)
    bits = ((hi.astype(np.uint64) << _32) | lo.astype(np.uint64)) >> np.uint64(11)
    return bits.astype(np.float64) * 2.0 ** -53


def _words(state, shape):
    n = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    return blocks(state, np.arange(n, dtype=np.uint64))


def uniform(state, shape, dtype):
    """Floats in [0, 1) of ``shape`` and the next state."""
    w = _words(state, shape)
    return _uniform_from(dtype, w[:, 0], w[:, 1]).reshape(shape), next_state(state)


def normal(state, shape, dtype):
    """Standard normal floats (Box-Muller) of ``shape`` and the next state."""
    w = _words(state, shape)
    if dtype == "float32":
        u1, u2 = _uniform_from(dtype, w[:, 0], None), _uniform_from(dtype, w[:, 1], None)
    else:
        u1, u2 = _uniform_from(dtype, w[:, 0], w[:, 1]), _uniform_from(dtype, w[:, 2], w[:, 3])
    one = np.asarray(1, dtype=dtype)
    with np.errstate(divide="ignore"):
        r = np.sqrt(np.asarray(-2, dtype=dtype) * np.log(one - u1))
    z = r * np.cos(np.asarray(2 * np.pi, dtype=dtype) * u2)
    return z.astype(dtype).reshape(shape), next_state(state)


def bits(state, shape):
    """The generator's 32-bit word stream (element i: word i mod 4 of block
    i div 4) as int32 of ``shape``, and the next state."""
    n = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    i = np.arange(n, dtype=np.uint64)
    w = blocks(state, i >> np.uint64(2))
    out = w[np.arange(n), (i & np.uint64(3)).astype(np.int64)]
    return out.view(np.int32).reshape(shape), next_state(state)


def permutation(state, n):
    """A random permutation of 0..n-1 (Fisher-Yates from the top) and the next
    state."""
    n = int(n)
    if n < 0:
        raise ValueError(f"random_permutation: the length {n} of the permutation is negative")
    perm = np.arange(n, dtype=np.int64)
    if n > 1:
        idx = np.arange(n - 1, 0, -1, dtype=np.uint64)
        w = blocks(state, idx)
        r = (w[:, 1].astype(np.uint64) << _32) | w[:, 0].astype(np.uint64)
        js = r % (idx + np.uint64(1))
        for i, j in zip(idx.tolist(), js.tolist()):
            perm[i], perm[j] = perm[j], perm[i]
    return perm, next_state(state)


def derive_key(seed, stream):
    """The key of draw number ``stream`` of a RandomStream seeded with ``seed``
    (any int, taken mod 2**64): Philox of counter [stream_lo, stream_hi, 0,
    0x5EED] under the seed's two words."""
    seed = int(seed) % (1 << 64)
    stream = int(stream) % (1 << 64)
    ctr = np.array([stream & 0xFFFFFFFF, stream >> 32, 0, 0x5EED], dtype=np.uint32)
    w = philox4x32_10(ctr, (seed & 0xFFFFFFFF, seed >> 32))
    key = (int(w[1]) << 32) | int(w[0])
    return np.array([key], dtype=np.uint64).view(np.int64)[0]
