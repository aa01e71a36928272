"""TensorType and the conversion rules of inputs (Theano's filter)."""

import numpy as np
import pytest

from symc.config import config
from symc.errors import SymcTypeError
from symc.tensor.type import TensorType


def test_types_compare_by_dtype_and_shape():
    assert TensorType("float32", (None, 1)) == TensorType("float32", (None, 1))
    assert hash(TensorType("float32", (None, 1))) == hash(TensorType(np.float32, [None, 1]))
    assert TensorType("float32", (None, 1)) != TensorType("float32", (None, None))
    assert TensorType("float64", broadcastable=(False, True)).shape == (None, 1)


def test_mlir_spelling():
    assert TensorType("float32", (None, 1, 4)).mlir() == "tensor<?x1x4xf32>"
    assert TensorType("bool", ()).mlir() == "tensor<i1>"
    assert TensorType("uint8", (0,)).mlir() == "tensor<0xui8>"
    assert TensorType("int64", (2,)).mlir() == "tensor<2xi64>"


def test_bad_shapes_are_rejected():
    for bad in ((-1,), (1.5,), (True,), ("a",)):
        with pytest.raises(SymcTypeError):
            TensorType("float64", bad)


T = TensorType("float32", (None,))


def test_exact_arrays_pass_unchanged():
    a = np.zeros(3, np.float32)
    assert T.filter(a) is a


def test_safe_upcasts_are_allowed_and_downcasts_refused():
    assert T.filter(np.zeros(3, np.int16)).dtype == np.float32
    with pytest.raises(TypeError, match="loss of precision"):
        T.filter(np.zeros(3, np.float64))
    with pytest.raises(TypeError, match="loss of precision"):
        T.filter(np.zeros(3, np.int32))


def test_allow_downcast_true_casts_anything():
    out = T.filter(np.array([1.5, 2.7]), allow_downcast=True)
    assert out.dtype == np.float32
    i = TensorType("int32", (None,)).filter([1.7, -2.2], allow_downcast=True)
    np.testing.assert_array_equal(i, [1, -2])


def test_python_values_convert_when_no_value_changes():
    i = TensorType("int32", (None,))
    np.testing.assert_array_equal(i.filter([1, 2, 3]), [1, 2, 3])
    with pytest.raises(TypeError, match="without changing it"):
        i.filter([1.5])
    with pytest.raises(TypeError, match="uint8"):
        TensorType("uint8", ()).filter(-1)


def test_python_float_becomes_floatx_only_with_the_default_rule():
    config.floatX = "float32"
    try:
        t = TensorType("float32", ())
        assert t.filter(0.1).dtype == np.float32
        with pytest.raises(TypeError):
            t.filter(0.1, allow_downcast=False)
    finally:
        config.floatX = "float64"


def test_ndim_and_static_sizes_are_checked():
    with pytest.raises(TypeError, match="expects 1 dimension"):
        T.filter(np.zeros((2, 2), np.float32))
    with pytest.raises(ValueError, match="static size 3"):
        TensorType("float32", (3,)).filter(np.zeros(4, np.float32))


def test_object_values_are_type_errors():
    with pytest.raises(TypeError):
        T.filter(["a", "b"])
