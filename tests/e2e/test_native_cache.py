"""The persistent compile cache: warm loads skip MLIR entirely, concurrent
processes share one directory safely, damaged entries are rebuilt."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from symc import cache as symc_cache


def chain_ir(name, steps, scale=1.01):
    """x <- tanh(x) * scale + sin(x), `steps` times, one linalg.generic per
    step (4 arith/math ops each), so nothing folds it away."""
    ident = "affine_map<(i) -> (i)>"
    lines = [f"func.func @{name}(%x0: tensor<?xf64>) -> tensor<?xf64> attributes {{llvm.emit_c_interface}} {{",
             "  %c0 = arith.constant 0 : index",
             "  %n = tensor.dim %x0, %c0 : tensor<?xf64>"]
    for i in range(steps):
        lines += [
            f"  %e{i} = tensor.empty(%n) : tensor<?xf64>",
            f"  %x{i + 1} = linalg.generic {{indexing_maps = [{ident}, {ident}], iterator_types = [\"parallel\"]}}",
            f"      ins(%x{i} : tensor<?xf64>) outs(%e{i} : tensor<?xf64>) {{",
            "  ^bb0(%a: f64, %o: f64):",
            "    %t = math.tanh %a : f64",
            f"    %k = arith.constant {scale!r} : f64",
            "    %m = arith.mulf %t, %k : f64",
            "    %s = math.sin %a : f64",
            "    %r = arith.addf %m, %s : f64",
            "    linalg.yield %r : f64",
            "  } -> tensor<?xf64>",
        ]
    lines += [f"  return %x{steps} : tensor<?xf64>", "}"]
    return "\n".join(lines) + "\n"


def chain_reference(x, steps, scale=1.01):
    for _ in range(steps):
        x = np.tanh(x) * scale + np.sin(x)
    return x


CHILD = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    from symc import _native
    spec = json.loads(sys.argv[1])
    out = []
    for item in spec["functions"]:
        ir = open(item["ir_path"]).read()
        t0 = time.perf_counter()
        exe = _native.compile(ir, item["name"], pipeline=spec["pipeline"], cache_dir=spec["cache_dir"])
        seconds = time.perf_counter() - t0
        (r,) = exe(np.linspace(-2.0, 2.0, 101))
        out.append({"seconds": seconds, "from_cache": exe.from_cache, "result": r.tolist()})
    print(json.dumps(out))
""")


