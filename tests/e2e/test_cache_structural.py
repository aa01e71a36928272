"""The structural key and the index of the disk cache (symc.compile.structkey):
a function compiled before loads without emitting its IR, and no two
different functions ever share a key (a wrong hit would be a silent wrong
answer). The variants below are built on one source line each (through a
helper), so that locations do not tell them apart."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc import cache as symc_cache
from symc.compile import memo, structkey
from symc.compile.function import FunctionMaker
from symc.config import config
from symc.errors import MissingInputError

X = np.linspace(-2.0, 2.0, 7)


def fresh_process_function(*args, **kwargs):
    """symc.function as a new process would see it: nothing in the memo."""
    memo.clear()
    return symc.function(*args, profile=True, **kwargs)


def stage_names(f):
    return [name for name, _ in f.profile.stages]


def chain(x, c):
    return st.tanh(x) * c + st.sin(x)


def test_warm_function_loads_without_emitting():
    x = st.dvector("x")
    f = fresh_process_function([x], chain(x, 1.01))
    assert f.profile.from_cache is False
    assert "emit" in stage_names(f) and "index" in stage_names(f)
    x = st.dvector("x")
    g = fresh_process_function([x], chain(x, 1.01))
    assert g.profile.from_cache is True
    names = stage_names(g)
    assert "emit" not in names and "parse" not in names and "index" in names and "load" in names
    assert g.maker._ir is None  # nothing emitted...
    np.testing.assert_allclose(g(X), np.tanh(X) * 1.01 + np.sin(X))
    assert "func.func" in g.maker.ir  # ...until asked for
    assert len(g.maker.fgraph.apply_nodes) == 4


def test_same_structure_other_constant_is_another_function():
    results = {}
    for c in (1.01, 2.0, 1.01, 2.0):
        x = st.dvector("x")
        f = fresh_process_function([x], chain(x, c))
        np.testing.assert_allclose(f(X), np.tanh(X) * c + np.sin(X))
        results.setdefault(c, []).append(f.profile.from_cache)
    assert results == {1.01: [False, True], 2.0: [False, True]}


def test_constant_dtype_and_shape_are_in_the_key():
    out = []
    for c in (np.float64(2.0), np.full(7, 2.0), np.float32(2.0), np.arange(7.0)):
        x = st.dvector("x")
        f = fresh_process_function([x], x * st.constant(c))
        np.testing.assert_allclose(f(X), X * c)
        out.append(f.profile.from_cache)
    assert out == [False, False, False, False]


def sub(p, q):
    return p - q


def test_swapped_inputs_and_operands():
    a, b = st.dvector("a"), st.dvector("b")
    u, v = np.arange(7.0), np.ones(7)
    f1 = fresh_process_function([a, b], sub(a, b))
    a, b = st.dvector("a"), st.dvector("b")
    f2 = fresh_process_function([b, a], sub(a, b))
    a, b = st.dvector("a"), st.dvector("b")
    f3 = fresh_process_function([a, b], sub(b, a))
    np.testing.assert_allclose(f1(u, v), u - v)
    np.testing.assert_allclose(f2(u, v), v - u)
    np.testing.assert_allclose(f3(u, v), v - u)
    assert [f.profile.from_cache for f in (f1, f2, f3)] == [False, False, False]


def test_roots_with_one_name_and_type_are_never_confused():
    # Unnamed inputs of one type hash alike: the structural path is not used
    # (the IR text, which numbers arguments, still finds the cache).
    for order in ((0, 1), (1, 0), (0, 1)):
        p, q = st.dvector(), st.dvector()
        ins = [(p, q)[k] for k in order]
        f = fresh_process_function(ins, sub(p, q))
        assert f.maker._plan is None
        u, v = np.arange(7.0), np.ones(7)
        args = [(u, v)[k] for k in order]
        np.testing.assert_allclose(f(*args), u - v)
    # Two shared variables named alike.
    w1 = symc.shared(np.arange(3.0), name="W")
    w2 = symc.shared(np.ones(3), name="W")
    f = fresh_process_function([], sub(w1, w2))
    assert f.maker._plan is None
    np.testing.assert_allclose(f(), np.arange(3.0) - 1)
    w1 = symc.shared(np.arange(3.0), name="W")
    w2 = symc.shared(np.ones(3), name="W")
    g = fresh_process_function([], sub(w2, w1))
    np.testing.assert_allclose(g(), 1 - np.arange(3.0))


def test_shared_variables_keep_their_places():
    def build(first, second):
        a = symc.shared(np.full(3, first), name="a")
        b = symc.shared(np.full(3, second), name="b")
        return a, b, sub(a, b) * 2.0

    a, b, y = build(5.0, 1.0)
    f = fresh_process_function([], y)
    np.testing.assert_allclose(f(), 8.0)
    a, b, y = build(1.0, 5.0)
    g = fresh_process_function([], y)
    assert g.profile.from_cache is True
    np.testing.assert_allclose(g(), -8.0)
    assert [s.name for s in g.maker.shared] == ["a", "b"]


def typed(dtype, shape):
    x = st.tensor(dtype, shape=shape, name="x")
    return x, x * 2


@pytest.mark.parametrize("variants", [
    [("float64", (None,)), ("float32", (None,)), ("int64", (None,))],
    [("float64", (None, None)), ("float64", (1, None)), ("float64", (None, 1)), ("float64", (3, None))],
])
def test_dtypes_and_static_shapes_are_in_the_key(variants):
    for dtype, shape in variants:
        x, y = typed(dtype, shape)
        f = fresh_process_function([x], y)
        assert f.profile.from_cache is False
        value = np.ones([3 if s is None else s for s in shape], dtype=dtype)
        result = f(value)
        assert result.dtype == np.dtype(dtype) and result.shape == value.shape


def step(s, x, kind):
    return {s: s + x} if kind == "add" else {s: s * x}


def test_updates_are_in_the_key():
    for kind in ("add", "mul", "add", "mul"):
        s = symc.shared(np.full(7, 3.0), name="s")
        x = st.dvector("x")
        f = fresh_process_function([x], x * 1.0, updates=step(s, x, kind))
        f(X)
        np.testing.assert_allclose(s.get_value(), 3.0 + X if kind == "add" else 3.0 * X)
    # An update of another (same-named) variable than the one read.
    s, t = symc.shared(np.full(7, 3.0), name="s"), symc.shared(np.full(7, 4.0), name="t")
    x = st.dvector("x")
    f = fresh_process_function([x], x * 1.0, updates={t: s + x})
    f(X)
    np.testing.assert_allclose(t.get_value(), 3.0 + X)
    np.testing.assert_allclose(s.get_value(), 3.0)


@pytest.mark.parametrize("setting", [("math", "libm"), ("num_threads", 2), ("num_threads", 1)])
def test_config_flags_are_in_the_key(monkeypatch, setting):
    x = st.dvector("x")
    f = fresh_process_function([x], chain(x, 1.01))
    assert f.profile.from_cache is False
    before = f.maker.mode.pipeline  # read from symc.config now
    monkeypatch.setattr(config, *setting)
    x = st.dvector("x")
    g = fresh_process_function([x], chain(x, 1.01))
    if before == g.maker.mode.pipeline:
        assert g.profile.from_cache is True  # the flag was already this value
    else:
        assert g.profile.from_cache is False
        assert f.maker._plan.key != g.maker._plan.key


def test_modes_and_options_are_in_the_key():
    keys = []
    for mode in ("FAST_RUN", "FAST_COMPILE", symc.Mode("FAST_RUN", opt_level=1),
                 symc.Mode("FAST_RUN", excluding=["symc-specialize"])):
        x = st.dvector("x")
        f = fresh_process_function([x], chain(x, 1.01), mode=mode)
        assert f.profile.from_cache is False
        np.testing.assert_allclose(f(X), np.tanh(X) * 1.01 + np.sin(X))
        keys.append(f.maker._plan.key)
    assert len(set(keys)) == len(keys)
    x = st.dvector("x")
    d = fresh_process_function([x], chain(x, 1.01), mode="DebugMode")
    assert d.maker._plan is None  # checking modes take the full path


def test_names_outputs_and_call_conventions_are_in_the_key():
    def build(name=None, borrow=False, kind="single"):
        x = st.dvector("x")
        y = x * 3.0
        y.name = name
        out = symc.Out(y, borrow=borrow)
        return x, (out if kind == "single" else [out])

    keys = set()
    for kw in ({}, {"name": "y"}, {"borrow": True}, {"kind": "list"}):
        x, out = build(**kw)
        f = fresh_process_function([x], out)
        assert "emit" in stage_names(f), kw  # no structural hit (the IR may well be the same)
        keys.add(f.maker._plan.key)
        result = f(X)
        np.testing.assert_allclose(result if kw.get("kind") != "list" else result[0], X * 3.0)
    assert len(keys) == 4


def test_rename_after_use_falls_back():
    x = st.dvector("x")
    y = st.tanh(x)
    z = y * 2.0
    f = fresh_process_function([x], z)
    assert f.maker._plan is not None
    y.name = "renamed"  # z's hash was made with the old name of y
    g = fresh_process_function([x], z)
    assert g.maker._plan is None
    assert "renamed" in g.maker.ir
    np.testing.assert_allclose(g(X), np.tanh(X) * 2.0)


def test_unsupported_functions_take_the_full_path():
    x, y = st.dvector("x"), st.dvector("y")
    f = fresh_process_function([x, y], x * 2.0, givens={x: y + 1.0}, on_unused_input="ignore")
    assert f.maker._plan is None
    np.testing.assert_allclose(f(X, X), (X + 1.0) * 2.0)
    g = fresh_process_function([x, y], x * 2.0, on_unused_input="ignore")
    assert g.maker._plan is None
    with pytest.raises(MissingInputError):
        fresh_process_function([x], x + y)


def test_keys_determine_the_ir():
    """Over many variants: one key never stands for two IR texts."""
    makers = []
    for c in (1.0, 2.0):
        for dtype in ("float64", "float32"):
            for swap in (False, True):
                x = st.tensor(dtype, shape=(None,), name="x")
                z = st.tensor(dtype, shape=(None,), name="z")
                ins = [z, x] if swap else [x, z]
                makers.append(FunctionMaker(ins, sub(x, z) * np.asarray(c, dtype=dtype)))
    seen = {}
    for m in makers:
        assert m._plan is not None
        assert seen.setdefault(m._plan.key, m.ir) == m.ir
    assert len(seen) == len(makers)


def _index_files():
    root = os.path.join(config.compiledir, structkey.INDEX_DIR)
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def test_damaged_index_entry_recompiles_or_reloads():
    x = st.dvector("x")
    fresh_process_function([x], chain(x, 1.01))
    (path,) = _index_files()
    for damage in ("not json", json.dumps({"format": 1}), None):
        if damage is None:
            entry = json.load(open(path))
            entry["shared"] = ["00" * 16]  # a valid-looking change: the checksum rejects it
            damage = json.dumps(entry)
        with open(path, "w") as f:
            f.write(damage)
        x = st.dvector("x")
        g = fresh_process_function([x], chain(x, 1.01))
        assert "emit" in stage_names(g)  # the index was not trusted
        np.testing.assert_allclose(g(X), np.tanh(X) * 1.01 + np.sin(X))
        # ... and the compilation rewrote it.
        x = st.dvector("x")
        h = fresh_process_function([x], chain(x, 1.01))
        assert "emit" not in stage_names(h) and h.profile.from_cache is True


def test_damaged_or_missing_object_recompiles():
    x = st.dvector("x")
    f = fresh_process_function([x], chain(x, 1.01))
    entry = f.maker.executable.cache_entry
    with open(os.path.join(entry, "object.o"), "r+b") as obj:
        obj.seek(100)
        obj.write(b"\x00garbage\x00")
    x = st.dvector("x")
    g = fresh_process_function([x], chain(x, 1.01))
    assert g.profile.from_cache is False and "emit" in stage_names(g)
    np.testing.assert_allclose(g(X), np.tanh(X) * 1.01 + np.sin(X))
    shutil.rmtree(g.maker.executable.cache_entry)  # the index still names it
    x = st.dvector("x")
    h = fresh_process_function([x], chain(x, 1.01))
    assert h.profile.from_cache is False and "emit" in stage_names(h)
    np.testing.assert_allclose(h(X), np.tanh(X) * 1.01 + np.sin(X))


def test_cache_command_lists_and_clears_the_index(capsys):
    x = st.dvector("x")
    fresh_process_function([x], chain(x, 1.01))
    assert len(_index_files()) == 1
    assert symc_cache.main(["list"]) == 0
    assert "1 index entry" in capsys.readouterr().out
    assert symc_cache.main(["clear"]) == 0
    assert _index_files() == [] and symc_cache.entries() == []


CHILD = textwrap.dedent("""
    import json, sys
    import numpy as np
    import symc, symc.tensor as st
    c = float(sys.argv[1])
    x = st.dvector("x")
    y = x
    for _ in range(200):
        y = st.tanh(y) * c + st.sin(y)
    f = symc.function([x], y, profile=True)
    print(json.dumps({"result": f(np.linspace(-2, 2, 5)).tolist(), "from_cache": f.profile.from_cache,
                      "stages": [name for name, _ in f.profile.stages]}))
