"""The cyclic collector is paused over symc.grad and FunctionMaker, and
comes back as it was, errors included."""

import gc

import pytest

import symc
import symc.tensor as st
from symc.errors import UnusedInputError
from symc.graph.gcpause import gc_paused


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outer block re-enables
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(ZeroDivisionError):
        with gc_paused():
            1 / 0
    assert gc.isenabled()


def test_left_disabled_when_the_user_disabled_it():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_grad_runs_the_rules_with_the_collector_paused(monkeypatch):
    seen = []
    from symc.tensor import elemwise as ew

    rule = ew.Sin.grad_rule

    def spy(inputs, out, gz):
        seen.append(gc.isenabled())
        return rule(inputs, out, gz)

    monkeypatch.setattr(ew.Sin, "grad_rule", staticmethod(spy))
    x = st.dvector("x")
    symc.grad(st.sin(x).sum(), x)
    assert seen == [False] and gc.isenabled()


def test_function_maker_builds_with_the_collector_paused(monkeypatch):
    from symc.compile import function as fn

    seen = []
    graph = fn.FunctionGraph

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return graph(*args, **kwargs)

    monkeypatch.setattr(fn, "FunctionGraph", spy)
    x = st.dvector("x")
    fn.FunctionMaker([x], [st.sin(x) * 2])
    assert seen == [False] and gc.isenabled()


def test_function_maker_restores_the_collector_on_bad_input():
    x = st.dvector("x")
    with pytest.raises(UnusedInputError):
        symc.function([x, st.dvector("unused")], x + 1)
    assert gc.isenabled()
