"""symc.function's argument handling, checked against FakeNative (a test
double of the native layer that follows python/README.md and computes with
the reference evaluation)."""

import warnings

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.errors import MissingInputError, SymcTypeError, UnusedInputError


def test_single_list_and_no_outputs(fake_native):
    x = st.dvector("x")
    v = np.array([1.0, 2.0])
    f = symc.function([x], x * 2)
    out = f(v)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, v * 2)
    g = symc.function([x], [x + 1, x.sum()])
    a, b = g(v)
    np.testing.assert_array_equal(a, v + 1)
    assert b == 3.0
    h = symc.function([x], None, on_unused_input="ignore")
    assert h(v) is None
    one = symc.function([x], [x])
    assert isinstance(one(v), list)


def test_inputs_by_position_and_by_name(fake_native):
    x, y = st.dscalar("x"), st.dscalar("y")
    f = symc.function([x, y], x - y)
    assert f(5.0, 3.0) == 2.0
    assert f(y=3.0, x=5.0) == 2.0
    assert f(5.0, y=3.0) == 2.0
    with pytest.raises(TypeError, match="missing"):
        f(5.0)
    with pytest.raises(TypeError, match="multiple values"):
        f(5.0, x=1.0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        f(5.0, z=1.0)


def test_in_with_default_and_name(fake_native):
    x, y = st.dscalar("x"), st.dscalar("y")
    f = symc.function([x, symc.In(y, value=10.0, name="offset")], x + y)
    assert f(1.0) == 11.0
    assert f(1.0, offset=2.0) == 3.0
    assert f(1.0, 5.0) == 6.0
    assert f.maker.inputs[1].name == "offset"


def test_updates_are_applied_after_outputs_in_order(fake_native):
    s = symc.shared(np.array(1.0), name="s")
    t = symc.shared(np.array(10.0), name="t")
    f = symc.function([], [s, t], updates=[(s, s + t), (t, s * 2)])
    a, b = f()
    assert (a, b) == (1.0, 10.0)          # outputs see the old values
    assert s.get_value() == 11.0          # both updates read the old values
    assert t.get_value() == 2.0
    a, b = f()
    assert (a, b) == (11.0, 2.0)


def test_updates_as_dict_and_output_free_function(fake_native):
    count = symc.shared(np.int64(0), name="count")
    f = symc.function([], updates={count: count + 1})
    for _ in range(3):
        assert f() is None
    assert count.get_value() == 3


def test_a_failed_call_updates_nothing(fake_native):
    s = symc.shared(np.zeros(3), name="s")
    t = symc.shared(np.zeros(3), name="t")
    i = st.lscalar("i")
    f = symc.function([i], s[i], updates=[(s, s + 1), (t, t + 1)])
    f(0)
    with pytest.raises(ValueError):
        f(7)  # index out of range at run time
    np.testing.assert_array_equal(s.get_value(), np.ones(3))
    np.testing.assert_array_equal(t.get_value(), np.ones(3))


def test_shared_variables_are_implicit_inputs(fake_native):
    w = symc.shared(np.array([1.0, 2.0]), name="w")
    x = st.dvector("x")
    f = symc.function([x], (w * x).sum())
    assert f(np.array([3.0, 4.0])) == 11.0
    w.set_value(np.array([0.0, 1.0]))
    assert f(np.array([3.0, 4.0])) == 4.0
    assert f.maker.fgraph.inputs == [x, w]
    with pytest.raises(SymcTypeError, match="cannot be an explicit input"):
        symc.function([w], w * 2)


def test_givens_substitute_before_compiling(fake_native):
    x, y = st.dvector("x"), st.dvector("y")
    s = symc.shared(np.array([1.0, 1.0]), name="s")
    out = x * 2 + s
    f = symc.function([y], out, givens={x: y + 1})
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [5.0, 7.0])
    g = symc.function([x, y], out, givens=[(s, y)])
    np.testing.assert_array_equal(g(np.array([1.0, 2.0]), np.array([0.5, 0.5])), [2.5, 4.5])
    with pytest.raises(SymcTypeError, match="same dtype"):
        symc.function([y], out, givens={x: st.ivector()})


def test_givens_apply_to_updates(fake_native):
    x = st.dscalar("x")
    s = symc.shared(np.array(0.0), name="s")
    k = st.dscalar("k")
    f = symc.function([k], [], updates=[(s, s + x)], givens={x: k * 10})
    f(2.0)
    assert s.get_value() == 20.0


def test_unused_inputs(fake_native):
    x, y = st.dvector("x"), st.dvector("y")
    with pytest.raises(UnusedInputError, match="input 1"):
        symc.function([x, y], x * 2)
    with pytest.warns(UserWarning, match="on_unused_input"):
        f = symc.function([x, y], x * 2, on_unused_input="warn")
    v = np.ones(2)
    np.testing.assert_array_equal(f(v, v), 2 * v)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        symc.function([x, y], x * 2, on_unused_input="ignore")
    with pytest.raises(ValueError, match="on_unused_input"):
        symc.function([x], x, on_unused_input="maybe")