def run_child(functions, pipeline, cache_dir, wait=True):
    spec = json.dumps({"functions": functions, "pipeline": pipeline, "cache_dir": str(cache_dir)})
    proc = subprocess.Popen([sys.executable, "-c", CHILD, spec], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if not wait:
        return proc
    return finish_child(proc)


def finish_child(proc):
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return json.loads(out)


def write_functions(tmp_path, specs):
    functions = []
    for name, steps, scale in specs:
        path = tmp_path / f"{name}.mlir"
        path.write_text(chain_ir(name, steps, scale))
        functions.append({"name": name, "ir_path": str(path), "steps": steps, "scale": scale})
    return functions


def check_results(functions, results):
    x = np.linspace(-2.0, 2.0, 101)
    for item, got in zip(functions, results):
        np.testing.assert_allclose(got["result"], chain_reference(x, item["steps"], item["scale"]),
                                   rtol=1e-12, atol=1e-14)


def test_a_second_process_loads_a_200_op_function_10x_faster_than_it_compiled(tmp_path, upstream_pipeline):
    functions = write_functions(tmp_path, [("chain", 50, 1.01)])  # 50 generics x 4 ops + the rest
    assert chain_ir("chain", 50).count(" = ") > 200
    cache_dir = tmp_path / "cache"
    (cold,) = run_child(functions, upstream_pipeline, cache_dir)
    (warm,) = run_child(functions, upstream_pipeline, cache_dir)
    check_results(functions, [cold])
    check_results(functions, [warm])
    assert not cold["from_cache"] and warm["from_cache"]
    assert cold["seconds"] >= 10 * warm["seconds"], (cold["seconds"], warm["seconds"])


def test_eight_processes_fill_one_empty_cache_without_conflict(tmp_path, upstream_pipeline):
    functions = write_functions(tmp_path, [("a", 6, 1.01), ("b", 7, 0.99), ("c", 8, 1.02)])
    cache_dir = tmp_path / "cache"
    procs = [run_child(functions, upstream_pipeline, cache_dir, wait=False) for _ in range(8)]
    for proc in procs:
        check_results(functions, finish_child(proc))
    entries = symc_cache.entries(str(cache_dir))
    assert len(entries) == 3 and all(e["valid"] for e in entries)
    assert sorted(e["function"] for e in entries) == ["a", "b", "c"]
    leftovers = [n for n in os.listdir(cache_dir) if n.startswith(".")]
    assert leftovers == []
    # A ninth process loads all three.
    results = run_child(functions, upstream_pipeline, cache_dir)
    assert all(r["from_cache"] for r in results)
    check_results(functions, results)


@pytest.mark.parametrize("damage", ["truncate-object", "truncate-meta", "flip-object-byte", "empty-meta",
                                    "delete-object"])
def test_a_damaged_entry_is_rebuilt_not_loaded(damage, native, tmp_path, upstream_pipeline):
    ir = chain_ir("f", 3)
    cache_dir = str(tmp_path / "cache")
    exe = native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert not exe.from_cache
    entry = exe.cache_entry
    assert entry.startswith(cache_dir) and os.path.isfile(os.path.join(entry, "object.o"))
    obj, meta = os.path.join(entry, "object.o"), os.path.join(entry, "meta.json")
    if damage == "truncate-object":
        os.truncate(obj, os.path.getsize(obj) // 2)
    elif damage == "truncate-meta":
        os.truncate(meta, os.path.getsize(meta) - 20)
    elif damage == "flip-object-byte":
        with open(obj, "r+b") as f:
            f.seek(os.path.getsize(obj) // 2)
            byte = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([byte[0] ^ 0xFF]))
    elif damage == "empty-meta":
        open(meta, "w").close()
    else:
        os.remove(obj)
    rebuilt = native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert not rebuilt.from_cache
    x = np.linspace(-2.0, 2.0, 101)
    np.testing.assert_allclose(rebuilt(x)[0], chain_reference(x, 3), rtol=1e-12)
    again = native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert again.from_cache
    np.testing.assert_allclose(again(x)[0], chain_reference(x, 3), rtol=1e-12)
    assert [n for n in os.listdir(cache_dir) if n.startswith(".")] == []


def test_the_key_covers_ir_function_pipeline_and_opt_level(native, tmp_path, upstream_pipeline):
    cache_dir = str(tmp_path / "cache")
    two = chain_ir("f", 2) + chain_ir("g", 2, 0.5)
    first = native.compile(two, "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert not first.from_cache
    assert native.compile(two, "f", pipeline=upstream_pipeline, cache_dir=cache_dir).from_cache
    assert not native.compile(two, "g", pipeline=upstream_pipeline, cache_dir=cache_dir).from_cache
    assert not native.compile(two, "f", pipeline=upstream_pipeline, cache_dir=cache_dir, opt_level=2).from_cache
    other_pipeline = upstream_pipeline.replace("convert-index-to-llvm,", "")
    assert not native.compile(two, "f", pipeline=other_pipeline, cache_dir=cache_dir).from_cache
    changed = native.compile(two.replace("1.01", "1.02", 1), "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert not changed.from_cache
    x = np.linspace(-2.0, 2.0, 101)
    # Only the first step's constant changed.
    expected = chain_reference(chain_reference(x, 1, 1.02), 1, 1.01)
    np.testing.assert_allclose(changed(x)[0], expected, rtol=1e-12)
    assert len(symc_cache.entries(cache_dir)) == 5


def test_without_a_cache_dir_nothing_is_written(native, tmp_path, upstream_pipeline):
    exe = native.compile(chain_ir("f", 1), "f", pipeline=upstream_pipeline)
    assert not exe.from_cache and exe.cache_entry is None


def test_cache_cli_lists_and_clears(native, tmp_path, upstream_pipeline):
    cache_dir = str(tmp_path / "cache")
    native.compile(chain_ir("listed_fn", 1), "listed_fn", pipeline=upstream_pipeline, cache_dir=cache_dir)
    env = dict(os.environ, SYMC_FLAGS=f"compiledir={cache_dir}")
    listing = subprocess.run([sys.executable, "-m", "symc.cache", "list"], env=env, capture_output=True,
                             text=True, check=True).stdout
    assert "1 entry" in listing and "listed_fn" in listing
    cleared = subprocess.run([sys.executable, "-m", "symc.cache", "clear", "--dir", cache_dir],
                             capture_output=True, text=True, check=True).stdout
    assert "removed 1 entry" in cleared
    assert symc_cache.entries(cache_dir) == []
    again = native.compile(chain_ir("listed_fn", 1), "listed_fn", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert not again.from_cache


def test_the_frontend_module_honours_symc_always_compile(tmp_path, upstream_pipeline, monkeypatch):
    from symc.compile import native as frontend_native
    cache_dir = str(tmp_path / "cache")
    ir = chain_ir("f", 1)
    frontend_native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir)
    assert frontend_native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir).from_cache
    monkeypatch.setenv("SYMC_ALWAYS_COMPILE", "1")
    assert not frontend_native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=cache_dir).from_cache


def test_an_unwritable_cache_only_costs_speed(native, tmp_path, upstream_pipeline):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    ir = chain_ir("f", 1)
    for _ in range(2):
        exe = native.compile(ir, "f", pipeline=upstream_pipeline, cache_dir=str(not_a_dir))
        assert not exe.from_cache
        x = np.linspace(-2.0, 2.0, 101)
        np.testing.assert_allclose(exe(x)[0], chain_reference(x, 1), rtol=1e-12)
