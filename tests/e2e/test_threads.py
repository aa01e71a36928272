"""Loops split over threads (symc-parallelize-loops + the async runtime).

Large compute-only loops run in blocks on the async runtime's thread pool
unless ``symc.config.num_threads`` is 1. The results must not depend on it:
every block boundary, broadcast, reduction and strided input below is
compared with NumPy, for sizes that give one block and many.
"""

import threading

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.config import config

from function_support import requires_native

pytestmark = requires_native

# Larger than the pipeline's default min-task-size (32768 iterations), so
# these run on several blocks; odd, so blocks are uneven.
BIG = 200_003


@pytest.fixture(params=[0, 1], ids=["threads=default", "threads=1"])
def num_threads(request, monkeypatch):
    monkeypatch.setattr(config, "num_threads", request.param)
    return request.param


def softplus_mix(x, y):
    return st.log(1 + st.exp(x)) * y + st.tanh(x) * 0.5


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n", [0, 1, 1000, BIG])
def test_fused_elementwise_matches_numpy(num_threads, dtype, n):
    x, y = st.vector("x", dtype=dtype), st.vector("y", dtype=dtype)
    f = symc.function([x, y], softplus_mix(x, y))
    rng = np.random.default_rng(n)
    a = (3 * rng.standard_normal(n)).astype(dtype)
    b = rng.standard_normal(n).astype(dtype)
    expected = np.log1p(np.exp(a.astype(np.float64))) * b + np.tanh(a.astype(np.float64)) * 0.5
    tol = 1e-12 if dtype == "float64" else 2e-5
    np.testing.assert_allclose(f(a, b), expected, rtol=tol, atol=tol)


def test_broadcast_rows_and_strided_input(num_threads):
    x, r = st.dmatrix("x"), st.dvector("r")  # r broadcasts along rows
    f = symc.function([x, r], st.exp(x) * r - x)
    rng = np.random.default_rng(1)
    a = rng.standard_normal((2 * BIG // 7, 14))[:, ::2]  # non-contiguous
    b = rng.standard_normal(7)
    np.testing.assert_allclose(f(a, b), np.exp(a) * b - a, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("axis", [0, 1, None])
def test_reductions(num_threads, axis):
    x = st.dmatrix("x")
    f = symc.function([x], st.exp(x).sum(axis=axis))
    a = np.random.default_rng(2).standard_normal((BIG // 5, 5))
    np.testing.assert_allclose(f(a), np.exp(a).sum(axis=axis), rtol=1e-10)


def test_llvm_ir_dispatches_only_with_threads(monkeypatch):
    x = st.dvector("x")
    monkeypatch.setattr(config, "num_threads", 0)
    parallel = symc.function([x], st.exp(x) + 1).dump_mlir("llvm")
    monkeypatch.setattr(config, "num_threads", 1)
    sequential = symc.function([x], st.exp(x) + 1).dump_mlir("llvm")
    assert "mlirAsyncRuntimeExecute" in parallel
    assert "mlirAsyncRuntime" not in sequential


def test_failed_check_is_reported_with_threads():
    # The size check stays in the exported function, before any block runs.
    x, y = st.dvector("x"), st.dvector("y")
    f = symc.function([x, y], st.exp(x) + y)
    with pytest.raises(ValueError, match="symc.add"):
        f(np.ones(BIG), np.ones(BIG + 1))
    np.testing.assert_allclose(f(np.zeros(BIG), np.ones(BIG)), np.full(BIG, 2.0))


def test_many_callers_share_the_pool():
    x = st.dvector("x")
    f = symc.function([x], st.tanh(x) * 2)
    inputs = [np.random.default_rng(i).standard_normal(BIG) for i in range(8)]
    results = [None] * 8

    def call(i):
        for _ in range(3):
            results[i] = f(inputs[i])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a, r in zip(inputs, results):
        np.testing.assert_allclose(r, np.tanh(a) * 2, rtol=1e-13)


@pytest.mark.parametrize("value", [-1, "many"])
def test_num_threads_rejects_bad_values(value):
    with pytest.raises(ValueError, match="num_threads"):
        config.num_threads = value


@pytest.mark.parametrize("opt_level", [0, 1])
def test_low_llvm_opt_levels_split_the_dispatch_coroutines(opt_level):
    # The thread-pool dispatch is built from LLVM coroutines; code generation
    # aborts unless some LLVM pipeline (O0's included) splits them.
    x = st.dvector("x")
    f = symc.function([x], st.sin(x) * 2, mode=symc.Mode("FAST_COMPILE", opt_level=opt_level))
    a = np.linspace(-3, 3, BIG)
    np.testing.assert_allclose(f(a), np.sin(a) * 2, rtol=1e-13)


UNLOAD_CHILD = """
import sys, tempfile
import numpy as np
from symc import _native
ir = '''
func.func @f(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %e = symc.exp %x : tensor<?xf64>
  %m = symc.mul %e, %y : tensor<?xf64>, tensor<?xf64>
  return %m : tensor<?xf64>
}
'''
cache = tempfile.mkdtemp()
x, y = np.linspace(-1, 1, N), np.linspace(0, 2, N)
for _ in range(REPS):
    f = _native.compile(ir, "f", cache_dir=cache)   # from the disk cache after the first
    (got,) = f(x, y)
    del f                                           # unloads its code
np.testing.assert_allclose(got, np.exp(x) * y)
print("done")
"""


def test_code_of_parallel_loops_is_unloaded_after_the_workers_leave_it():
    # A parallel loop's last block signals the caller, then returns through
    # the rest of its coroutine in the object's code; unloading the object
    # right after the call crashed a worker thread (8 runs in 10 of this
    # loop, and once in a while the whole test suite). A child process, so
    # that a crash fails this test instead of ending the run.
    import subprocess
    import sys

    script = UNLOAD_CHILD.replace("REPS", "2000").replace("N", str(BIG))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.strip() == "done", (done.returncode, done.stderr[-2000:])
