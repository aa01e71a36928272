"""pp, debugprint and graph_to_dot."""

import shutil

import pytest

import symc
import symc.tensor as st
from symc.printing import debugprint, graph_to_dot, pp


def test_pp_writes_a_readable_formula():
    x, y = st.dmatrix("x"), st.dvector("y")
    assert pp(st.tanh(x + y * 2).sum(axis=1)) == "sum(tanh((x + (y * 2.0))), axis=(1,))"
    assert pp(x[1:, ::-1] / 2) == "(x[1:, ::-1] / 2.0)"
    k = st.lscalar("k")
    assert pp(x[k, :k]) == "x[k, :k]"
    assert pp(-x) == "-x"
    assert pp(x.astype("float32")) == "float32(x)"
    assert pp(x.dimshuffle(1, "x", 0)) == "x.dimshuffle(1, 'x', 0)"
    assert pp(st.nnet.softmax(x)) == "softmax(x, axis=1)"
    assert pp(x) == "x"


def test_pp_of_a_deep_graph_is_linear_and_does_not_recurse():
    x = st.dvector("x")
    y = x
    for _ in range(20000):
        y = st.exp(y)
    text = pp(y)
    assert text.startswith("exp(exp(") and text.count("exp(") == 20000


def test_debugprint_tree_with_ids_and_repeated_nodes():
    x = st.dvector("x")
    a = st.exp(x)
    a.name = "a"
    out = a * a
    text = debugprint(out, file="str")
    lines = text.splitlines()
    assert lines[0] == "Mul [id A]"
    assert lines[1] == "├─ Exp 'a' [id B]"
    assert lines[2] == "│  └─ x [id C]"
    assert lines[3] == "└─ Exp 'a' [id B] ···"


def test_debugprint_types_depth_and_files(capsys):
    x = st.dvector("x")
    out = st.exp(st.log(x))
    assert "<TensorType(float64, (?,))>" in debugprint(out, file="str", print_type=True)
    assert debugprint(out, file="str", depth=1).splitlines() == ["Exp [id A]", "└─ Log [id B]"]
    debugprint(out)
    assert capsys.readouterr().out.startswith("Exp [id A]")
    assert "test_printing.py" in debugprint(out, file="str", print_location=True)


def test_debugprint_of_shared_and_constants():
    s = symc.shared(1.0, name="s")
    text = debugprint(s + 2.5, file="str")
    assert "shared s" in text and "2.5" in text


def test_graph_to_dot():
    x = st.dvector("x")
    s = symc.shared(1.0, name="s")
    out = st.exp(x) * s
    dot = graph_to_dot(out)
    assert dot.startswith("digraph symc {") and dot.rstrip().endswith("}")
    assert 'label="Exp"' in dot and 'label="Mul"' in dot
    assert 'label="x\\nTensorType(float64, (?,))", style=filled, fillcolor="#b0f0b0"' in dot
    assert 'fillcolor="#b0f0f0"' in dot  # the shared variable
    # x->Exp->e, s->DimShuffle->p (rank padding), e->Mul, p->Mul, Mul->out
    assert dot.count("->") == 7


def test_graph_to_dot_writes_dot_files(tmp_path):
    x = st.dvector("x")
    path = tmp_path / "g.dot"
    text = graph_to_dot(st.exp(x), outfile=path)
    assert path.read_text() == text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_graph_to_dot_renders_with_graphviz(tmp_path, fmt):
    x = st.dvector("x")
    path = tmp_path / f"g.{fmt}"
    graph_to_dot(st.exp(x) + 1, outfile=path)
    data = path.read_bytes()
    assert (b"<svg" in data) if fmt == "svg" else data.startswith(b"\x89PNG")
