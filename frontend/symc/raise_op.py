"""``symc.raise_op``: run-time assertions where PyTensor keeps them
(``pytensor.raise_op``); defined in ``symc.tensor.raise_op``."""

from .tensor.raise_op import Assert, CheckAndRaise, assert_op

__all__ = ["Assert", "CheckAndRaise", "assert_op"]
