"""Shared setup of the end-to-end tests of symc.function (tests/e2e/
test_function_*.py): they compile and run real code, so they need the native
extension and skip, with the reason, where it is not built."""

import numpy as np
import pytest

# The same test the frontend uses (symc.compile.native.available): the
# extension is importable and has symc's lowering pipeline.
from symc.compile import native as _native_backend

NATIVE = _native_backend.available()
REASON = "" if NATIVE else f"{_native_backend.unavailable_reason()}; build it with `make setup`"

requires_native = pytest.mark.skipif(not NATIVE, reason=REASON)


def skip_module_without_native():
    """Skips the calling test module, with the reason, when the native
    extension is absent (before the module imports symc)."""
    if not NATIVE:
        pytest.skip(REASON, allow_module_level=True)


@pytest.fixture(autouse=True)
def private_compiledir(tmp_path_factory):
    """Compiled code goes to a per-session directory, never the user cache."""
    if not NATIVE:
        yield
        return
    import symc

    old = symc.config.compiledir
    symc.config.compiledir = str(tmp_path_factory.getbasetemp() / "compiledir")
    yield
    symc.config.compiledir = old


def rng(seed=0):
    return np.random.default_rng(seed)


def values(dtype, shape, seed=0, low=-3, high=3):
    r = rng(seed)
    if dtype == "bool":
        return r.integers(0, 2, size=shape).astype(bool)
    if dtype == "uint8":
        return r.integers(0, 10, size=shape).astype(dtype)
    if dtype.startswith("int"):
        return r.integers(low, high + 1, size=shape).astype(dtype)
    return r.uniform(low, high, size=shape).astype(dtype)


def assert_close(got, expected, dtype=None):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    if dtype is not None:
        assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    if got.dtype.kind == "f":
        tol = 2e-5 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)
