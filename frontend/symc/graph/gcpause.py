"""Python's cyclic garbage collector paused over whole-graph passes.

Differentiating, sorting and emitting a graph allocate an object or more per
node but make no garbage cycles; when those allocations cross the
collector's thresholds it walks every live object, the whole graph included:
a quarter of a second at B4's 55,000-node gradient, several times per
``symc.grad``. Paused, the collector finds the graph already old afterwards
and does not walk it again on their account.
"""

import functools
import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Disables the cyclic collector inside the block (nesting and threads:
    it is re-enabled only by the block that disabled it)."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def with_gc_paused(fn):
    """``fn`` run inside :func:`gc_paused`."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper
