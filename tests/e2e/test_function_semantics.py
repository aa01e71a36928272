"""symc.function's semantics with the real native layer: updates and their
atomicity, givens, In/Out, aliasing of outputs, input checking, the compile
caches and the IR stages."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402


def test_updates_are_atomic_and_after_outputs():
    s = symc.shared(np.array([1.0, 2.0]), name="s")
    t = symc.shared(np.array(10.0), name="t")
    i = st.lscalar("i")
    f = symc.function([i], [s[i], t], updates=[(s, s + t), (t, t * 2)])
    a, b = f(0)
    assert a == 1.0 and b == 10.0
    assert_close(s.get_value(), [11.0, 12.0])
    assert t.get_value() == 20.0
    with pytest.raises(ValueError):
        f(5)
    assert_close(s.get_value(), [11.0, 12.0])
    assert t.get_value() == 20.0


def test_givens_in_out_defaults_and_names():
    x, y = st.dvector("x"), st.dvector("y")
    k = st.dscalar("k")
    f = symc.function([y, symc.In(k, value=2.0)], x * k, givens={x: y + 1})
    assert_close(f(np.array([1.0, 2.0])), [4.0, 6.0])
    assert_close(f(np.array([1.0, 2.0]), k=3.0), [6.0, 9.0])
    g = symc.function([x], symc.Out(x * 2, borrow=True))
    assert_close(g(x=np.ones(2)), [2.0, 2.0])


def test_outputs_never_alias_inputs_or_each_other():
    x = st.dvector("x")
    f = symc.function([x], [x, x, x * 1])
    v = np.ones(3)
    a, b, c = f(v)
    assert not np.shares_memory(a, v) and not np.shares_memory(a, b)
    a2, _, _ = f(v)
    assert not np.shares_memory(a, a2)
    s = symc.shared(np.zeros(2), name="s")
    g = symc.function([], s)
    out = g()
    out[0] = 5.0
    assert s.get_value()[0] == 0.0


def test_input_checking_names_the_input():
    x = st.tensor("float32", shape=(None, 3), name="x")
    f = symc.function([x], x.sum(), name="f")
    with pytest.raises(TypeError, match="'x'"):
        f(np.zeros((2, 3)))                       # float64 would lose precision
    with pytest.raises(TypeError, match="'x'"):
        f(np.zeros(3, np.float32))                # wrong ndim
    with pytest.raises(ValueError):
        f(np.zeros((2, 4), np.float32))           # static size
    assert f(np.ones((2, 3), np.int16)) == 6.0    # safe upcast
    g = symc.function([x], x.sum(), allow_input_downcast=True)
    assert g(np.ones((2, 3))) == 6.0


def test_run_time_broadcast_mismatch_points_at_the_user_line():
    a, b = st.dvector("a"), st.dvector("b")
    out = a + b; line = __import__("inspect").currentframe().f_lineno  # noqa: E702
    f = symc.function([a, b], out)
    with pytest.raises(ValueError) as err:
        f(np.ones(3), np.ones(4))
    assert f"test_function_semantics.py:{line}" in str(err.value)


def test_shared_value_of_wrong_static_shape_is_reported():
    s = symc.shared(np.zeros(3), shape=(3,), name="s")
    f = symc.function([], s * 2)
    s.container.value = np.zeros(4)   # bypasses set_value's own check
    with pytest.raises(ValueError):
        f()


def test_in_process_cache():
    x = st.dvector("x")
    out = st.exp(x) + 1
    f, g = symc.function([x], out), symc.function([x], out)
    assert f.maker.executable is g.maker.executable


def test_persistent_cache_serves_a_second_process(tmp_path):
    script = textwrap.dedent(f"""
        import symc, symc.tensor as st, numpy as np
        symc.config.compiledir = {str(tmp_path)!r}
        x = st.dvector("x")
        f = symc.function([x], st.tanh(x) * 3)
        assert np.allclose(f(np.ones(2)), np.tanh(1) * 3)
        print(f.maker.executable.from_cache)
    """)
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ))
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ))
    assert first.returncode == 0, first.stderr
    assert (first.stdout.strip(), second.stdout.strip()) == ("False", "True")


def test_dump_mlir_stages():
    x = st.dvector("x")
    f = symc.function([x], st.exp(x) * 2, name="twice_exp")
    assert "symc.exp" in f.dump_mlir("input")
    assert "func.func @twice_exp" in f.dump_mlir("optimized")
    assert "define" in f.dump_mlir("llvm")


@pytest.mark.parametrize("mode", ["FAST_RUN", "FAST_COMPILE", "DebugMode", "NanGuardMode"])
def test_modes(mode):
    s = symc.shared(np.array(1.0), name="s")
    x = st.dvector("x")
    f = symc.function([x], (x * s).sum(), updates={s: s + 1}, mode=mode)
    assert f(np.ones(3)) == 3.0 and s.get_value() == 2.0


def test_nan_guard_mode_raises():
    x = st.dvector("x")
    f = symc.function([x], st.log(x), mode="NanGuardMode")
    with pytest.raises(symc.errors.NanGuardError):
        f(np.array([-1.0]))


def test_trust_input_skips_conversion():
    x = st.dvector("x")
    f = symc.function([x], x + 1)
    f.trust_input = True
    assert_close(f(np.ones(2)), [2.0, 2.0])
