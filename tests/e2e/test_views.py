"""Views end to end: transposes, dimshuffles, reshapes and basic slicing
give NumPy's results on strided (non-contiguous) data, a transposed matrix
feeding a BLAS product is read through a view (the IR has no transposing
copy), and outputs that would alias an input come back as copies unless
they are Out(borrow=True) views of an input."""

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc import _native  # noqa: E402
from symc.compile import native as native_backend  # noqa: E402

LOWERED = "builtin.module(symc-prepare-calling-convention,convert-symc-to-linalg,canonicalize,cse)"


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("layout", ["contiguous", "fortran", "strided"])
def test_dot_of_transposes(layout):
    x, y = st.dmatrix("x"), st.dmatrix("y")
    f = symc.function([x, y], [st.dot(x.T, y), st.dot(y.T, x).T, st.dot(x[:, ::2].T, y)])
    a, b = rand(7, 6, seed=1), rand(7, 4, seed=2)
    if layout == "fortran":
        a, b = np.asfortranarray(a), np.asfortranarray(b)
    elif layout == "strided":
        a, b = rand(14, 12, seed=1)[::2, ::2], rand(7, 8, seed=2)[:, ::2]
    r1, r2, r3 = f(a, b)
    assert_close(r1, a.T @ b)
    assert_close(r2, (b.T @ a).T)
    assert_close(r3, a[:, ::2].T @ b)


def test_transpose_into_blas_is_a_view_in_the_ir():
    x, y = st.dmatrix("x"), st.dmatrix("y")
    f = symc.function([x, y], st.dot(x.T, y))
    lowered = native_backend.stage_ir(f.maker.ir, LOWERED)
    assert "memref.transpose" in lowered
    assert "linalg.generic" not in lowered  # no transposing copy


def test_reshape_dimshuffle_and_slices_of_strided_data():
    x = st.dtensor3("x")
    y = x[1:, ::2, ::-1]
    outs = [y.dimshuffle(2, 0, 1), y.dimshuffle(0, "x", 1, 2), x.reshape((-1, x.shape[2]))[::3],
            x[0].T.reshape((-1,)), (y.dimshuffle(1, 0, 2) * 2.0).sum(axis=0)]
    f = symc.function([x], outs)
    for v in (rand(4, 6, 5), rand(8, 6, 10)[::2, :, ::2], np.asfortranarray(rand(4, 6, 5))):
        w = v[1:, ::2, ::-1]
        want = [w.transpose(2, 0, 1), w[:, None], v.reshape(-1, v.shape[2])[::3], v[0].T.reshape(-1),
                (w.transpose(1, 0, 2) * 2.0).sum(axis=0)]
        for got, expected in zip(f(v), want):
            assert_close(got, expected)


def test_outputs_that_view_an_input_are_copies():
    x = st.dmatrix("x")
    f = symc.function([x], [x.T, x[1:], x.reshape((-1,)), x.dimshuffle("x", 0, 1)])
    v = rand(3, 4)
    keep = v.copy()
    results = f(v)
    for r in results:
        assert not np.shares_memory(r, v)
        r[...] = 0.0
    assert_close(v, keep)


def test_borrowed_outputs_that_view_an_input_are_views():
    # Out(borrow=True): the caller accepts an output aliasing its input, so
    # a transpose, dimshuffle or constant slice of an input (or the input
    # itself) comes back as a NumPy view of the argument, allocating nothing.
    x = st.dmatrix("x")
    borrowed = [x, x.T, x[1:, ::2], x.dimshuffle(1, "x", 0)]
    f = symc.function([x], [symc.Out(o, borrow=True) for o in borrowed] + [(x * 2.0).sum()])
    v = rand(3, 4)
    f(v)
    before = _native.allocation_count()
    *views, total = f(v)
    assert _native.allocation_count() - before == 1  # the sum's result only
    for got, want in zip(views, [v, v.T, v[1:, ::2], v.T[:, None, :]]):
        assert_close(got, want)
        assert np.shares_memory(got, v)
    assert views[0] is v
    assert_close(total, 2.0 * v.sum())
    # A keyword argument, and one that needs converting (a list): the views
    # show the array the kernel computed with.
    assert np.shares_memory(f(x=v)[1], v)
    converted = f([[1.0, 2.0], [3.0, 4.0]])
    assert_close(converted[1], [[1.0, 3.0], [2.0, 4.0]])
    assert_close(converted[4], 20.0)
    with pytest.raises(TypeError):
        f(np.ones(3))


def test_borrowed_outputs_that_compute_or_cannot_view_are_copies():
    x = st.dmatrix("x")
    # A reshape, a computed value, a mutable input, and an input of a
    # function with updates (the caller may pass the variable's own array,
    # which the call overwrites) stay results of the kernel: fresh arrays.
    f = symc.function([x], [symc.Out(x.reshape((-1,)), borrow=True), symc.Out(x * 1.0, borrow=True)])
    v = rand(2, 3)
    assert not any(np.shares_memory(r, v) for r in f(v))
    g = symc.function([symc.In(x, mutable=True)], symc.Out(x.T, borrow=True))
    assert not np.shares_memory(g(v), v)
    W = symc.shared(np.zeros((2, 3)), name="W")
    h = symc.function([x], symc.Out(x.T, borrow=True), updates={W: W + x})
    out = h(W.get_value(borrow=True))
    assert not np.shares_memory(out, W.get_value(borrow=True))
    assert_close(out, np.zeros((3, 2)))
    # Checking modes compare kernel results: no views there either.
    d = symc.function([x], symc.Out(x.T, borrow=True), mode="DebugMode")
    assert not np.shares_memory(d(v), v)
    # Without borrow=True an output never aliases an input.
    assert not np.shares_memory(symc.function([x], x.T)(v), v)
