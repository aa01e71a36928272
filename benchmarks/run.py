"""Runs the workloads of BENCHMARKS.md for symc and its peers (``make bench``).

Usage: python benchmarks/run.py [--workloads B1,B2,B3,B5] [--threads single,default] [--samples 9]

Each threading setting runs in a fresh worker process, because the thread
counts of OpenBLAS, OpenMP, XLA and numba are fixed when those libraries
load. Within a worker every case forks one process per system and times
them round-robin (see harness.py), and prints the RESULT lines of
BENCHMARKS.md; INFO lines say which symc path ran, compile times and why a
peer failed.
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = ("B1", "B2", "B3", "B4", "B5", "B7")

SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "SYMC_FLAGS": "num_threads=1",
}


def worker(args):
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(HERE, "workloads"))
    import importlib
    from harness import info
    info(f"threads={args.threads} python={sys.executable}")
    for name in args.workloads.split(","):
        module = importlib.import_module(name.lower())
        module.run(args.threads, args.cache_dir, args.samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--threads", default="single,default")
    parser.add_argument("--samples", type=int, default=9)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.samples < 7:
        parser.error("BENCHMARKS.md asks for medians of at least 7 samples")
    if args.worker:
        return worker(args)
    status = 0
    with tempfile.TemporaryDirectory(prefix="symc-bench-cache-") as cache_dir:
        for threads in args.threads.split(","):
            env = dict(os.environ)
            for key in SINGLE_THREAD_ENV:
                env.pop(key, None)
            if threads == "single":
                env.update(SINGLE_THREAD_ENV)
            # Peers must not write into the source tree or the user's caches.
            env.setdefault("PYTENSOR_FLAGS", f"compiledir={os.path.join(cache_dir, 'pytensor')}")
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--threads", threads,
                   "--workloads", args.workloads, "--samples", str(args.samples), "--cache-dir", cache_dir]
            status |= subprocess.call(cmd, env=env)
    return status


if __name__ == "__main__":
    sys.exit(main())
