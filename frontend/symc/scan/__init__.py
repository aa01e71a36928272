"""Loops in graphs: ``symc.scan`` (Theano's scan) and its Op.

``outputs, updates = symc.scan(fn, sequences=..., outputs_info=...,
non_sequences=..., n_steps=..., truncate_gradient=-1, go_backwards=False)``;
a step function may also return ``symc.scan.until(condition)`` to stop
early. Gradients flow through it (backpropagation through time, see
:mod:`symc.scan.grad`).
"""

from .api import scan, until
from .op import Scan

__all__ = ["scan", "until", "Scan"]
