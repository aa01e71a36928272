"""symc-pack-loop-gemms end to end: a scan's products with the loop-invariant
W (forward h W, backward dz W^T) run on W packed once per loop, with the
values of NumPy's backpropagation through time; sizes that are not multiples
of the runtime kernel's tiles, a dynamic number of steps, and products with
too many rows to pack (left to BLAS)."""

import re

import numpy as np
import pytest

import symc
from test_scan_pushout import args, numpy_bptt, rnn


@pytest.fixture(autouse=True)
def single_thread():
    """The pass runs in single-threaded pipelines only (with threads, BLAS
    splits the products over the cores)."""
    old = symc.config.num_threads
    symc.config.num_threads = 1
    yield
    symc.config.num_threads = old


def packed_calls(f, batch, n_hid):
    """(packs, packed products, BLAS products of the steps' shape) in the LLVM IR
    (LLVM may peel a loop: a product may appear twice)."""
    llvm = f.dump_mlir("llvm")
    return (llvm.count("call ptr @symc_rt_pack_gemm_b_f64"), llvm.count("call void @symc_rt_gemm_packed_f64("),
            len(re.findall(rf"call void @symc_rt_gemm_f64\(i64 0, i64 [01], i64 {batch}, i64 {n_hid}, i64 {n_hid},", llvm)))


def assert_matches_bptt(got, a):
    """The results (loss, history, gradients) equal NumPy's; they die with
    this call's frame, so callers can count live buffers afterwards."""
    for g, want in zip(got, numpy_bptt(*a)):
        np.testing.assert_allclose(g, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("T,batch,n_in,n_hid", [(9, 11, 3, 29), (4, 32, 64, 256), (1, 8, 5, 25)])
def test_scan_products_use_packed_w_and_match_numpy(T, batch, n_in, n_hid, native):
    f = rnn(T, batch, n_in, n_hid)
    packs, products, blas = packed_calls(f, batch, n_hid)
    # One pack before each loop (forward: W, backward: W^T), the steps'
    # products on them, none left to BLAS.
    assert packs == 2 and products >= 2 and blas == 0, (packs, products, blas)
    a = args(T, batch, n_in, n_hid, seed=T)
    live = native.live_buffers()
    assert_matches_bptt(f(*a), a)
    assert native.live_buffers() == live  # nothing outlives the call


def test_many_rows_stay_with_blas():
    f = rnn(3, 130, 4, 6)
    packs, products, blas = packed_calls(f, 130, 6)
    assert (packs, products) == (0, 0) and blas >= 2, (packs, products, blas)
    a = args(3, 130, 4, 6)
    assert_matches_bptt(f(*a), a)


def test_sequences_of_any_length(native):
    # A dynamic step count: one compiled function packs W for every length
    # it is called with, and frees the packs.
    batch, n_in, n_hid = 5, 3, 26
    f = rnn(None, batch, n_in, n_hid)
    assert packed_calls(f, batch, n_hid)[0] == 2
    for T in (1, 2, 6):
        a = args(T, batch, n_in, n_hid, seed=T)
        live = native.live_buffers()
        assert_matches_bptt(f(*a), a)
        assert native.live_buffers() == live


def test_threaded_code_leaves_products_to_blas():
    symc.config.num_threads = 2
    f = rnn(3, 11, 3, 29)
    packs, products, blas = packed_calls(f, 11, 29)
    assert (packs, products) == (0, 0) and blas >= 2, (packs, products, blas)
    a = args(3, 11, 3, 29)
    assert_matches_bptt(f(*a), a)
