"""Timing harness shared by the workloads of BENCHMARKS.md.

A case is a list of systems (symc, NumPy, the peers, reference floors),
each built by a factory returning a zero-argument callable. The harness
builds them all (a factory that raises marks its system failed, with the
reason), checks each result against the case's reference, then times the
systems round-robin (one sample of every system, then the next round), so
that load changes on a shared machine hit every system alike, and reports
the median and minimum of the samples and the time of the first call.

Output follows BENCHMARKS.md exactly:

    RESULT <workload> <case> <system> threads=<single|default> median_s=... min_s=...
           first_s=... ratio_vs_numpy=... ratio_vs_best_peer=...

(one line; ratio = other time / this time, so > 1 means faster). Failed
systems print nan values; why they failed, and compile times, go to INFO
lines, which carry no RESULT.
"""

import math
import statistics
import time
import traceback

import numpy as np

#: Kinds of system: peers compete (best peer); floors and symc do not.
PEER, SYMC, FLOOR = "peer", "symc", "floor"


class System:
    def __init__(self, name, factory, kind=PEER, calls_per_sample=1, check=True):
        self.name = name
        self.factory = factory
        self.kind = kind
        self.calls_per_sample = calls_per_sample
        self.check = check
        self.fn = None
        self.failed = None
        self.first_s = math.nan
        self.samples = []

    def fail(self, reason):
        self.failed = " ".join(str(reason).split())[:300]


def _close(got, expected, rtol, atol):
    got = np.asarray(got)
    return got.shape == expected.shape and np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def run_case(workload, case, threads, systems, reference, samples=9, warmup=2, rtol=1e-6, atol=1e-6,
             budget_s=None):
    """Builds, checks and times `systems`; prints the RESULT lines."""
    for s in systems:
        try:
            s.fn = s.factory()
            t0 = time.perf_counter()
            out = s.fn()
            s.first_s = time.perf_counter() - t0
            if s.check and reference is not None and not _close(out, reference, rtol, atol):
                s.fail("result differs from the NumPy reference")
            for _ in range(warmup):
                s.fn()
        except Exception as e:  # a peer that fails is reported, not dropped
            s.fail(f"{type(e).__name__}: {e}")
            info(f"{workload} {case} {s.name} threads={threads} failed: "
                 + traceback.format_exc().strip().splitlines()[-1][:300])
    live = [s for s in systems if s.failed is None]
    start = time.perf_counter()
    for _ in range(samples):
        for s in live:
            if s.failed is not None:
                continue
            try:
                n = s.calls_per_sample
                fn = s.fn
                t0 = time.perf_counter()
                for _ in range(n):
                    fn()
                s.samples.append((time.perf_counter() - t0) / n)
            except Exception as e:
                s.fail(f"{type(e).__name__}: {e}")
        if budget_s is not None and time.perf_counter() - start > budget_s and \
                all(len(s.samples) >= 7 for s in live if s.failed is None):
            break
    report(workload, case, threads, systems)


def report(workload, case, threads, systems):
    medians = {s.name: statistics.median(s.samples) for s in systems if s.failed is None and s.samples}
    numpy_t = medians.get("numpy", math.nan)
    peers = {s.name: medians[s.name] for s in systems if s.kind == PEER and s.name in medians}
    for s in systems:
        if s.name not in medians:
            print(f"RESULT {workload} {case} {s.name} threads={threads} median_s=nan min_s=nan first_s=nan "
                  f"ratio_vs_numpy=nan ratio_vs_best_peer=nan", flush=True)
            info(f"{workload} {case} {s.name} threads={threads} FAILED: {s.failed}")
            continue
        t = medians[s.name]
        others = [v for k, v in peers.items() if k != s.name]
        best = min(others) if others else math.nan
        print(f"RESULT {workload} {case} {s.name} threads={threads} median_s={t:.6g} min_s={min(s.samples):.6g} "
              f"first_s={s.first_s:.6g} ratio_vs_numpy={numpy_t / t:.4g} ratio_vs_best_peer={best / t:.4g}",
              flush=True)
    if peers:
        best_name = min(peers, key=peers.get)
        info(f"{workload} {case} threads={threads} best peer: {best_name} {peers[best_name]:.6g} s")


def info(text):
    print(f"INFO {text}", flush=True)