def test_missing_inputs_are_named(fake_native):
    x, y = st.dvector("x"), st.dvector("y")
    with pytest.raises(MissingInputError, match="y"):
        symc.function([x], x + y)


def test_input_downcasting_rules(fake_native):
    x = st.fvector("x")
    f = symc.function([x], x * 2, name="f")
    with pytest.raises(TypeError, match=r"input 0 \('x'\) of f.*float64"):
        f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(f(np.array([1, 2], np.int8)), [2.0, 4.0])   # safe upcast
    np.testing.assert_array_equal(f([1.0, 2.5]), [2.0, 5.0])                   # values representable
    with pytest.raises(TypeError, match="without changing it"):
        f([0.1])
    g = symc.function([x], x * 2, allow_input_downcast=True)
    assert g(np.array([0.1])).dtype == np.float32
    symc.config.floatX = "float32"
    try:
        s = st.fscalar("s")
        h = symc.function([s], s * 2)
        assert h(0.1) == np.float32(0.1) * 2        # a Python float becomes floatX by default
        k = symc.function([s], s * 2, allow_input_downcast=False)
        with pytest.raises(TypeError):
            k(0.1)
    finally:
        symc.config.floatX = "float64"


def test_wrong_ndim_and_static_size_name_the_input(fake_native):
    x = st.tensor("float64", shape=(3,), name="x")
    f = symc.function([x], x + 1)
    with pytest.raises(TypeError, match="'x'.*1 dimension"):
        f(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="static size 3"):
        f(np.zeros(4))


def test_in_process_cache_returns_the_same_compiled_object(fake_native):
    x = st.dvector("x")
    out = st.exp(x)
    f = symc.function([x], out)
    g = symc.function([x], out)
    assert f.maker.executable is g.maker.executable
    assert len(fake_native.compiled) == 1
    h = symc.function([x], out, mode=symc.Mode(including=["canonicalize"]))
    assert h.maker.executable is f.maker.executable  # FAST_RUN runs canonicalize already
    k = symc.function([x], out, mode="FAST_COMPILE")
    assert k.maker.executable is not f.maker.executable
    assert len(fake_native.compiled) == 2
    assert fake_native.compiled[1].pipeline == ("builtin.module(symc-fast-compile-pipeline,"
                                                 "symc-lower-to-llvm-pipeline)")


def test_compile_options_reach_the_native_layer(fake_native):
    x = st.dvector("x")
    f = symc.function([x], x + 1, name="plus one")
    exe = fake_native.compiled[-1]
    assert exe.function == "plus_one" and exe.cache_dir == symc.config.compiledir
    assert exe.pipeline == "builtin.module(symc-optimize-pipeline,symc-lower-to-llvm-pipeline)"
    assert "func.func @plus_one(" in f.dump_mlir()
    assert f.dump_mlir("optimized").startswith("// stage builtin.module(symc-optimize-pipeline)")
    assert "plus_one" in f.dump_mlir("llvm")
    with pytest.raises(ValueError, match="stage"):
        f.dump_mlir("asm")


def test_outputs_are_fresh_arrays(fake_native):
    x = st.dvector("x")
    f = symc.function([x], [x, x * 1])
    v = np.ones(2)
    a, b = f(v)
    assert a is not v and not np.shares_memory(a, v)
    a2, _ = f(v)
    assert not np.shares_memory(a, a2)


def test_out_wrapper_and_constant_outputs(fake_native):
    x = st.dvector("x")
    f = symc.function([x], [symc.Out(x * 2, borrow=True), 3.0])
    a, b = f(np.ones(2))
    np.testing.assert_array_equal(a, [2.0, 2.0])
    assert b == 3.0
    assert f.maker.outputs[0].borrow


def test_bad_updates(fake_native):
    s = symc.shared(np.zeros(2), name="s")
    x = st.dvector("x")
    with pytest.raises(SymcTypeError, match="not a shared variable"):
        symc.function([x], x, updates=[(x, x + 1)])
    with pytest.raises(SymcTypeError, match="must have its type"):
        symc.function([x], x, updates=[(s, x.astype("float32"))])
    with pytest.raises(SymcTypeError, match="updated twice"):
        symc.function([x], x, updates=[(s, x), (s, x + 1)])
    with pytest.raises(SymcTypeError, match="pairs"):
        symc.function([x], x, updates=[s])
    with pytest.raises(SymcTypeError, match="dimension"):
        symc.function([], updates={s: 0.0})
    c = symc.shared(np.float64(5.0), name="c")
    f = symc.function([], updates={c: 0})  # a Python scalar converts to the shared dtype
    f()
    assert c.get_value() == 0.0 and c.get_value().dtype == np.float64


