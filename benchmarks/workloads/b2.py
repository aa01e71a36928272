"""B2, logistic regression step (the Theano tutorial): X (400, 784), y in
{0, 1}, w (784,), b scalar; cost = mean binary cross-entropy of
sigmoid(X.w + b) + 0.01 * sum(w**2); one call = forward + gradient + SGD
update (learning rate 0.1) of w and b, held by each system as state that
persists across calls (shared variables for symc and PyTensor).

Every system returns the cost before its update. Before timing, each system's
first step is checked against NumPy: the returned cost and the updated w and
b (a system whose update is wrong is reported as failed); then its state is
reset to the common starting point.
"""

import numpy as np

from harness import PEER, SYMC, System, info, run_case

N, D = 400, 784
LR, L2 = 0.1, 0.01


def make_problem():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, D))
    y = rng.integers(0, 2, size=N).astype(np.float64)
    w0 = 0.01 * rng.standard_normal(D)
    return x, y, w0, 0.0


def numpy_reference(x, y, w, b):
    """(cost, new w, new b) of one step, written out in NumPy."""
    p = 1 / (1 + np.exp(-(x @ w + b)))
    cost = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + L2 * np.sum(w ** 2)
    gz = (p - y) / len(y)
    return cost, w - LR * (x.T @ gz + 2 * L2 * w), b - LR * gz.sum()


def checked(step, get_params, set_params, problem):
    """Runs one step, compares it with NumPy, restores the starting state and
    returns ``step``: a wrong update is a failure, not a fast system."""
    x, y, w0, b0 = problem
    cost_ref, w_ref, b_ref = numpy_reference(x, y, w0, b0)
    cost = step()
    w, b = get_params()
    for what, got, want in (("cost", cost, cost_ref), ("w", w, w_ref), ("b", b, b_ref)):
        if not np.allclose(np.asarray(got, dtype=np.float64), want, rtol=1e-9, atol=1e-12):
            raise AssertionError(f"the first step's {what} differs from NumPy's")
    set_params(w0.copy(), b0)
    return step


def numpy_step(problem):
    """The step as a NumPy user writes it: in-place updates of w and b."""
    x, y, w0, b0 = problem
    state = {"w": w0.copy(), "b": np.float64(b0)}
    n = len(y)

    def step():
        w, b = state["w"], state["b"]
        p = 1 / (1 + np.exp(-(x @ w + b)))
        cost = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + L2 * np.dot(w, w)
        gz = (p - y) / n
        gw = x.T @ gz
        gw += 2 * L2 * w
        w -= LR * gw
        state["b"] = b - LR * gz.sum()
        return cost

    def set_params(w, b):
        state["w"], state["b"] = w, np.float64(b)
    return checked(step, lambda: (state["w"], state["b"]), set_params, problem)


def symc_system(problem, cache_dir):
    def factory():
        import time

        import symc
        import symc.tensor as st
        if cache_dir:
            symc.config.compiledir = cache_dir
        x, y, w0, b0 = problem
        w = symc.shared(w0.copy(), name="w")
        b = symc.shared(np.float64(b0), name="b")
        tx, ty = st.dmatrix("x"), st.dvector("y")
        p = st.nnet.sigmoid(st.dot(tx, w) + b)
        cost = st.nnet.binary_crossentropy(p, ty).mean() + L2 * (w ** 2).sum()
        gw, gb = symc.grad(cost, [w, b])
        t0 = time.perf_counter()
        f = symc.function([tx, ty], cost, updates=[(w, w - LR * gw), (b, b - LR * gb)], name="b2")
        info(f"B2 f64 symc: symc.function, compile_s={time.perf_counter() - t0:.4g}")

        def set_params(wv, bv):
            w.set_value(wv)
            b.set_value(np.float64(bv))
        step = checked(lambda: f(x, y), lambda: (w.get_value(borrow=True), b.get_value(borrow=True)),
                       set_params, problem)
        from symc import _native
        f(x, y)
        before = _native.allocation_count()
        f(x, y)
        info(f"B2 f64 symc: runtime buffers allocated per call={_native.allocation_count() - before}")
        set_params(w0.copy(), b0)
        return step
    return factory


