"""Timing harness shared by the workloads of BENCHMARKS.md.

A case is a list of systems (symc, NumPy, the peers, reference floors),
each built by a factory returning a zero-argument callable. Every system
runs in a process of its own, forked from the workload's process once the
case's data exist (BENCHMARKS.md: each system in its own process): one
library's thread pools, allocator state or crash cannot touch another
system's numbers. The harness starts them one at a time; each builds its
system (a factory that raises marks it failed, with the reason; a process
that dies marks it failed with its exit status), times its first call,
checks its result against the case's reference and warms up. Then the
harness times the systems round-robin (one sample of every system, then
the next round), so that load changes on a shared machine hit every system
alike, and reports the median and minimum of the samples and the time of
the first call. Under default threading it pauses before each sample until
the pools of the system before have stopped spinning (SETTLE_S).

Output follows BENCHMARKS.md exactly:

    RESULT <workload> <case> <system> threads=<single|default> median_s=... min_s=...
           first_s=... ratio_vs_numpy=... ratio_vs_best_peer=...

(one line; ratio = other time / this time, so > 1 means faster). Failed
systems print nan values; why they failed, and compile times, go to INFO
lines, which carry no RESULT.
"""

import math
import multiprocessing
import os
import signal
import statistics
import sys
import time
import traceback

import numpy as np

#: Pause before each sample under default threading. The thread pools of a
#: system that just ran (OpenBLAS's, OpenMP's) spin for tens of milliseconds
#: before they sleep, on the cores the next system needs: B3 f32's symc step
#: took 1.3 ms right after NumPy's, 0.65 ms alone, and 0.76 ms after a pause
#: of 0.2 s. Single-thread pools have no thread to spin.
SETTLE_S = 0.25

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
    """Builds, checks and times `systems`, each in a process of its own;
    prints the RESULT lines."""
    workers = []
    try:
        for s in systems:
            worker = _Worker(s, lambda s=s: _prepare(workload, case, threads, s, reference, warmup, rtol, atol),
                             workers)
            workers.append(worker)
            worker.ready()
        live = [w for w in workers if w.system.failed is None]
        start = time.perf_counter()
        for _ in range(samples):
            for w in live:
                if w.system.failed is None:
                    if threads == "default":
                        time.sleep(SETTLE_S)
                    w.sample()
            if budget_s is not None and time.perf_counter() - start > budget_s and \
                    all(len(w.system.samples) >= 7 for w in live if w.system.failed is None):
                break
    finally:
        for w in workers:
            w.stop()
    report(workload, case, threads, systems)


def _prepare(workload, case, threads, s, reference, warmup, rtol, atol):
    """In the system's process: build it, time its first call, check it and
    warm up (s.failed says why when one of them fails)."""
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


def _time_sample(s):
    n = s.calls_per_sample
    fn = s.fn
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


class _Worker:
    """One system's process: forked with the case's data, it prepares the
    system, then answers each request with the seconds of one sample.
    Requests and answers go over a pipe, and the timing is done in the
    system's own process, so the pipe costs no sample anything."""

    def __init__(self, system, prepare, siblings):
        self.system = system
        self.conn, child = multiprocessing.Pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            status = 1
            try:
                # Only the harness may hold a system's end of its pipe: a
                # system waiting for requests then sees the harness go away.
                for w in [*siblings, self]:
                    w.conn.close()
                _serve(system, prepare, child)
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        child.close()

    def ready(self):
        """Waits until the system is prepared; takes its first_s or why it failed."""
        answer = self._ask(None)
        if answer is not None:
            self.system.first_s, failed = answer
            if failed is not None:
                self.system.fail(failed)

    def sample(self):
        answer = self._ask("sample")
        if answer is None:
            return
        kind, value = answer
        if kind == "ok":
            self.system.samples.append(value)
        else:
            self.system.fail(value)

    def _ask(self, request):
        try:
            if request is not None:
                self.conn.send(request)
            return self.conn.recv()
        except (EOFError, OSError):
            self.system.fail(f"its process died ({self._status()})")
            return None

    def _status(self):
        if self.pid is None:
            return "already stopped"
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.WIFSIGNALED(status):
            return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
        return f"exit status {os.WEXITSTATUS(status)}"

    def stop(self):
        if self.pid is None:
            return
        try:
            self.conn.send("stop")
        except OSError:
            pass
        self.conn.close()
        os.waitpid(self.pid, 0)
        self.pid = None


def _serve(s, prepare, conn):
    """The system's process: prepare, then sample on request until told to stop."""
    prepare()
    conn.send((s.first_s, s.failed))
    if s.failed is not None:
        return
    while conn.recv() == "sample":
        try:
            conn.send(("ok", _time_sample(s)))
        except Exception as e:
            conn.send(("failed", f"{type(e).__name__}: {e}"))
            return


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
