"""Variables, Apply nodes, Ops with __props__, and source locations."""

import pytest

import symc.tensor as st
from symc.graph import Apply, Op
from symc.tensor.elemwise import Add, DimShuffle, Exp
from symc.tensor.reduction import Sum
from symc.tensor.subtensor import Subtensor
from symc.tensor.type import TensorType


def test_ops_with_equal_props_are_equal_and_hash_alike():
    assert Sum((0, 1), True) == Sum((0, 1), True)
    assert hash(Sum((0, 1), True)) == hash(Sum((0, 1), True))
    assert Sum((0,), False) != Sum((1,), False)
    assert Sum((0,), False) != Sum((0,), True)
    assert DimShuffle(("x", 0)) == DimShuffle(["x", 0])
    assert Subtensor([(1, None, -1), 2]) == Subtensor(((1, None, -1), 2))
    assert len({Exp(), Exp(), Add()}) == 2


def test_ops_of_different_classes_with_equal_props_differ():
    from symc.tensor.reduction import Prod

    assert Sum((0,), False) != Prod((0,), False)
    assert Exp() != Add()


def test_apply_links_outputs_to_their_owner():
    x = st.dvector("x")
    y = st.exp(x)
    node = y.owner
    assert isinstance(node, Apply) and node.op == Exp()
    assert node.inputs == [x] and node.outputs == [y] and y.index == 0
    assert x.owner is None


def test_equal_computations_are_equal_nodes_with_distinct_outputs():
    x, y = st.dvector("x"), st.dvector("y")
    a, b = st.exp(x), st.exp(x)
    assert a is not b and a.owner is not b.owner
    assert a.owner == b.owner and hash(a.owner) == hash(b.owner)
    assert a.owner != st.exp(y).owner
    assert a.owner != st.log(x).owner
    assert (x + y).owner != (y + x).owner
    s1, s2 = x.sum(axis=0), x.sum(axis=0, keepdims=True)
    assert s1.owner != s2.owner
    assert len({a.owner, b.owner, st.exp(y).owner}) == 2
    assert a != b  # variables compare by identity


def test_node_records_the_users_source_line():
    import inspect

    x = st.dvector("x")
    y = x + 1; line = inspect.currentframe().f_lineno  # noqa: E702
    trace = y.owner.trace
    assert trace.file == __file__
    assert trace.line == line
    assert trace.col == 9  # the column of `x + 1`


def test_nodes_built_inside_symc_point_at_the_caller():
    import inspect

    from symc.graph import toposort

    x = st.dmatrix("x")
    v = st.var(x, axis=0); line = inspect.currentframe().f_lineno  # noqa: E702
    lines = {n.trace.line for n in toposort([v])}
    assert len(toposort([v])) > 3  # var builds several nodes internally
    assert lines == {line}
    assert all(n.trace.file == __file__ for n in toposort([v]))


def test_op_str_shows_props():
    assert str(Sum((1,), False)) == "Sum{axes=(1,), keepdims=False}"
    assert str(Exp()) == "Exp"


def test_variable_types_and_names():
    x = st.tensor("float32", shape=(None, 1, 3), name="x")
    assert x.type == TensorType("float32", (None, 1, 3))
    assert x.name == "x" and x.ndim == 3 and x.dtype == "float32"
    assert x.broadcastable == (False, True, False)
    assert x.type.broadcastable == (False, True, False)


def test_base_op_without_make_node_says_so():
    class Nothing(Op):
        pass

    with pytest.raises(NotImplementedError, match="Nothing.make_node"):
        Nothing()(st.dvector())
