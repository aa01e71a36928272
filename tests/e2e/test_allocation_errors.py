"""Buffers whose sizes come from the caller's arrays (symc-check-allocations):
a size whose byte count would overflow is a ValueError, one the system cannot
provide a MemoryError, both at the user's line; the call frees what it
allocated, leaves shared variables as they were, and the function keeps
working. Before, both crashed the process (a wrapped byte count gave a small
buffer, a refused allocation a null one)."""

import numpy as np
import pytest

import symc
import symc.tensor as st


@pytest.fixture(params=[1, 2], ids=["threads=1", "threads=2"])
def threads(request):
    """Both pipelines: sequential code and the threaded one."""
    old = symc.config.num_threads
    symc.config.num_threads = request.param
    yield request.param
    symc.config.num_threads = old


def _sizes():
    n = st.lvector("n")
    return n, n[0], n[1]


def test_a_size_that_overflows_is_a_value_error_at_the_users_line(threads):
    n, a, b = _sizes()
    out = st.zeros((a, b))  # the line the message names
    line = out.owner.trace.line
    f = symc.function([n], out)
    for sizes in ([2**32, 2**32], [3 * 10**9, 3 * 10**9], [2**61, 4]):
        with pytest.raises(ValueError, match=r"cannot allocate an array of shape \(\d+, \d+\) and element type f64 "
                                             r"\(at .*test_allocation_errors.py:\d+\): it is larger than the maximum "
                                             r"possible size") as info:
            f(np.array(sizes))
        assert f"({sizes[0]}, {sizes[1]})" in str(info.value)
        assert f"test_allocation_errors.py:{line})" in str(info.value)
    np.testing.assert_array_equal(f(np.array([2, 3])), np.zeros((2, 3)))


def test_memory_the_system_cannot_provide_is_a_memory_error(threads):
    n, a, _ = _sizes()
    f = symc.function([n], st.alloc(np.float64(1.5), a))
    # 2^60 bytes: beyond any address space, below the overflow bound
    with pytest.raises(MemoryError, match=r"^out of memory: cannot allocate an array of shape \(144115188075855872,\) "
                                          r"and element type f64 \(at .*test_allocation_errors.py:\d+\)$"):
        f(np.array([2**57, 0]))
    np.testing.assert_array_equal(f(np.array([4, 0])), np.full(4, 1.5))
    g = symc.function([n], st.arange(a))
    with pytest.raises(MemoryError, match="out of memory: cannot allocate an array of shape"):
        g(np.array([2**58, 0]))
    np.testing.assert_array_equal(g(np.array([5, 0])), np.arange(5))


def test_a_failed_allocation_leaves_shared_variables_unchanged(threads):
    n, a, _ = _sizes()
    w = symc.shared(np.arange(4.0), name="w")
    f = symc.function([n], st.alloc(np.float64(1.0), a) * w[0], updates=[(w, w * 2 + 1)])
    np.testing.assert_array_equal(f(np.array([3, 0])), np.zeros(3))
    np.testing.assert_array_equal(w.get_value(), [1.0, 3.0, 5.0, 7.0])
    for sizes, error in (([2**57, 0], MemoryError), ([2**62, 0], ValueError)):
        with pytest.raises(error):
            f(np.array(sizes))
        np.testing.assert_array_equal(w.get_value(), [1.0, 3.0, 5.0, 7.0])
    np.testing.assert_array_equal(f(np.array([2, 0])), np.ones(2))
    np.testing.assert_array_equal(w.get_value(), [3.0, 7.0, 11.0, 15.0])


def test_a_range_whose_64_bit_span_wraps_around_is_a_value_error_not_an_empty_range(threads):
    n = st.lvector("n")
    f = symc.function([n], st.arange(n[0], n[1], n[2]))
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    for bounds in ([lo, hi, 1], [hi, lo, -1], [lo, 0, 1], [0, hi, 2]):  # the last wraps only when rounded
        with pytest.raises(ValueError, match="symc.arange at .*: the length of the range is not finite or too large"):
            f(np.array(bounds))
    # the extremes themselves, where nothing wraps
    np.testing.assert_array_equal(f(np.array([hi - 3, hi, 1])), np.arange(hi - 3, hi))
    np.testing.assert_array_equal(f(np.array([lo + 3, lo, -2])), np.arange(lo + 3, lo, -2))
    np.testing.assert_array_equal(f(np.array([lo, lo + 2, 1])), np.arange(lo, lo + 2))
    np.testing.assert_array_equal(f(np.array([hi - 1, hi, 2])), np.arange(hi - 1, hi, 2))
