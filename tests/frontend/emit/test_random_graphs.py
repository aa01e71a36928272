"""Random expression graphs over random static/dynamic shapes: the frontend's
types must be exactly the dialect's (checked by symc-opt) and agree with the
reference evaluation (checked against NumPy's shapes)."""

import numpy as np
import pytest

import symc.tensor as st
from symc.emit import emit
from symc.errors import SymcTypeError

from ..utils import evaluate, free_inputs, needs_symc_opt, verify_ir


def _random_graph(seed):
    r = np.random.default_rng(seed)
    sizes = [1, 2, 3]

    def new_input(ndim):
        concrete = tuple(int(r.choice(sizes)) for _ in range(ndim))
        pattern = tuple(s if r.random() < 0.5 else None for s in concrete)
        var = st.tensor(str(r.choice(["float32", "float64"])), shape=pattern)
        return var, concrete

    inputs = {}
    pool = []
    for _ in range(3):
        var, concrete = new_input(int(r.integers(0, 4)))
        inputs[var] = r.normal(size=concrete).astype(var.dtype)
        pool.append(var)
    ops = [
        lambda a, b: a + b, lambda a, b: a * b, lambda a, b: st.maximum(a, b), lambda a, b: st.switch(a > b, a, b),
        lambda a, b: st.exp(a), lambda a, b: st.tanh(a).sum(axis=-1) if a.ndim else a,
        lambda a, b: a.max(axis=0, keepdims=True) if a.ndim else a, lambda a, b: a[::-1] if a.ndim else a,
        lambda a, b: a[1:] if a.ndim else a, lambda a, b: a.T, lambda a, b: st.nnet.softmax(a) if a.ndim else a,
        lambda a, b: st.concatenate([a, a], axis=0) if a.ndim else a, lambda a, b: a.flatten() if a.ndim else a,
        lambda a, b: st.dot(a, b) if 1 <= a.ndim <= 2 and 1 <= b.ndim <= 2 else a - b,
        lambda a, b: a.argmax(axis=-1) if a.ndim else a, lambda a, b: st.zeros_like(a) + b,
        lambda a, b: a[0] if a.ndim and a.type.shape[0] != 0 else a,
        lambda a, b: a.dimshuffle(*reversed(range(a.ndim)), "x"),
    ]
    for _ in range(8):
        a, b = pool[int(r.integers(len(pool)))], pool[int(r.integers(len(pool)))]
        try:
            out = ops[int(r.integers(len(ops)))](a, b)
        except SymcTypeError:
            continue  # an impossible combination of static shapes
        pool.append(out)
    return inputs, pool[3:] or pool


def _evaluable(inputs, outputs):
    try:
        return evaluate(outputs, inputs)
    except (ValueError, IndexError):
        return None  # a run-time size mismatch of the random data


@pytest.mark.parametrize("seed", range(40))
def test_random_graph_types_match_the_reference(seed):
    inputs, outputs = _random_graph(seed)
    _evaluable(inputs, outputs)  # raises ReferenceTypeError on a static type that NumPy contradicts


@needs_symc_opt
@pytest.mark.parametrize("seed", range(40))
def test_random_graph_ir_verifies_with_exact_types(seed):
    inputs, outputs = _random_graph(seed)
    ir = emit(free_inputs(outputs), outputs, f"g{seed}")
    verify_ir(ir)
    assert "tensor.cast" not in verify_ir(ir, "builtin.module(func.func(symc-infer-shapes))")
