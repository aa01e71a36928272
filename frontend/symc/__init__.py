"""symc: a symbolic expression compiler in the spirit of Theano, built on MLIR.

Python users build NumPy-like expressions on symbolic variables and compile
them into native functions; see README.md and the API contract in the
project's documentation.
"""

__version__ = "0.1.0"