def pytensor_system(problem, mode):
    def factory():
        import pytensor
        import pytensor.tensor as pt
        x, y, w0, b0 = problem
        w = pytensor.shared(w0.copy(), name="w")
        b = pytensor.shared(np.float64(b0), name="b")
        tx, ty = pt.dmatrix("x"), pt.dvector("y")
        p = pt.sigmoid(pt.dot(tx, w) + b)
        cost = pt.mean(-ty * pt.log(p) - (1 - ty) * pt.log(1 - p)) + L2 * (w ** 2).sum()
        gw, gb = pytensor.grad(cost, [w, b])
        kwargs = {"mode": mode} if mode else {}
        f = pytensor.function([tx, ty], cost, updates=[(w, w - LR * gw), (b, b - LR * gb)], **kwargs)
        f.trust_input = True

        def set_params(wv, bv):
            w.set_value(wv)
            b.set_value(np.float64(bv))
        return checked(lambda: f(x, y), lambda: (w.get_value(), b.get_value()), set_params, problem)
    return factory


def jax_system(problem):
    def factory():
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        x, y, w0, b0 = problem

        def cost_fn(params, xs, ys):
            w, b = params
            p = jax.nn.sigmoid(xs @ w + b)
            return jnp.mean(-ys * jnp.log(p) - (1 - ys) * jnp.log(1 - p)) + L2 * jnp.sum(w ** 2)

        @jax.jit
        def update(params, xs, ys):
            cost, grads = jax.value_and_grad(cost_fn)(params, xs, ys)
            return cost, tuple(v - LR * g for v, g in zip(params, grads))

        jx, jy = jnp.asarray(x), jnp.asarray(y)
        state = {"params": (jnp.asarray(w0), jnp.asarray(b0, dtype=jnp.float64))}

        def step():
            cost, state["params"] = update(state["params"], jx, jy)
            return np.asarray(cost.block_until_ready())

        def set_params(wv, bv):
            state["params"] = (jnp.asarray(wv), jnp.asarray(bv, dtype=jnp.float64))
        return checked(step, lambda: tuple(np.asarray(v) for v in state["params"]), set_params, problem)
    return factory


def torch_system(problem, threads):
    def factory():
        import torch
        if threads == "single":
            torch.set_num_threads(1)
        x, y, w0, b0 = problem
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)
        w = torch.tensor(w0, requires_grad=True)
        b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)

        def step():
            p = torch.sigmoid(tx @ w + b)
            cost = torch.nn.functional.binary_cross_entropy(p, ty) + L2 * (w ** 2).sum()
            w.grad = b.grad = None
            cost.backward()
            with torch.no_grad():
                w.sub_(LR * w.grad)
                b.sub_(LR * b.grad)
            return cost.item()

        def set_params(wv, bv):
            with torch.no_grad():
                w.copy_(torch.from_numpy(wv))
                b.fill_(bv)
        return checked(step, lambda: (w.detach().numpy().copy(), b.item()), set_params, problem)
    return factory


def numba_system(problem):
    def factory():
        import numba
        x, y, w0, b0 = problem

        @numba.njit(cache=False)
        def update(xs, ys, w, b):
            n = xs.shape[0]
            z = xs @ w + b
            cost = 0.0
            gz = np.empty(n)
            for i in range(n):
                p = 1 / (1 + np.exp(-z[i]))
                cost -= ys[i] * np.log(p) + (1 - ys[i]) * np.log(1 - p)
                gz[i] = (p - ys[i]) / n
            gw = np.dot(gz, xs)
            cost = cost / n + L2 * np.dot(w, w)
            for j in range(w.shape[0]):
                w[j] -= LR * (gw[j] + 2 * L2 * w[j])
            return cost, b - LR * gz.sum()

        state = {"w": w0.copy(), "b": float(b0)}

        def step():
            cost, state["b"] = update(x, y, state["w"], state["b"])
            return cost

        def set_params(wv, bv):
            state["w"], state["b"] = wv, float(bv)
        return checked(step, lambda: (state["w"], state["b"]), set_params, problem)
    return factory


def run(threads, cache_dir, samples):
    problem = make_problem()
    x, y, w0, b0 = problem
    reference = np.asarray(numpy_reference(x, y, w0, b0)[0])
    systems = [
        System("symc", symc_system(problem, cache_dir), SYMC, calls_per_sample=100),
        System("numpy", lambda: numpy_step(problem), PEER, calls_per_sample=100),
        System("pytensor", pytensor_system(problem, None), PEER, calls_per_sample=100),
        System("pytensor-cvm", pytensor_system(problem, "CVM"), PEER, calls_per_sample=100),
        System("jax", jax_system(problem), PEER, calls_per_sample=100),
        System("torch", torch_system(problem, threads), PEER, calls_per_sample=100),
        System("numba", numba_system(problem), PEER, calls_per_sample=100),
    ]
    # The harness checks the first timed call's cost (the state was reset to
    # the starting point after the update check).
    run_case("B2", "f64", threads, systems, reference, samples=samples, rtol=1e-9, atol=1e-12)
