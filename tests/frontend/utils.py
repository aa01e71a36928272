"""Helpers shared by the frontend tests."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from symc.compile import reference
from symc.graph import Constant, graph_inputs, toposort
from symc.printing import debugprint

ROOT = Path(__file__).resolve().parents[2]


def free_inputs(outputs):
    """The non-constant root variables of ``outputs``, in order of first use."""
    return [v for v in graph_inputs(outputs) if not isinstance(v, Constant)]


def evaluate(outputs, values):
    """Reference evaluation of ``outputs`` with ``values`` ({variable: array}),
    checking every intermediate value against its static type."""
    single = not isinstance(outputs, (list, tuple))
    outs = [outputs] if single else list(outputs)
    inputs = list(values)
    results = reference.evaluate(inputs, outs, [values[v] for v in inputs], check_types=True)
    return results[0] if single else results


def assert_equal_graphs(got, expected):
    """Structural equality of two graphs (same Ops with equal props, same
    wiring, same root variables and constant values); prints both on
    failure (PyTensor's assert_equal_computations)."""
    got = got if isinstance(got, (list, tuple)) else [got]
    expected = expected if isinstance(expected, (list, tuple)) else [expected]

    def signature(outputs):
        ids = {}
        sig = []
        for node in toposort(outputs):
            args = []
            for v in node.inputs:
                if v.owner is not None:
                    args.append(ids[id(v)])
                elif isinstance(v, Constant):
                    args.append(("const", v.type, v.data.tobytes()))
                else:
                    args.append(("root", id(v)))
            for out in node.outputs:
                ids[id(out)] = len(ids)
            sig.append((node.op, tuple(args), tuple(o.type for o in node.outputs)))
        roots = [ids.get(id(o), ("root", id(o))) for o in outputs]
        return sig, roots

    if signature(got) != signature(expected):
        raise AssertionError("graphs differ\n--- got:\n" + debugprint(got, file="str", print_type=True)
                             + "--- expected:\n" + debugprint(expected, file="str", print_type=True))


def symc_opt_path():
    """symc-opt from $SYMC_OPT, next to the interpreter, on PATH or in the
    build tree; None when it is not built."""
    candidates = [os.environ.get("SYMC_OPT"), str(Path(sys.executable).parent / "symc-opt"),
                  shutil.which("symc-opt"), str(ROOT / "build" / "cmake" / "bin" / "symc-opt")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


SYMC_OPT = symc_opt_path()
needs_symc_opt = pytest.mark.skipif(SYMC_OPT is None, reason="symc-opt is not built (set SYMC_OPT or run make setup)")


def verify_ir(ir, pipeline=None):
    """Runs symc-opt on ``ir`` (verification, and ``pipeline`` if given);
    returns its output or fails the test with the diagnostics."""
    args = [SYMC_OPT, "-"]
    if pipeline:
        args.append(f"--pass-pipeline={pipeline}")
    proc = subprocess.run(args, input=ir, capture_output=True, text=True)
    if proc.returncode:
        pytest.fail(f"symc-opt rejected the IR:\n{proc.stderr}\n--- IR:\n{ir}")
    return proc.stdout


def check_lines(text, patterns):
    """FileCheck-like: each regex of ``patterns`` matches a line, in order."""
    lines = text.splitlines()
    pos = 0
    for pattern in patterns:
        regex = re.compile(pattern)
        while pos < len(lines) and not regex.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            raise AssertionError(f"pattern {pattern!r} not found (in order) in:\n{text}")
        pos += 1


def rng(seed=0):
    return np.random.default_rng(seed)
