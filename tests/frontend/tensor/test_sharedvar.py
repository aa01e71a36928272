"""Shared variables without the native extension (Python cells)."""

import numpy as np
import pytest

import symc
from symc.errors import SymcTypeError


def test_type_from_value_with_dynamic_sizes():
    s = symc.shared(np.zeros((2, 3), np.float32), name="s")
    assert s.type.dtype == "float32" and s.type.shape == (None, None)
    assert symc.shared(1.5).type.shape == () and symc.shared(1.5).dtype == "float64"
    assert symc.shared([1, 2]).dtype == "int64"
    b = symc.shared(np.zeros((1, 3)), broadcastable=(True, False))
    assert b.type.shape == (1, None)
    f = symc.shared(np.zeros((2, 3)), shape=(2, None))
    assert f.type.shape == (2, None)


def test_get_and_set_value_copy_unless_borrowed():
    v = np.arange(3.0)
    s = symc.shared(v)
    v[0] = 100.0
    assert s.get_value()[0] == 0.0
    got = s.get_value()
    got[1] = 50.0
    assert s.get_value()[1] == 1.0
    internal = s.get_value(borrow=True)
    assert internal is s.get_value(borrow=True)
    w = np.ones(3)
    s.set_value(w)
    w[0] = 7.0
    assert s.get_value()[0] == 1.0
    s.set_value(w, borrow=True)
    assert s.get_value(borrow=True) is w
    shared_v = symc.shared(v, borrow=True)
    assert shared_v.get_value(borrow=True) is v


def test_set_value_checks_type():
    s = symc.shared(np.zeros(3), name="s")
    with pytest.raises(TypeError, match="'s'.* expects 1 dimension"):
        s.set_value(np.zeros((2, 2)))
    s.set_value(np.arange(3, dtype=np.int32))  # safe upcast
    assert s.get_value().dtype == np.float64
    i = symc.shared(np.zeros(3, np.int32), name="i")
    with pytest.raises(TypeError, match="loss of precision"):
        i.set_value(np.zeros(3))
    fixed = symc.shared(np.zeros(3), shape=(3,), name="fixed")
    with pytest.raises(ValueError, match="static size 3"):
        fixed.set_value(np.zeros(4))


def test_shared_variables_take_part_in_expressions():
    s = symc.shared(np.zeros(3), name="s")
    y = (s * 2).sum()
    assert y.owner is not None and s.owner is None
    with pytest.raises(SymcTypeError):
        symc.shared(s)
    with pytest.raises(SymcTypeError, match="not supported"):
        symc.shared(np.zeros(3, np.float16))
