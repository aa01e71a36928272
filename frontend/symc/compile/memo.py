"""The in-process cache of compiled executables (level 1).

Keyed by what determines the generated code: the IR text (which holds the
graph structure, types, constants and source locations), the exported
symbol and the mode's pipeline and options. Building the same function twice
returns the same compiled object; the persistent cache of the native layer
(level 2, under ``symc.config.compiledir``) serves other processes.
"""

import hashlib
from collections import OrderedDict

_LIMIT = 512
_CACHE = OrderedDict()


def key(ir, symbol, mode):
    return (hashlib.sha256(ir.encode()).hexdigest(), symbol, mode.key)


def lookup(k):
    exe = _CACHE.get(k)
    if exe is not None:
        _CACHE.move_to_end(k)
    return exe


def store(k, exe):
    _CACHE[k] = exe
    _CACHE.move_to_end(k)
    while len(_CACHE) > _LIMIT:
        _CACHE.popitem(last=False)


def clear():
    """Forgets every compiled function of this process."""
    _CACHE.clear()


def size():
    return len(_CACHE)
