"""B4, compile time vs graph size: a chain of N elementwise steps on a vector,
``x = tanh(x) * 1.01 + sin(x)`` (4 nodes a step, none of which a rewrite can
delete), N in {100, 1000, 5000, 20000}.

Every sample is a fresh process (``python b4.py --worker ...``), so nothing
of an earlier compilation is in memory. What a sample measures
(BENCHMARKS.md): wall time from the graph built to the first result.

symc rows:

- ``symc``: cold cache (an empty compile directory per process);
- ``symc-warm``: the same graph in another process, its compiled code on
  disk (one process fills the cache first, untimed);
- ``symc-grad``: the gradient of ``sum(chain)`` w.r.t. x, compiled cold
  (the ``symc.grad`` call itself is a stage of its own, not in median_s);
- ``symc-grad-size``: a reference for ``symc-grad``: the forward chain made
  as long as the gradient graph (as many ops: 9 a step against 4, so about
  2.25 N steps), compiled cold. grad/grad-size says what the gradient costs
  beyond its size; grad-size/forward what its size alone costs.

Each symc sample also reports its stages (``f.profile.stages``: graph build,
grad, the frontend's graph and emit, parse, the pipeline's pass groups,
translate, LLVM optimization, codegen, load, first call); the INFO lines
give their medians and the scaling ratios t(5000)/t(1000) and
t(20000)/t(5000).

Peers (N up to 5000: each needs seconds to minutes there, see BENCHMARKS.md):
PyTensor with ``mode="CVM"`` (its graph built before the clock starts, the
recursion limit raised as it needs; its per-Op C code compiled once before
the samples, so that "cold" means a new graph, not an empty C cache), JAX
(``jax.jit``: tracing is part of its compile) and ``torch.compile``
(tracing and Inductor's code generation). A peer that fails or runs past
its time limit is reported as failed.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (100, 1000, 5000, 20000)
PEER_SIZES = (100, 1000, 5000)
SYMC_SYSTEMS = ("symc", "symc-warm", "symc-grad", "symc-grad-size")
# (label, numerator row, denominator row) of the ratios reported per N
RATIOS = (("grad/forward", "symc-grad", "symc"),
          ("grad/grad-size", "symc-grad", "symc-grad-size"),
          ("grad-size/forward", "symc-grad-size", "symc"))
PROCESSES = 3          # fresh processes per (system, N): BENCHMARKS.md asks for >= 3
PEER_TIMEOUT_S = 240   # per process
SYMC_TIMEOUT_S = 300
VECTOR = 64            # elements of x


def _x():
    import numpy as np
    return np.linspace(-2.0, 2.0, VECTOR)


def reference(n, grad):
    """The chain (or its derivative, by forward mode) in NumPy."""
    import numpy as np
    y = _x()
    dy = np.ones_like(y)
    for _ in range(n):
        dy = (1.01 * (1 - np.tanh(y) ** 2) + np.cos(y)) * dy
        y = np.tanh(y) * 1.01 + np.sin(y)
    return dy if grad else y


# -- one sample (runs in its own process) --------------------------------------

def _chain_symc(n):
    """The input x and the chain of n steps from it."""
    import symc.tensor as st
    x = st.dvector("x")
    y = x
    for _ in range(n):
        y = st.tanh(y) * 1.01 + st.sin(y)
    return x, y


def worker_symc(n, kind):
    import numpy as np
    import symc  # (imports symc.tensor before the clock starts)

    stages = []
    t0 = time.perf_counter()
    x, y = _chain_symc(n)
    stages.append(("graph build", time.perf_counter() - t0))
    out = y
    if kind == "grad":
        t0 = time.perf_counter()
        out = symc.grad(y.sum(), x)
        stages.append(("grad", time.perf_counter() - t0))
    xv = _x()
    t0 = time.perf_counter()
    f = symc.function([x], out, profile=True)
    t1 = time.perf_counter()
    result = f(xv)
    t2 = time.perf_counter()
    stages += list(f.profile.stage_groups())
    stages.append(("first call", t2 - t1))
    ok = bool(np.allclose(result, reference(n, kind == "grad"), rtol=1e-9, atol=1e-9))
    return {"seconds": t2 - t0, "ok": ok, "stages": stages, "from_cache": f.profile.from_cache}


def _graph_ops(n, grad):
    """Ops (Apply nodes) of the chain of n steps, or of its gradient."""
    import symc
    from symc.graph.traversal import toposort
    x, y = _chain_symc(n)
    return len(toposort([symc.grad(y.sum(), x) if grad else y]))


def grad_size_steps(n):
    """Steps of the forward chain with as many ops as the gradient of n steps
    (counted on the graphs of 1 and 2 steps: both grow linearly)."""
    f1, f2 = _graph_ops(1, False), _graph_ops(2, False)
    g1, g2 = _graph_ops(1, True), _graph_ops(2, True)
    grad_ops = g1 + (g2 - g1) * (n - 1)
    return max(1, 1 + round((grad_ops - f1) / (f2 - f1)))


def _chain_pytensor(n):
    import pytensor.tensor as pt
    x = pt.vector("x", dtype="float64")
    y = x
    for _ in range(n):
        y = pt.tanh(y) * 1.01 + pt.sin(y)
    return x, y


def worker_pytensor(n):
    import pytensor
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 50 * n + 10000))
    x, y = _chain_pytensor(n)
    t0 = time.perf_counter()
    f = pytensor.function([x], y, mode="CVM")
    result = f(_x())
    return {"seconds": time.perf_counter() - t0, "result": result}


def worker_jax(n):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    def chain(a):
        for _ in range(n):
            a = jnp.tanh(a) * 1.01 + jnp.sin(a)
        return a
    xv = jnp.asarray(_x())
    t0 = time.perf_counter()
    f = jax.jit(chain)
    result = f(xv).block_until_ready()
    return {"seconds": time.perf_counter() - t0, "result": result}


def worker_torch(n, threads):
    import torch
    if threads == "single":
        torch.set_num_threads(1)

    def chain(a):
        for _ in range(n):
            a = torch.tanh(a) * 1.01 + torch.sin(a)
        return a
    xv = torch.from_numpy(_x())
    t0 = time.perf_counter()
    f = torch.compile(chain)
    result = f(xv)
    return {"seconds": time.perf_counter() - t0, "result": result.numpy()}


def worker(args):
    if args.system == "symc-grad-size":
        steps = grad_size_steps(args.n)
        out = worker_symc(steps, "forward")
        out["steps"] = steps
    elif args.system in ("symc", "symc-warm", "symc-grad"):
        out = worker_symc(args.n, "grad" if args.system == "symc-grad" else "forward")
    else:
        import numpy as np
        if args.system == "pytensor-cvm":
            out = worker_pytensor(args.n)
        elif args.system == "jax":
            out = worker_jax(args.n)
        elif args.system == "torch-compile":
            out = worker_torch(args.n, args.threads)
        else:
            raise SystemExit(f"unknown system {args.system}")
        out["ok"] = bool(np.allclose(np.asarray(out.pop("result")), reference(args.n, False), rtol=1e-9, atol=1e-9))
    print("B4JSON " + json.dumps(out), flush=True)


# -- the driver (runs in the benchmark's worker) ---------------------------------

def _sample(system, n, threads, env, timeout):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--system", system, "--n", str(n),
           "--threads", threads]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"ran past {timeout} s")
    for line in done.stdout.splitlines():
        if line.startswith("B4JSON "):
            return json.loads(line[len("B4JSON "):])
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    raise RuntimeError(f"exit {done.returncode}: {tail[0][:300]}")


def _symc_env(cache):
    env = dict(os.environ)
    flags = [f for f in env.get("SYMC_FLAGS", "").split(",") if f and not f.startswith("compiledir=")]
    env["SYMC_FLAGS"] = ",".join(flags + [f"compiledir={cache}"])
    env.pop("SYMC_ALWAYS_COMPILE", None)
    return env


def _median_stages(samples):
    names = []
    for s in samples:
        for name, _ in s["stages"]:
            if name not in names:
                names.append(name)
    return [(name, statistics.median([dict(s["stages"]).get(name, 0.0) for s in samples])) for name in names]


def _stage_line(case, system, threads, samples):
    parts = " ".join(f"{name.replace(' ', '_').replace(':', '')}={sec:.4g}" for name, sec in _median_stages(samples))
    return f"B4 {case} {system} threads={threads} stages_s: {parts}"


def run(threads, cache_dir, samples, processes=PROCESSES, sizes=SIZES, peers=None):
    from harness import PEER, SYMC, System, info, report

    if peers is None:
        peers = os.environ.get("SYMC_B4_PEERS", "pytensor-cvm,jax,torch-compile")
    peers = [p for p in peers.split(",") if p] if threads == "single" else []
    if threads != "single":
        info("B4 peers run with threads=single only (compile time does not depend on the kernels' threads)")
    root = tempfile.mkdtemp(prefix="symc-b4-", dir=cache_dir)
    times = {}
    try:
        # PyTensor's per-Op C code, compiled once so that its samples measure a new graph.
        pt_env = dict(os.environ)
        pt_env["PYTENSOR_FLAGS"] = f"compiledir={os.path.join(root, 'pytensor')}"
        if "pytensor-cvm" in peers:
            try:
                _sample("pytensor-cvm", 2, threads, pt_env, PEER_TIMEOUT_S)
            except Exception as e:
                info(f"B4 pytensor-cvm warm-up failed: {e}")
        for n in sizes:
            case = f"n{n}"
            systems = []
            for name in SYMC_SYSTEMS:
                s = System(name, None, SYMC)
                runs = []
                warm_cache = os.path.join(root, f"warm-{n}")
                try:
                    if name == "symc-warm":
                        _sample("symc", n, threads, _symc_env(warm_cache), SYMC_TIMEOUT_S)
                    for k in range(processes):
                        cache = warm_cache if name == "symc-warm" else os.path.join(root, f"{name}-{n}-{k}")
                        out = _sample(name, n, threads, _symc_env(cache), SYMC_TIMEOUT_S)
                        if not out["ok"]:
                            raise RuntimeError("result differs from the NumPy reference")
                        if name == "symc-warm" and not out["from_cache"]:
                            raise RuntimeError("the warm sample did not load from the disk cache")
                        runs.append(out)
                        s.samples.append(out["seconds"])
                    s.first_s = runs[0]["seconds"]
                    if name == "symc-grad-size":
                        info(f"B4 {case} symc-grad-size: the forward chain of {runs[0]['steps']} steps")
                    info(_stage_line(case, name, threads, runs))
                except Exception as e:
                    s.fail(f"{type(e).__name__}: {e}")
                systems.append(s)
            for name in peers:
                s = System(name, None, PEER)
                if n not in PEER_SIZES:
                    s.fail(f"not run at N={n} (peers run up to N={PEER_SIZES[-1]}: minutes per sample)")
                    systems.append(s)
                    continue
                try:
                    for _ in range(processes):
                        out = _sample(name, n, threads, pt_env, PEER_TIMEOUT_S)
                        if not out["ok"]:
                            raise RuntimeError("result differs from the NumPy reference")
                        s.samples.append(out["seconds"])
                    s.first_s = s.samples[0]
                except Exception as e:
                    s.fail(f"{type(e).__name__}: {e}")
                systems.append(s)
            report("B4", case, threads, systems)
            for s in systems:
                if s.samples and s.failed is None:
                    times[(s.name, n)] = statistics.median(s.samples)
        for name in SYMC_SYSTEMS:
            for a, b in ((1000, 5000), (5000, 20000)):
                if (name, a) in times and (name, b) in times:
                    info(f"B4 {name} threads={threads} t({b})/t({a})={times[(name, b)] / times[(name, a)]:.3f}")
        for n in sizes:
            ratios = [f"{label}={times[(a, n)] / times[(b, n)]:.3f}" for label, a, b in RATIOS
                      if (a, n) in times and (b, n) in times]
            if ratios:
                info(f"B4 n{n} threads={threads} " + " ".join(ratios))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description="B4 compile time vs graph size")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--system", default="symc")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--threads", default="single")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--processes", type=int, default=PROCESSES)
    parser.add_argument("--peers", default=None, help="comma-separated peers (default: all; '' for none)")
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    sys.path.insert(0, os.path.dirname(HERE))
    with tempfile.TemporaryDirectory(prefix="symc-b4-") as cache_dir:
        run(args.threads, cache_dir, 0, processes=args.processes,
            sizes=tuple(int(s) for s in args.sizes.split(",")), peers=args.peers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
