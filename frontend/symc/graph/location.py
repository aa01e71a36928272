"""Where in the user's code a graph node was created.

Every Apply node records the innermost stack frame outside the symc package
(PyTensor keeps a stack trace per node for the same reason). The emitter turns
it into an MLIR location, so that verifier, pass and run-time diagnostics name
the user's file and line rather than symc internals.
"""

import contextvars
import os
import sys
from contextlib import contextmanager

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

# Column lookup walks a code object's position table; cache it per
# (code, instruction offset) because graph builders create nodes in loops.
_COLUMN_CACHE = {}


class Location:
    """A source position: file name, 1-based line and 1-based column."""

    __slots__ = ("file", "line", "col")

    def __init__(self, file, line, col=1):
        self.file = file
        self.line = line
        self.col = col

    def __eq__(self, other):
        return (isinstance(other, Location) and self.file == other.file and self.line == other.line
                and self.col == other.col)

    def __hash__(self):
        return hash((self.file, self.line, self.col))

    def __str__(self):
        return f"{self.file}:{self.line}:{self.col}"

    __repr__ = __str__


UNKNOWN = Location("<unknown>", 0, 0)


def _column(frame):
    code, lasti = frame.f_code, frame.f_lasti
    key = (code, lasti)
    col = _COLUMN_CACHE.get(key)
    if col is None:
        col = 1
        positions = getattr(code, "co_positions", None)
        if positions is not None and lasti >= 0:
            for i, pos in enumerate(positions()):
                if i == lasti // 2:
                    if pos[2] is not None:
                        col = pos[2] + 1
                    break
        if len(_COLUMN_CACHE) > 65536:
            _COLUMN_CACHE.clear()
        _COLUMN_CACHE[key] = col
    return col


# Nodes built on one source line share one Location object.
_INTERNED = {}


# The location that a whole-graph builder (symc.grad) already found for the
# nodes it makes while only symc's own code runs between it and them: the walk
# would find that same frame, one node after another (13 frames deep in a
# gradient rule).
_KNOWN = contextvars.ContextVar("symc_known_location", default=None)


@contextmanager
def known_location(loc):
    """Nodes created inside the block get ``loc`` without a stack walk (None:
    walk again, for code that may call the user's)."""
    token = _KNOWN.set(loc)
    try:
        yield
    finally:
        _KNOWN.reset(token)


def user_location():
    """The innermost frame of the caller that lies outside the symc package."""
    known = _KNOWN.get()
    if known is not None:
        return known
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR):
            key = (filename, frame.f_lineno or 0, _column(frame))
            loc = _INTERNED.get(key)
            if loc is None:
                if len(_INTERNED) > 65536:
                    _INTERNED.clear()
                loc = _INTERNED[key] = Location(*key)
            return loc
        frame = frame.f_back
    return UNKNOWN
