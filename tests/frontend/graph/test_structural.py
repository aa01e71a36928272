"""Structural hashes of graph variables (symc.graph.structural): equal for
graphs the emitter writes alike, different for anything the IR shows, None
for what the tokenizer does not know, stable across processes."""

import subprocess
import sys
import textwrap

import numpy as np

import symc
import symc.tensor as st
from symc.graph import structural
from symc.graph.basic import Apply, Op


def chain(x, c):
    return st.tanh(x) * c + st.sin(x)


def test_equal_graphs_hash_alike_and_constants_tell_them_apart():
    a, b = st.dvector("x"), st.dvector("x")
    assert chain(a, 1.01)._shash == chain(b, 1.01)._shash
    assert chain(a, 1.01)._shash != chain(b, 1.02)._shash
    assert chain(a, np.float32(1.01))._shash != chain(b, 1.01)._shash


def test_types_names_and_operands_are_hashed():
    def sub(p, q):
        return p - q

    x, y = st.dvector("x"), st.dvector("y")
    assert sub(x, y)._shash != sub(y, x)._shash
    assert sub(x, y)._shash != sub(x, st.dvector("z"))._shash
    assert sub(x, y)._shash != sub(x, st.fvector("y"))._shash
    assert sub(x, y)._shash != sub(x, st.tensor("float64", shape=(3,), name="y"))._shash
    assert (st.dmatrix("m").T * 1.0)._shash != (st.dmatrix("m").dimshuffle(0, 1) * 1.0)._shash


def test_source_locations_are_hashed():
    x = st.dvector("x")
    first = st.tanh(x)
    second = st.tanh(x)  # another line
    assert first._shash != second._shash


def test_rename_before_use_rehashes_and_after_use_marks_stale():
    def build():
        x = st.dvector("x")
        return x, st.tanh(x)

    x1, y1 = build()
    x2, y2 = build()
    assert y1._shash == y2._shash
    y2.name = "y"
    assert y1._shash != y2._shash and y2.owner.outputs[0]._shash == y2._shash
    before = structural.stale_before
    z = y1 * 2.0
    assert z._since > structural.stale_before
    y1.name = "renamed"  # z's hash holds the old name
    assert structural.stale_before > before
    assert z._since <= structural.stale_before


def test_roots_are_the_non_constant_leaves():
    x = st.dvector("x")
    w = symc.shared(np.ones(3), name="w")
    y = (x * 2.0 + w).sum()
    assert y._roots == frozenset({x, w})
    assert (st.constant(np.ones(3)) * 2.0)._roots == frozenset()


class Opaque(Op):
    """An Op holding something the tokenizer cannot describe."""

    def __init__(self):
        self.callback = lambda v: v

    def make_node(self, x):
        return Apply(self, [x], [x.type])


def test_unknown_attributes_make_no_hash_downstream():
    x = st.dvector("x")
    y = Opaque()(x)
    assert y._shash is None
    assert (y * 2.0)._shash is None
    assert st.tanh(x)._shash is not None


def test_ops_are_hashed_by_every_attribute():
    class Scaled(Op):
        __props__ = ()

        def __init__(self, k):
            self.k = k  # not a prop: still in the hash

        def make_node(self, x):
            return Apply(self, [x], [x.type])

    x = st.dvector("x")
    hashes = {Scaled(k)(x)._shash for k in (1, 2, 2.0)}
    assert len(hashes) == 3


CHILD = textwrap.dedent("""
    import symc.tensor as st
    x = st.dvector("x")
    y = x
    for _ in range(20):
        y = st.tanh(y) * 1.01 + st.sin(y)
    print(y._shash.hex())
""")


def test_hashes_are_the_same_in_every_process(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    out = {subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                          env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin",
                               "PYTHONPATH": ":".join(sys.path)}).stdout.strip()
           for seed in ("1", "2")}
    assert len(out) == 1 and len(out.pop()) == 32
