"""B1, fused elementwise: out = log(1 + exp(x)) * y + tanh(x) * 0.5 with
x = 3 N(0, 1), y = N(0, 1), N = 10,000,000, float64 and float32.

Besides symc and the peers, two floors are reported (not peers): the
bandwidth floor np.add(x, y, out=o) and the math floor, NumPy computing only
exp, log and tanh of x into preallocated buffers, in cache-sized chunks.
"""

import math

import numpy as np

from harness import FLOOR, PEER, SYMC, System, info, run_case
import symc_kernels

N = 10_000_000
CHUNK = 16384


def numpy_naive(x, y):
    return lambda: np.log(1 + np.exp(x)) * y + np.tanh(x) * 0.5


def numpy_out(x, y):
    a, b = np.empty_like(x), np.empty_like(x)
    half = x.dtype.type(0.5)

    def f():
        np.exp(x, out=a)
        np.add(a, 1, out=a)
        np.log(a, out=a)
        np.multiply(a, y, out=a)
        np.tanh(x, out=b)
        np.multiply(b, half, out=b)
        np.add(a, b, out=a)
        return a
    return f


def floor_bandwidth(x, y):
    o = np.empty_like(x)
    return lambda: np.add(x, y, out=o)


def floor_math(x, y):
    a, b, c = (np.empty(CHUNK, x.dtype) for _ in range(3))

    def f():
        for i in range(0, len(x), CHUNK):
            xs = x[i:i + CHUNK]
            n = len(xs)
            np.exp(xs, out=a[:n])
            np.log(a[:n], out=b[:n])  # log of exp(x) > 0: the cost of log on valid inputs
            np.tanh(xs, out=c[:n])
    return f


def symc_system(x, y, dtype, cache_dir):
    def factory():
        t = "f64" if dtype == np.float64 else "f32"
        exe, path, seconds = symc_kernels.compile_kernel(symc_kernels.b1_symc(t), symc_kernels.b1_fused(t), "b1",
                                                        cache_dir)
        info(f"B1 {np.dtype(dtype).name} symc: {path}; compile_s={seconds:.4g} from_cache={exe.from_cache}")
        f = exe.bind(names=["x", "y"], output_kind="single", name="b1")
        return lambda: f(x, y)
    return factory


def pytensor_system(x, y, mode):
    def factory():
        import pytensor
        import pytensor.tensor as pt
        tx, ty = pt.vector("x", dtype=x.dtype), pt.vector("y", dtype=x.dtype)
        out = pt.log(1 + pt.exp(tx)) * ty + pt.tanh(tx) * 0.5
        f = pytensor.function([tx, ty], out, mode=mode) if mode else pytensor.function([tx, ty], out)
        f.trust_input = True
        return lambda: f(x, y)
    return factory


def jax_system(x, y):
    def factory():
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        f = jax.jit(lambda a, b: jnp.log(1 + jnp.exp(a)) * b + jnp.tanh(a) * 0.5)
        jx, jy = jnp.asarray(x), jnp.asarray(y)
        return lambda: np.asarray(f(jx, jy).block_until_ready())
    return factory


def torch_system(x, y, compiled, threads):
    def factory():
        import torch
        if threads == "single":
            torch.set_num_threads(1)
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)

        def expr(a, b):
            return torch.log(1 + torch.exp(a)) * b + torch.tanh(a) * 0.5
        f = torch.compile(expr) if compiled else expr
        return lambda: f(tx, ty).numpy()
    return factory


def numba_system(x, y):
    def factory():
        import numba

        @numba.njit(cache=False)
        def b1(a, b, out):
            for i in range(a.shape[0]):
                out[i] = math.log(1 + math.exp(a[i])) * b[i] + math.tanh(a[i]) * 0.5
            return out
        out = np.empty_like(x)
        return lambda: b1(x, y, out)
    return factory


def run(threads, cache_dir, samples):
    rng = np.random.default_rng(0)
    for dtype in (np.float64, np.float32):
        x = (3 * rng.standard_normal(N)).astype(dtype)
        y = rng.standard_normal(N).astype(dtype)
        case = "f64" if dtype == np.float64 else "f32"
        reference = (np.log1p(np.exp(x.astype(np.float64))) * y + np.tanh(x.astype(np.float64)) * 0.5).astype(dtype)
        tol = 1e-9 if dtype == np.float64 else 2e-4
        systems = [
            System("symc", symc_system(x, y, dtype, cache_dir), SYMC),
            System("numpy", lambda: numpy_naive(x, y), PEER),
            System("numpy-out", lambda: numpy_out(x, y), PEER),
            System("pytensor", pytensor_system(x, y, None), PEER),
            System("pytensor-cvm", pytensor_system(x, y, "CVM"), PEER),
            System("jax", jax_system(x, y), PEER),
            System("torch", torch_system(x, y, False, threads), PEER),
            System("torch-compile", torch_system(x, y, True, threads), PEER),
            System("numba", numba_system(x, y), PEER),
            System("floor-bandwidth", lambda: floor_bandwidth(x, y), FLOOR, check=False),
            System("floor-math", lambda: floor_math(x, y), FLOOR, check=False),
        ]
        run_case("B1", case, threads, systems, reference, samples=samples, rtol=tol, atol=tol)
