"""SYMC_GUARD_ALLOCATIONS=1 (runtime/README.md): every buffer ends where an
inaccessible page begins, so generated code that writes past a buffer faults
at once. Each case runs in a child process, since the mode is read once per
process and a fault ends it."""

import os
import signal
import subprocess
import sys
import textwrap

from function_support import skip_module_without_native

skip_module_without_native()

from conftest import UPSTREAM_PIPELINE  # noqa: E402


def _run(script, guard):
    env = dict(os.environ)
    if guard:
        env["SYMC_GUARD_ALLOCATIONS"] = "1"
    else:
        env.pop("SYMC_GUARD_ALLOCATIONS", None)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True,
                          text=True, timeout=300)


def test_functions_compute_the_same_with_guarded_buffers(tmp_path):
    # Elementwise code, a BLAS product, a reduction, a scan and an update of
    # a shared variable, each buffer on pages of its own.
    script = f"""
        import numpy as np, symc, symc.tensor as st
        symc.config.compiledir = {str(tmp_path)!r}
        x, a = st.dvector("x"), st.dmatrix("a")
        w = symc.shared(np.ones(3), name="w")
        h, _ = symc.scan(lambda v, acc: acc + v * 2, sequences=[x], outputs_info=[st.zeros(())])
        f = symc.function([x, a], [st.tanh(x) * 2 + 1, st.dot(a, x), (a * a).sum(axis=0), h],
                          updates=[(w, w + x)])
        v, m = np.arange(3.0), np.arange(9.0).reshape(3, 3)
        for _ in range(3):
            got = f(v, m)
        want = [np.tanh(v) * 2 + 1, m @ v, (m * m).sum(axis=0), np.cumsum(v * 2)]
        for g, e in zip(got, want):
            np.testing.assert_allclose(g, e, rtol=1e-12)
        np.testing.assert_array_equal(w.get_value(), 1 + 3 * v)
        print("same")
    """
    done = _run(script, guard=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"


def test_a_write_past_a_buffer_faults_at_once(tmp_path):
    # Hand-written code that stores one element past an 8-element buffer
    # (64 bytes: the next byte is the guard page's).
    ir = """
        func.func @oob(%x: memref<8xf64>) -> memref<8xf64> attributes {llvm.emit_c_interface} {
          %c0 = arith.constant 0 : index
          %v = memref.load %x[%c0] : memref<8xf64>
          %b = memref.alloc() : memref<8xf64>
          %past = arith.constant 8 : index
          %raw = memref.reinterpret_cast %b to offset: [0], sizes: [16], strides: [1] : memref<8xf64> to memref<16xf64>
          memref.store %v, %raw[%past] : memref<16xf64>
          return %b : memref<8xf64>
        }
    """
    script = f"""
        import numpy as np
        from symc.compile import native
        exe = native.compile({ir!r}, "oob", pipeline={UPSTREAM_PIPELINE!r}, cache_dir=None)
        exe(np.ones(8))
        print("returned")
    """
    guarded = _run(script, guard=True)
    assert guarded.returncode == -signal.SIGSEGV, (guarded.returncode, guarded.stderr[-2000:])
    assert "returned" not in guarded.stdout


def test_a_size_check_fires_before_the_producer_it_guards(tmp_path):
    # In this gradient, y * y + 0.5 took the divides' static 3 x 2 as its
    # buffer's shape (linalg's static-shape inference); with y of 17 rows
    # its loop wrote 17 rows into that buffer before the divide's check
    # ran, a heap corruption that guarded buffers turn into a crash
    # (symc-hoist-checks puts the check first).
    script = f"""
        import numpy as np, symc, symc.tensor as st
        symc.config.compiledir = {str(tmp_path)!r}
        x = st.tensor("float32", shape=(3, None))
        y = st.tensor("float32", shape=(None, 2))
        d = x / (y * y + 0.5)
        cost = st.sqr(d).sum()
        f = symc.function([x, y], [cost] + symc.grad(cost, [x, y]))
        ones = np.ones((3, 2), "float32")
        np.testing.assert_allclose(f(ones, ones)[0], 6 / 1.5 ** 2, rtol=1e-6)
        try:
            f(ones, np.ones((17, 2), "float32"))
        except ValueError as error:
            print(error)
    """
    done = _run(script, guard=True)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "operand #1 has size 17 along dimension 0 but the other operands have 3" in done.stdout
