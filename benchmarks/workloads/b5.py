"""B5, call overhead: f(x) = x + 1 on float64 arrays of 1 and 1000 elements,
seconds per call with inputs checked as usual, and (the -trusted cases) with
each system's trusted-input fast path. symc is timed twice: `symc` binds
the executable compiled from symc IR text (symc._native), `symc-function`
is the same function built with symc.function."""

import numpy as np

from harness import PEER, SYMC, System, info, run_case
import symc_kernels

CALLS = {1: 20000, 1000: 10000}


def symc_system(x, trusted, cache_dir):
    def factory():
        exe, path, seconds = symc_kernels.compile_kernel(symc_kernels.b5_symc(), symc_kernels.b5_fused(), "b5",
                                                        cache_dir)
        info(f"B5 n{x.size} symc: {path}; compile_s={seconds:.4g} from_cache={exe.from_cache}")
        f = exe.bind(names=["x"], output_kind="single", name="b5")
        f.trust_input = trusted
        return lambda: f(x)
    return factory


def symc_function_system(x, trusted, cache_dir):
    """The same function built with the Python API: what users call."""
    def factory():
        import symc
        import symc.tensor as st
        if cache_dir:
            symc.config.compiledir = cache_dir
        tx = st.dvector("x")
        f = symc.function([tx], tx + 1, name="b5")
        f.trust_input = trusted
        return lambda: f(x)
    return factory


def pytensor_system(x, mode, trusted):
    def factory():
        import pytensor
        import pytensor.tensor as pt
        tx = pt.vector("x", dtype="float64")
        f = pytensor.function([tx], tx + 1, mode=mode) if mode else pytensor.function([tx], tx + 1)
        f.trust_input = trusted
        return lambda: f(x)
    return factory


def jax_system(x):
    def factory():
        import jax
        jax.config.update("jax_enable_x64", True)
        f = jax.jit(lambda a: a + 1)
        return lambda: f(x)
    return factory


def torch_system(x, threads):
    def factory():
        import torch
        if threads == "single":
            torch.set_num_threads(1)
        t = torch.from_numpy(x)
        return lambda: t + 1
    return factory


def numba_system(x):
    def factory():
        import numba

        @numba.njit
        def f(a):
            return a + 1
        return lambda: f(x)
    return factory


def run(threads, cache_dir, samples):
    for n in (1, 1000):
        x = np.random.default_rng(0).standard_normal(n)
        calls = CALLS[n]
        reference = x + 1
        checked = [
            System("symc", symc_system(x, False, cache_dir), SYMC, calls),
            System("symc-function", symc_function_system(x, False, cache_dir), SYMC, calls),
            System("numpy", lambda: (lambda: x + 1.0), PEER, calls),
            System("pytensor", pytensor_system(x, None, False), PEER, calls),
            System("pytensor-cvm", pytensor_system(x, "CVM", False), PEER, calls),
            System("jax", jax_system(x), PEER, calls),
            System("torch", torch_system(x, threads), PEER, calls),
            System("numba", numba_system(x), PEER, calls),
        ]
        run_case("B5", f"n{n}", threads, checked, reference, samples=samples)
        trusted = [
            System("symc", symc_system(x, True, cache_dir), SYMC, calls),
            System("symc-function", symc_function_system(x, True, cache_dir), SYMC, calls),
            System("numpy", lambda: (lambda: x + 1.0), PEER, calls),
            System("pytensor", pytensor_system(x, None, True), PEER, calls),
            System("pytensor-cvm", pytensor_system(x, "CVM", True), PEER, calls),
        ]
        run_case("B5", f"n{n}-trusted", threads, trusted, reference, samples=samples)