def test_bad_inputs(fake_native):
    x = st.dvector("x")
    with pytest.raises(SymcTypeError, match="list"):
        symc.function(x, x)
    with pytest.raises(SymcTypeError, match="root variables"):
        symc.function([x + 1], x)
    with pytest.raises(SymcTypeError, match="twice"):
        symc.function([x, x], x)
    with pytest.raises(SymcTypeError, match="constant"):
        symc.function([st.constant(1.0)], x)
    y = st.dvector("x")
    with pytest.raises(SymcTypeError, match="named"):
        symc.function([x, y], x + y)


def test_trust_input_flag_is_forwarded(fake_native):
    x = st.dvector("x")
    f = symc.function([x], x + 1)
    assert not f.trust_input
    f.trust_input = True
    assert f._bound.trust_input is True


def test_debug_mode_checks_results_and_commits_updates(fake_native):
    s = symc.shared(np.array([1.0, 2.0]), name="s")
    x = st.dvector("x")
    f = symc.function([x], (x * s).sum(), updates=[(s, s * 2)], mode="DebugMode")
    assert f(np.array([1.0, 1.0])) == 3.0
    np.testing.assert_array_equal(s.get_value(), [2.0, 4.0])
    assert f(x=np.array([1.0, 0.0])) == 2.0


def test_debug_mode_reports_a_wrong_compiled_result(fake_native, monkeypatch):
    from .fake_native import FakeExecutable

    x = st.dvector("x")
    real_call = FakeExecutable.__call__
    monkeypatch.setattr(FakeExecutable, "__call__", lambda self, *a: tuple(r + 1 for r in real_call(self, *a)))
    f = symc.function([x], x * 2, mode="DebugMode")
    with pytest.raises(symc.errors.DebugModeError, match="output 0"):
        f(np.ones(2))


def test_nan_guard_mode_refuses_nan_before_updating(fake_native):
    s = symc.shared(np.array([1.0]), name="s")
    x = st.dvector("x")
    f = symc.function([x], st.log(x), updates=[(s, s + 1)], mode="NanGuardMode")
    np.testing.assert_allclose(f(np.array([1.0])), [0.0])
    assert s.get_value()[0] == 2.0
    with pytest.raises(symc.errors.NanGuardError, match="NaN"):
        f(np.array([-1.0]))
    assert s.get_value()[0] == 2.0
    with pytest.raises(symc.errors.NanGuardError, match="infinity"):
        f(np.array([0.0]))


def test_profile_collects_timings(fake_native):
    x = st.dvector("x")
    f = symc.function([x], x + 1, profile=True)
    f(np.ones(2))
    f(np.ones(2))
    assert f.profile.calls == 2 and f.profile.call_s > 0
    assert "calls:         2" in f.profile.summary()
    g = symc.function([x], x + 1)
    assert g.profile is None


def test_function_graph_and_repr(fake_native):
    x = st.dvector("x")
    f = symc.function([x], st.exp(x), name="expo")
    assert [type(n.op).__name__ for n in f.maker.fgraph.apply_nodes] == ["Exp"]
    assert repr(f) == "<symc.Function expo>"
    assert "output 0" in symc.printing.debugprint(f, file="str")


def test_without_the_native_extension_compilation_says_how_to_get_it(monkeypatch):
    from symc.compile import backend

    monkeypatch.setattr(backend, "native", lambda: None)
    x = st.dvector("x")
    with pytest.raises(RuntimeError, match="make setup"):
        symc.function([x], x + 1)


def test_compilation_errors_become_symc_compilation_errors(fake_native, monkeypatch):
    class NativeError(RuntimeError):
        diagnostics = "error: boom"
        ir_path = "/tmp/x.mlir"
        repro = "symc-opt /tmp/x.mlir"

    def fail(*args, **kwargs):
        raise NativeError("failed")

    monkeypatch.setattr(fake_native, "compile", fail)
    x = st.dvector("x")
    with pytest.raises(symc.SymcCompilationError) as err:
        symc.function([x], x + 1)
    assert err.value.diagnostics == "error: boom" and err.value.repro == "symc-opt /tmp/x.mlir"


def test_always_compile_bypasses_the_in_process_cache(fake_native, monkeypatch):
    x = st.dvector("x")
    out = st.exp(x)
    symc.function([x], out)
    monkeypatch.setenv("SYMC_ALWAYS_COMPILE", "1")
    symc.function([x], out)
    assert len(fake_native.compiled) == 2


def test_cuda_device_warns_that_code_runs_on_the_cpu(fake_native):
    x = st.dvector("x")
    symc.config.device = "cuda"
    try:
        with pytest.warns(UserWarning, match="CPU"):
            symc.function([x], x + 1)
    finally:
        symc.config.device = "cpu"
