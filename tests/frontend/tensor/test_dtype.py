"""dtype promotion follows NumPy 2 (weak Python scalars)."""

import itertools

import numpy as np
import pytest

import symc.tensor as st
from symc.config import config
from symc.errors import SymcTypeError
from symc.tensor import dtype as dt

ALL = dt.SUPPORTED


@pytest.mark.parametrize("a,b", list(itertools.product(ALL, ALL)))
def test_tensor_tensor_promotion_matches_numpy(a, b):
    x, y = st.tensor(a, shape=(None,)), st.tensor(b, shape=(None,))
    expected = np.result_type(np.dtype(a), np.dtype(b)).name
    if expected == "bool":
        assert st.maximum(x, y).dtype == "bool"
    else:
        assert st.maximum(x, y).dtype == expected
        assert (st.lt(x, y)).dtype == "bool"


@pytest.mark.parametrize("a", ALL)
@pytest.mark.parametrize("scalar", [True, 3, 2.5])
def test_python_scalars_are_weak(a, scalar):
    x = st.tensor(a, shape=(None,))
    expected = np.result_type(np.dtype(a), scalar).name
    assert st.maximum(x, scalar).dtype == expected
    assert st.maximum(scalar, x).dtype == expected


def test_numpy_scalars_and_arrays_are_strong():
    x = st.tensor("int8", shape=(None,))
    assert (x + np.int32(1)).dtype == "int32"
    assert (x + np.array([1, 2], dtype=np.int16)).dtype == "int16"
    assert (st.fvector() + np.float64(1.0)).dtype == "float64"


def test_python_int_that_does_not_fit_is_an_error():
    x = st.tensor("int8", shape=(None,))
    with pytest.raises(SymcTypeError, match="out of bounds for int8"):
        x + 300
    with pytest.raises(SymcTypeError, match="out of bounds for uint8"):
        st.tensor("uint8", shape=(None,)) + (-1)


def test_float_only_operations_compute_integers_in_floatx():
    i = st.ivector()
    assert (i / i).dtype == "float64"
    assert st.exp(i).dtype == "float64"
    assert st.mean(i).dtype == "float64"
    config.floatX = "float32"
    try:
        assert (i / i).dtype == "float32"
        assert st.sqrt(st.bvector()).dtype == "float32"
        assert st.scalar().dtype == "float32"
    finally:
        config.floatX = "float64"


def test_normalize_rejects_unsupported_dtypes():
    for bad in ("float16", "complex64", "uint16", "object"):
        with pytest.raises(SymcTypeError):
            dt.normalize(bad)
    assert dt.normalize(np.float32) == "float32"
    assert dt.normalize(None) == config.floatX


def test_bool_arithmetic_follows_numpy():
    b = st.tensor("bool", shape=(None,))
    assert (b + b).dtype == "bool" and type((b + b).owner.op).__name__ == "Or"
    assert (b * b).dtype == "bool" and type((b * b).owner.op).__name__ == "And"
    assert (b // b).dtype == "int8" and (b ** b).dtype == "int8"
    assert st.sqr(b).dtype == "int8"
    assert abs(b) is b
    with pytest.raises(SymcTypeError, match="subtract"):
        b - b
    with pytest.raises(SymcTypeError, match="negation"):
        -b