""")


def test_another_process_loads_without_emitting(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, SYMC_FLAGS=f"compiledir={config.compiledir}")
    env.pop("SYMC_ALWAYS_COMPILE", None)

    def run(c):
        done = subprocess.run([sys.executable, str(script), str(c)], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def expected(c):
        y = np.linspace(-2, 2, 5)
        for _ in range(200):
            y = np.tanh(y) * c + np.sin(y)
        return y

    cold, warm, other = run(1.01), run(1.01), run(0.99)
    assert cold["from_cache"] is False and "emit" in cold["stages"]
    assert warm["from_cache"] is True and "emit" not in warm["stages"] and "parse" not in warm["stages"]
    assert other["from_cache"] is False
    np.testing.assert_allclose(warm["result"], expected(1.01))
    np.testing.assert_allclose(other["result"], expected(0.99))


def test_native_load_cached():
    from symc import _native

    x = st.dvector("x")
    f = fresh_process_function([x], chain(x, 1.01))
    entry = f.maker.executable.cache_entry
    key = os.path.basename(entry)
    exe = _native.load_cached(key, cache_dir=config.compiledir)
    assert exe.from_cache is True and exe.cache_entry == entry
    assert [name for name, _ in exe.stage_seconds] == ["cache-lookup", "load"]
    assert exe.input_types == f.maker.executable.input_types
    (result,) = exe(X)
    np.testing.assert_allclose(result, np.tanh(X) * 1.01 + np.sin(X))
    for bad in ("0" * 64, key.upper(), key[:-1], "../" + key[3:], "", key + "0"):
        assert _native.load_cached(bad, cache_dir=config.compiledir) is None, bad
    assert _native.load_cached(key, cache_dir=os.path.join(config.compiledir, "nowhere")) is None
    with open(os.path.join(entry, "meta.json"), "a") as meta:
        meta.write(" ")  # still JSON, same fields: loads
    assert _native.load_cached(key, cache_dir=config.compiledir) is not None
    with open(os.path.join(entry, "meta.json"), "w") as meta:
        meta.write("{}")
    assert _native.load_cached(key, cache_dir=config.compiledir) is None
