"""B7, RNN with scan: h_t = tanh(h_{t-1} W + x_t U + b), T = 100, hidden 256,
input 64, batch 32, h_0 = 0; loss = sum(h_T**2); one call = forward +
gradient with respect to W, U and b (backpropagation through time).

Every system gets the same arrays as inputs and returns (loss, dW, dU, db),
checked against the hand-written NumPy BPTT before timing. symc builds the
function with ``symc.scan`` and ``symc.grad`` (static shapes, as JAX's jit
specializes on them); PyTensor with its scan (default mode and CVM); JAX
with ``lax.scan`` under ``jit(value_and_grad)``; torch with a Python loop and
autograd (torch has no stable scan).
"""

import numpy as np

from harness import PEER, SYMC, System, info, run_case

T, BATCH, HIDDEN, INPUT = 100, 32, 256, 64


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((T, BATCH, INPUT))
    h0 = np.zeros((BATCH, HIDDEN))
    w = rng.standard_normal((HIDDEN, HIDDEN)) * (0.9 / np.sqrt(HIDDEN))
    u = rng.standard_normal((INPUT, HIDDEN)) * (1.0 / np.sqrt(INPUT))
    b = rng.standard_normal(HIDDEN) * 0.1
    return x, h0, w, u, b


def numpy_bptt(x, h0, w, u, b):
    hs = [h0]
    h = h0
    for t in range(T):
        h = np.tanh(h @ w + x[t] @ u + b)
        hs.append(h)
    loss = np.sum(h * h)
    g = 2.0 * h
    gw, gu, gb = np.zeros_like(w), np.zeros_like(u), np.zeros_like(b)
    for t in range(T - 1, -1, -1):
        d = g * (1.0 - hs[t + 1] * hs[t + 1])
        gw += hs[t].T @ d
        gu += x[t].T @ d
        gb += d.sum(axis=0)
        g = d @ w.T
    return loss, gw, gu, gb


def _checked(name, fn, reference):
    got = [np.asarray(v) for v in fn()]
    for i, (a, r) in enumerate(zip(got, reference)):
        if a.shape != np.shape(r) or not np.allclose(a, r, rtol=1e-6, atol=1e-8):
            raise AssertionError(f"{name}: output #{i} differs from the NumPy BPTT")
    return fn


def symc_system(args, reference, cache_dir):
    def factory():
        import time

        import symc
        import symc.tensor as st

        symc.config.compiledir = cache_dir
        x = st.tensor("float64", shape=(T, BATCH, INPUT), name="x")
        h0 = st.tensor("float64", shape=(BATCH, HIDDEN), name="h0")
        w = st.tensor("float64", shape=(HIDDEN, HIDDEN), name="w")
        u = st.tensor("float64", shape=(INPUT, HIDDEN), name="u")
        b = st.tensor("float64", shape=(HIDDEN,), name="b")
        hs, _ = symc.scan(lambda xt, h, w, u, b: st.tanh(st.dot(h, w) + st.dot(xt, u) + b), sequences=x,
                          outputs_info=h0, non_sequences=[w, u, b])
        loss = (hs[-1] ** 2).sum()
        grads = symc.grad(loss, [w, u, b])
        t0 = time.perf_counter()
        f = symc.function([x, h0, w, u, b], [loss] + grads, name="b7")
        f(*args)
        info(f"B7 f64 symc: symc.scan + symc.grad through symc.function; compile_s={time.perf_counter() - t0:.4g}")
        return _checked("symc", lambda: f(*args), reference)
    return factory


def numpy_system(args, reference):
    return lambda: _checked("numpy", lambda: numpy_bptt(*args), reference)


def pytensor_system(args, reference, mode):
    def factory():
        import pytensor
        import pytensor.tensor as pt

        x, h0, w, u, b = (pt.tensor3("x"), pt.matrix("h0"), pt.matrix("w"), pt.matrix("u"), pt.vector("b"))
        hs, _ = pytensor.scan(lambda xt, h, w, u, b: pt.tanh(pt.dot(h, w) + pt.dot(xt, u) + b), sequences=x,
                              outputs_info=h0, non_sequences=[w, u, b])
        loss = (hs[-1] ** 2).sum()
        grads = pytensor.grad(loss, [w, u, b])
        kwargs = {"mode": mode} if mode else {}
        f = pytensor.function([x, h0, w, u, b], [loss] + grads, **kwargs)
        return _checked(f"pytensor {mode}", lambda: f(*args), reference)
    return factory


def jax_system(args, reference):
    def factory():
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        from jax import lax

        def loss(w, u, b, x, h0):
            def step(h, xt):
                return jnp.tanh(h @ w + xt @ u + b), None

            h, _ = lax.scan(step, h0, x)
            return jnp.sum(h * h)

        f = jax.jit(jax.value_and_grad(loss, argnums=(0, 1, 2)))
        x, h0, w, u, b = (jnp.asarray(a) for a in args)

        def call():
            value, grads = f(w, u, b, x, h0)
            value.block_until_ready()
            return (value,) + tuple(grads)
        return _checked("jax", call, reference)
    return factory


def torch_system(args, reference, threads):
    def factory():
        import torch
        if threads == "single":
            torch.set_num_threads(1)
        x, h0, w, u, b = (torch.from_numpy(a) for a in args)
        params = [p.clone().requires_grad_(True) for p in (w, u, b)]

        def call():
            w_, u_, b_ = params
            h = h0
            for t in range(T):
                h = torch.tanh(h @ w_ + x[t] @ u_ + b_)
            loss = (h * h).sum()
            grads = torch.autograd.grad(loss, params)
            return (loss.detach(),) + tuple(g for g in grads)
        return _checked("torch", call, reference)
    return factory


def run(threads, cache_dir, samples):
    args = data()
    reference = numpy_bptt(*args)
    systems = [
        System("symc", symc_system(args, reference, cache_dir), SYMC),
        System("numpy", numpy_system(args, reference), PEER),
        System("pytensor", pytensor_system(args, reference, None), PEER),
        System("pytensor-cvm", pytensor_system(args, reference, "CVM"), PEER),
        System("jax", jax_system(args, reference), PEER),
        System("torch", torch_system(args, reference, threads), PEER),
    ]
    # Results are tuples, checked by each factory; the harness only times.
    run_case("B7", "f64", threads, systems, None, samples=samples)
