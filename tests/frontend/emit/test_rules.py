"""Every Op class has exactly one emission rule and a reference
implementation."""

import importlib
import pkgutil

import symc
from symc.emit import registered_classes, rule_for
from symc.graph import Op

# Bases that are never instantiated themselves.
ABSTRACT = {"Elemwise", "Reduce", "ArgReduce", "_SubtensorUpdate", "_AdvancedUpdate", "_SoftmaxLike"}


def _all_op_classes():
    for info in pkgutil.walk_packages(symc.__path__, "symc."):
        if info.name.endswith(".native") or "._native" in info.name:
            continue
        importlib.import_module(info.name)
    seen, stack = set(), [Op]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return {c for c in seen if c.__module__.startswith("symc.") and c.__name__ not in ABSTRACT}


def test_every_op_class_has_an_emission_rule():
    missing = sorted(c.__qualname__ for c in _all_op_classes() if rule_for(c) is None)
    assert not missing, f"Op classes without an emission rule: {missing}"


def test_every_op_class_has_a_reference_implementation():
    missing = sorted(c.__qualname__ for c in _all_op_classes() if c.perform is Op.perform)
    assert not missing, f"Op classes without perform: {missing}"


def test_rules_are_registered_only_for_op_classes():
    assert all(issubclass(c, Op) for c in registered_classes())


def test_the_enumeration_finds_the_op_families():
    names = {c.__name__ for c in _all_op_classes()}
    assert {"Add", "Exp", "Sum", "Dot", "Subtensor", "AdvancedIncSubtensor", "Conv2D", "Pool2D", "Softmax",
            "Reshape", "MakeVector", "Cast", "DimShuffle"} <= names
    assert len(names) > 70


def test_an_op_without_a_rule_is_an_emission_error():
    import pytest

    import symc.tensor as st
    from symc.emit import EmitError, emit
    from symc.graph import Apply

    class Unknown(Op):
        def make_node(self, x):
            return Apply(self, [x], [x.type])

    x = st.dvector("x")
    with pytest.raises(EmitError, match="no emission rule for Op Unknown"):
        emit([x], Unknown()(x))
