"""B3, MLP step (the Theano 2010 paper): 784-500-10, tanh hidden layer,
softmax output, mean negative log-likelihood, minibatch of 60, one call =
forward + gradient + SGD update (learning rate 0.01) of W1, b1, W2, b2 held as
state across calls; float64 and float32.

Every system returns the loss before its update. Before timing, each
system's first step is checked against NumPy (the loss and the four updated
parameters); then its state is reset to the common starting point.
"""

import time

import numpy as np

from harness import PEER, SYMC, System, info, run_case

N_IN, N_HIDDEN, N_OUT, BATCH = 784, 500, 10, 60
LR = 0.01


def make_problem(dtype):
    rng = np.random.default_rng(0)
    x = rng.random((BATCH, N_IN)).astype(dtype)
    y = rng.integers(0, N_OUT, size=BATCH).astype(np.int64)
    bound = np.sqrt(6.0 / (N_IN + N_HIDDEN))
    params = (rng.uniform(-bound, bound, (N_IN, N_HIDDEN)).astype(dtype), np.zeros(N_HIDDEN, dtype),
              (0.1 * rng.standard_normal((N_HIDDEN, N_OUT))).astype(dtype), np.zeros(N_OUT, dtype))
    return x, y, params


def numpy_reference(x, y, params):
    """(loss, new params) of one step in float64, written out in NumPy."""
    x = x.astype(np.float64)
    w1, b1, w2, b2 = (p.astype(np.float64) for p in params)
    h = np.tanh(x @ w1 + b1)
    s = h @ w2 + b2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = -np.mean(np.log(p[rows, y]))
    ds = p.copy()
    ds[rows, y] -= 1
    ds /= len(y)
    dh = (ds @ w2.T) * (1 - h * h)
    grads = (x.T @ dh, dh.sum(axis=0), h.T @ ds, ds.sum(axis=0))
    return loss, tuple(v - LR * g for v, g in zip((w1, b1, w2, b2), grads))


def checked(step, get_params, set_params, problem):
    """Runs one step, compares it with NumPy, restores the starting state and
    returns ``step``."""
    x, y, params = problem
    loss_ref, params_ref = numpy_reference(x, y, params)
    tol = 1e-9 if x.dtype == np.float64 else 2e-4
    loss = step()
    if not np.allclose(np.float64(loss), loss_ref, rtol=tol, atol=tol):
        raise AssertionError(f"the first step's loss {float(loss)} differs from NumPy's {loss_ref}")
    for name, got, want in zip(("W1", "b1", "W2", "b2"), get_params(), params_ref):
        if not np.allclose(np.asarray(got, dtype=np.float64), want, rtol=tol, atol=tol):
            raise AssertionError(f"the first step's {name} differs from NumPy's")
    set_params([p.copy() for p in params])
    return step


def numpy_step(problem):
    """The step as a NumPy user writes it, with in-place parameter updates."""
    x, y, params = problem
    state = [p.copy() for p in params]
    rows = np.arange(len(y))
    lr = x.dtype.type(LR)
    inv_n = x.dtype.type(1.0 / len(y))

    def step():
        w1, b1, w2, b2 = state
        h = np.tanh(x @ w1 + b1)
        s = h @ w2 + b2
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(p[rows, y]))
        p[rows, y] -= 1
        p *= inv_n
        dh = (p @ w2.T) * (1 - h * h)
        w2 -= lr * (h.T @ p)
        b2 -= lr * p.sum(axis=0)
        w1 -= lr * (x.T @ dh)
        b1 -= lr * dh.sum(axis=0)
        return loss

    def set_params(values):
        state[:] = values
    return checked(step, lambda: state, set_params, problem)


def symc_system(problem, cache_dir):
    def factory():
        import symc
        import symc.tensor as st
        if cache_dir:
            symc.config.compiledir = cache_dir
        x, y, params0 = problem
        dtype = x.dtype.name
        params = [symc.shared(p.copy(), name=n) for n, p in zip(("W1", "b1", "W2", "b2"), params0)]
        w1, b1, w2, b2 = params
        tx, ty = st.tensor(dtype, shape=(None, None), name="x"), st.lvector("y")
        h = st.tanh(st.dot(tx, w1) + b1)
        probs = st.nnet.softmax(st.dot(h, w2) + b2)
        loss = st.nnet.categorical_crossentropy(probs, ty).mean()
        grads = symc.grad(loss, params)
        lr = np.asarray(LR, dtype)
        t0 = time.perf_counter()
        f = symc.function([tx, ty], loss, updates=[(p, p - lr * g) for p, g in zip(params, grads)], name="b3")
        info(f"B3 {dtype} symc: symc.function, compile_s={time.perf_counter() - t0:.4g}")

        def set_params(values):
            for p, v in zip(params, values):
                p.set_value(v)
        return checked(lambda: f(x, y), lambda: [p.get_value(borrow=True) for p in params], set_params, problem)
    return factory


