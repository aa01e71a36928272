"""Topological traversal, ancestors and graph inputs; deep graphs."""

import sys

import symc.tensor as st
from symc.graph import ancestors, graph_inputs, toposort


def test_toposort_puts_each_node_after_its_inputs():
    x, y = st.dvector("x"), st.dvector("y")
    a = x + y
    b = st.exp(a)
    c = a * b
    order = toposort([c])
    assert order.index(a.owner) < order.index(b.owner) < order.index(c.owner)
    assert len(order) == len({id(n) for n in order})


def test_toposort_visits_shared_subgraphs_once():
    x = st.dvector("x")
    a = st.exp(x)
    c = a + a
    assert [n.op for n in toposort([c])].count(a.owner.op) == 1


def test_toposort_stops_at_blockers():
    x = st.dvector("x")
    a = st.exp(x)
    b = st.log(a)
    assert toposort([b], blockers=[a]) == [b.owner]


def test_graph_inputs_in_order_of_first_use():
    x, y, z = st.dvector("x"), st.dvector("y"), st.dvector("z")
    out = (y * x) + z
    assert [v for v in graph_inputs([out]) if v.name] == [y, x, z]


def test_ancestors_include_intermediates_and_outputs():
    x = st.dvector("x")
    a = st.exp(x)
    b = st.log(a)
    anc = ancestors([b])
    assert x in anc and a in anc and b in anc


def test_a_chain_of_100000_nodes_does_not_recurse(chain_100k):
    x, y = chain_100k
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the depth of the graph
    try:
        order = toposort([y])
        inputs = graph_inputs([y])
    finally:
        sys.setrecursionlimit(limit)
    assert len(order) == 100_000 and order[-1] is y.owner
    assert inputs == [x]
