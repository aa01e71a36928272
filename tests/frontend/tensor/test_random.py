"""Random streams in the frontend: the NumPy Philox reference against
Random123's known answers, the Ops' types, the default updates that advance
the state, and reproducibility of the reference evaluation."""

import numpy as np
import pytest

import symc
import symc.tensor as st
from symc.compile.reference import evaluate
from symc.emit import emit
from symc.errors import SymcTypeError
from symc.tensor.random import RandomDraw, RandomPermutation, philox

# Random123's kat_vectors for philox4x32-10: counter (4 words), key (2
# words), expected output (4 words).
KAT = [
    ([0x00000000] * 4, [0x00000000] * 2, [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0],
     [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]),
]


def state_for(counter, key):
    """The state whose counter and key are these Random123 words."""
    k = (key[1] << 32) | key[0]
    lo = (counter[1] << 32) | counter[0]
    hi = (counter[3] << 32) | counter[2]
    return np.array([k, lo, hi], dtype=np.uint64).view(np.int64)


@pytest.mark.parametrize("counter,key,expected", KAT)
def test_reference_philox_matches_random123_known_answers(counter, key, expected):
    out = philox.philox4x32_10(np.array(counter, dtype=np.uint32), key)
    assert [int(v) for v in out] == expected
    bits, _ = philox.bits(state_for(counter, key), (4,))
    assert [int(v) for v in bits.view(np.uint32)] == expected


def test_counter_carries_into_the_high_half():
    s = np.array([7, -1, 5], dtype=np.int64)  # counter_lo = 2**64 - 1
    b = philox.blocks(s, np.array([1], dtype=np.uint64))
    # counter + 1 = (hi + 1):0
    expected = philox.philox4x32_10(np.array([0, 0, 6, 0], dtype=np.uint32), (7, 0))
    np.testing.assert_array_equal(b[0], expected)


def test_draw_types_follow_the_size():
    srng = st.random.RandomStream(1)
    assert srng.uniform(size=(2, 3)).type == st.TensorType("float64", (2, 3))
    n = st.lscalar("n")
    assert srng.normal(size=(n, 4), dtype="float32").type == st.TensorType("float32", (None, 4))
    assert srng.binomial(n=3, p=0.5, size=(5,)).dtype == "int64"
    assert srng.permutation(6).type == st.TensorType("int64", (6,))
    assert srng.choice(10, size=(4,)).dtype == "int64"
    assert srng.uniform(low=st.fvector("lo")).type == st.TensorType("float32", (None,))
    with pytest.raises(SymcTypeError, match="float"):
        srng.uniform(size=(2,), dtype="int64")
    with pytest.raises(SymcTypeError, match="Python int"):
        srng.binomial(n=n, p=0.5, size=(2,))
    with pytest.raises(SymcTypeError, match="seed"):
        st.random.RandomStream("abc")


def test_each_draw_has_its_own_state_with_a_default_update():
    srng = st.random.RandomStream(3)
    srng.uniform(size=(2,))
    srng.uniform(size=(2,))
    (sa, na), (sb, nb) = srng.updates()
    assert sa is not sb
    assert sa.default_update is na and sb.default_update is nb
    # Same seed, same draw number: same key; different draws: different keys.
    other = st.random.RandomStream(3)
    other.uniform(size=(2,))
    assert other.updates()[0][0].get_value()[0] == sa.get_value()[0]
    assert sa.get_value()[0] != sb.get_value()[0]
    np.testing.assert_array_equal(sa.get_value()[1:], [0, 0])
    assert isinstance(na.owner.op, RandomDraw) and na.owner.inputs[0] is sa


def test_the_same_seed_gives_the_same_stream():
    def first_draws(seed):
        srng = st.random.RandomStream(seed)
        u = srng.uniform(size=(5,))
        z = srng.normal(size=(5,))
        (s0, _), (s1, _) = srng.updates()
        return evaluate([s0, s1], [u, z], [s0.get_value(), s1.get_value()])

    a, b, c = first_draws(123), first_draws(123), first_draws(124)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_next_state_advances_the_high_counter():
    srng = st.random.RandomStream(5)
    srng.uniform(size=(3,))
    ((s, n),) = srng.updates()
    new = evaluate([s], [n], [s.get_value()])[0]
    np.testing.assert_array_equal(new, s.get_value() + np.array([0, 0, 1]))


def test_seed_restarts_the_states():
    srng = st.random.RandomStream(5)
    srng.uniform(size=(3,))
    ((s, _),) = srng.updates()
    v = s.get_value()
    s.set_value(v + 1)
    srng.seed(5)
    np.testing.assert_array_equal(s.get_value(), v)


def test_reference_permutation_is_a_permutation():
    perm, _ = philox.permutation(np.array([1, 2, 3], dtype=np.int64), 1000)
    assert sorted(perm.tolist()) == list(range(1000))
    assert not np.array_equal(perm, np.arange(1000))
    assert philox.permutation(np.array([1, 2, 3]), 0)[0].shape == (0,)


def test_emitted_ir_threads_the_state():
    srng = st.random.RandomStream(2)
    u = srng.uniform(size=(3,))
    ((s, n),) = srng.updates()
    text = emit([s], [u, n])
    draw = [line for line in text.splitlines() if "symc.random_uniform" in line]
    assert len(draw) == 1
    name = draw[0].split("=")[0].strip().split(":")[0]
    assert draw[0].strip().startswith(f"{name}:2 = symc.random_uniform %arg0, ")
    assert f"return %" in text and f"{name}#0 : tensor<3xf64>, tensor<3xi64>" in text


def test_ops_check_their_inputs():
    with pytest.raises(SymcTypeError, match="state"):
        RandomDraw("uniform", "float64")(st.dvector(), st.constant(np.array([3], dtype=np.int64)))
    with pytest.raises(SymcTypeError, match="int64 scalar"):
        RandomPermutation()(st.lvector(), st.dscalar())


def test_functions_add_the_default_updates_of_the_states_they_use():
    from symc.compile.function import FunctionMaker

    srng = st.random.RandomStream(8)
    u = srng.uniform(size=(2,))
    unused = srng.normal(size=(2,))  # noqa: F841  (its state is not used by the function)
    (s_u, n_u), (s_z, _) = srng.updates()
    maker = FunctionMaker([], u)
    assert [(s, v) for s, v in maker.updates] == [(s_u, n_u)]
    assert maker.shared == [s_u]
    # An explicit update wins over the default one.
    maker = FunctionMaker([], u, updates=[(s_u, s_u * 0)])
    assert len(maker.updates) == 1 and maker.updates[0][1] is not n_u