def pytensor_system(problem, mode):
    def factory():
        import pytensor
        import pytensor.tensor as pt
        x, y, params0 = problem
        params = [pytensor.shared(p.copy(), name=n) for n, p in zip(("W1", "b1", "W2", "b2"), params0)]
        w1, b1, w2, b2 = params
        tx, ty = pt.matrix("x", dtype=x.dtype), pt.lvector("y")
        h = pt.tanh(pt.dot(tx, w1) + b1)
        probs = pt.special.softmax(pt.dot(h, w2) + b2, axis=-1)
        loss = -pt.mean(pt.log(probs)[pt.arange(ty.shape[0]), ty])
        grads = pytensor.grad(loss, params)
        lr = np.asarray(LR, x.dtype)
        kwargs = {"mode": mode} if mode else {}
        f = pytensor.function([tx, ty], loss, updates=[(p, p - lr * g) for p, g in zip(params, grads)], **kwargs)
        f.trust_input = True

        def set_params(values):
            for p, v in zip(params, values):
                p.set_value(v)
        return checked(lambda: f(x, y), lambda: [p.get_value() for p in params], set_params, problem)
    return factory


def jax_system(problem):
    def factory():
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        x, y, params0 = problem

        def loss_fn(params, xs, ys):
            w1, b1, w2, b2 = params
            h = jnp.tanh(xs @ w1 + b1)
            logp = jax.nn.log_softmax(h @ w2 + b2, axis=-1)
            return -jnp.mean(jnp.take_along_axis(logp, ys[:, None], axis=1))

        @jax.jit
        def update(params, xs, ys):
            loss, grads = jax.value_and_grad(loss_fn)(params, xs, ys)
            return loss, tuple(v - LR * g for v, g in zip(params, grads))

        jx, jy = jnp.asarray(x), jnp.asarray(y)
        state = {"params": tuple(jnp.asarray(p) for p in params0)}

        def step():
            loss, state["params"] = update(state["params"], jx, jy)
            return np.asarray(loss.block_until_ready())

        def set_params(values):
            state["params"] = tuple(jnp.asarray(v) for v in values)
        return checked(step, lambda: [np.asarray(p) for p in state["params"]], set_params, problem)
    return factory


def torch_system(problem, threads):
    def factory():
        import torch
        if threads == "single":
            torch.set_num_threads(1)
        x, y, params0 = problem
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)
        params = [torch.tensor(p, requires_grad=True) for p in params0]

        def step():
            w1, b1, w2, b2 = params
            h = torch.tanh(tx @ w1 + b1)
            loss = torch.nn.functional.cross_entropy(h @ w2 + b2, ty)
            for p in params:
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p.sub_(LR * p.grad)
            return loss.item()

        def set_params(values):
            with torch.no_grad():
                for p, v in zip(params, values):
                    p.copy_(torch.from_numpy(v))
        return checked(step, lambda: [p.detach().numpy().copy() for p in params], set_params, problem)
    return factory


def run(threads, cache_dir, samples):
    for dtype in (np.float64, np.float32):
        problem = make_problem(dtype)
        x, y, params = problem
        case = "f64" if dtype == np.float64 else "f32"
        reference = np.asarray(numpy_reference(x, y, params)[0])
        tol = 1e-9 if dtype == np.float64 else 2e-4
        calls = 10
        systems = [
            System("symc", symc_system(problem, cache_dir), SYMC, calls_per_sample=calls),
            System("numpy", lambda: numpy_step(problem), PEER, calls_per_sample=calls),
            System("pytensor", pytensor_system(problem, None), PEER, calls_per_sample=calls),
            System("pytensor-cvm", pytensor_system(problem, "CVM"), PEER, calls_per_sample=calls),
            System("pytensor-numba", pytensor_system(problem, "NUMBA"), PEER, calls_per_sample=calls),
            System("jax", jax_system(problem), PEER, calls_per_sample=calls),
            System("torch", torch_system(problem, threads), PEER, calls_per_sample=calls),
        ]
        run_case("B3", case, threads, systems, reference, samples=samples, rtol=tol, atol=tol)
