"""clone and replace (givens)."""

import numpy as np
import pytest

import symc.tensor as st
from symc.errors import SymcTypeError
from symc.graph import clone, replace, toposort

from ..utils import assert_equal_graphs, evaluate


def test_clone_copies_every_node_and_keeps_inputs():
    x = st.dvector("x")
    y = st.exp(x) * 2
    (c,) = clone([y])
    assert c is not y
    assert not {id(n) for n in toposort([c])} & {id(n) for n in toposort([y])}
    assert_equal_graphs(c, y)


def test_clone_can_copy_inputs():
    x = st.dvector("x")
    y = st.exp(x)
    (c,) = clone([y], copy_inputs=True)
    assert c.owner.inputs[0] is not x and c.owner.inputs[0].name == "x"


def test_clone_with_replace_substitutes():
    x, z = st.dvector("x"), st.dvector("z")
    y = st.exp(x) + x
    (c,) = clone([y], replace={x: z})
    assert_equal_graphs(c, st.exp(z) + z)


def test_replace_rebuilds_only_dependent_nodes():
    x, z = st.dvector("x"), st.dvector("z")
    w = st.dvector("w")
    a = st.exp(w)
    y = a + x
    (r,) = replace([y], {x: z})
    assert r.owner.inputs[0] is a  # the independent part is shared
    assert r.owner.inputs[1] is z


def test_replace_with_more_static_shape_propagates_types():
    x = st.dmatrix("x")
    y = st.exp(x).sum(axis=0)
    (r,) = replace([y], {x: st.tensor("float64", shape=(3, 4))})
    assert r.type.shape == (4,)


def test_replace_rejects_other_dtypes_and_ranks_and_static_sizes():
    x = st.dvector("x")
    y = st.exp(x)
    with pytest.raises(SymcTypeError, match="same dtype"):
        replace([y], {x: st.fvector()})
    with pytest.raises(SymcTypeError, match="same dtype and number of dimensions"):
        replace([y], {x: st.dmatrix()})
    s = st.tensor("float64", shape=(3,))
    with pytest.raises(SymcTypeError, match="static sizes differ"):
        replace([st.exp(s)], {s: st.tensor("float64", shape=(4,))})


def test_replace_an_intermediate_by_an_expression():
    x, y = st.dvector("x"), st.dvector("y")
    a = st.exp(x)
    out = a * 2
    (r,) = replace([out], {a: y + 1})
    v = np.array([1.0, 2.0])
    np.testing.assert_allclose(evaluate(r, {y: v}), (v + 1) * 2)
