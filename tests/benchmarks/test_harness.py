"""The benchmark harness (benchmarks/harness.py): one process per system,
failures reported per system, RESULT lines as BENCHMARKS.md spells them."""

import faulthandler
import os
import signal
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
import harness  # noqa: E402
from harness import PEER, SYMC, System, run_case  # noqa: E402


def _results(out):
    rows = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            fields = line.split()
            values = dict(f.split("=", 1) for f in fields[4:])
            rows[fields[3]] = {k: float(v) if k != "threads" else v for k, v in values.items()}
    return rows


def _pid_system(path):
    """A system that records the pid of the process it is built and called in."""
    def factory():
        def fn():
            with open(path, "a") as f:
                f.write(f"{os.getpid()}\n")
            return np.ones(3)
        return fn
    return factory


def test_each_system_runs_in_a_process_of_its_own(tmp_path, capfd):
    paths = [tmp_path / f"{name}.pids" for name in ("symc", "numpy", "jax")]
    systems = [System(p.stem, _pid_system(p), SYMC if p.stem == "symc" else PEER) for p in paths]
    run_case("T", "c", "single", systems, np.ones(3), samples=7)
    rows = _results(capfd.readouterr().out)
    assert set(rows) == {"symc", "numpy", "jax"}
    assert all(r["median_s"] > 0 and r["threads"] == "single" for r in rows.values())
    pids = [set(p.read_text().split()) for p in paths]
    # first call + 2 warm-up calls + 7 samples, all in one process per system
    assert all(len(p) == 1 for p in pids)
    assert len(set.union(*pids)) == 3 and str(os.getpid()) not in set.union(*pids)
    assert all(len(p.read_text().split()) == 10 for p in paths)


def test_a_system_that_crashes_or_is_wrong_is_reported_failed_and_the_others_still_run(capfd):
    def crash():
        faulthandler.disable()  # pytest's handler would print the crash of this child
        os.kill(os.getpid(), signal.SIGSEGV)

    def fails_later():
        calls = []

        def fn():
            calls.append(1)
            if len(calls) > 4:
                raise RuntimeError("boom")
            return np.ones(3)
        return fn
    systems = [System("symc", lambda: (lambda: np.ones(3)), SYMC),
               System("numpy", lambda: (lambda: np.ones(3) * 2), PEER),
               System("jax", crash, PEER),
               System("torch", fails_later, PEER),
               System("numba", lambda: (lambda: np.ones(3)), PEER)]
    run_case("T", "c", "single", systems, np.ones(3), samples=7)
    out = capfd.readouterr().out
    rows = _results(out)
    assert "FAILED: result differs from the NumPy reference" in out
    assert "jax threads=single FAILED: its process died (signal SIGSEGV)" in out
    assert "torch threads=single FAILED: RuntimeError: boom" in out
    for name in ("numpy", "jax", "torch"):
        assert np.isnan(rows[name]["median_s"])
    assert rows["symc"]["median_s"] > 0 and rows["numba"]["median_s"] > 0
    # the only live peer is the best one symc is compared with
    assert rows["symc"]["ratio_vs_best_peer"] == pytest.approx(rows["numba"]["median_s"] / rows["symc"]["median_s"],
                                                                rel=1e-3)


def test_default_threading_pauses_before_each_sample(monkeypatch, capfd):
    pauses = []
    monkeypatch.setattr(harness.time, "sleep", pauses.append)
    systems = [System("symc", lambda: (lambda: np.ones(3)), SYMC), System("numpy", lambda: (lambda: np.ones(3)), PEER)]
    run_case("T", "c", "default", systems, np.ones(3), samples=7)
    assert pauses == [harness.SETTLE_S] * 14
    run_case("T", "c", "single", systems[:1], np.ones(3), samples=7)
    assert len(pauses) == 14
    capfd.readouterr()
