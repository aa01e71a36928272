"""Bound functions (Executable.bind): the argument protocol symc.function
relies on, shared cells and their atomic updates, NumPy as the oracle."""

import gc
import threading

import numpy as np
import pytest

from test_native_call import FAIL_MESSAGE, fail_ir

# step(x, y, s) = (x * y + s, s + x): one output and the new value of s.
STEP = """
func.func @step(%x: tensor<?xf64>, %y: tensor<?xf64>, %s: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>,
                                          affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%x, %y, %s : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) outs(%e0, %e1 : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %c: f64, %o0: f64, %o1: f64):
    %p = arith.mulf %a, %b : f64
    %out = arith.addf %p, %c : f64
    %new = arith.addf %c, %a : f64
    linalg.yield %out, %new : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}
"""


@pytest.fixture
def step(compile_ir):
    return compile_ir(STEP, "step")


def test_updates_are_committed_after_a_successful_call(native, step):
    s0 = np.arange(3.0)
    cell = native.SharedCell(s0, name="s")
    f = step.bind(names=["x", "y"], shared=[cell], updates=[(1, cell)], n_outputs=1, output_kind="single",
                  name="step")
    x, y = np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0])
    out = f(x, y)
    np.testing.assert_array_equal(out, x * y + s0)
    np.testing.assert_array_equal(cell.value, s0 + x)
    out2 = f(y=y, x=x)
    np.testing.assert_array_equal(out2, x * y + s0 + x)
    np.testing.assert_array_equal(cell.value, s0 + 2 * x)
    np.testing.assert_array_equal(s0, np.arange(3.0))  # the old value was replaced, not written


def test_arguments_bind_by_position_then_name_then_default(native, step):
    cell = native.SharedCell(np.zeros(2), name="s")
    f = step.bind(names=["x", "y"], defaults=[native.NO_DEFAULT, np.array([3.0, 4.0])], shared=[cell],
                  n_outputs=1, name="g")
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(f(x), [3.0, 8.0])
    np.testing.assert_array_equal(f(x=x), [3.0, 8.0])
    np.testing.assert_array_equal(f(x, np.ones(2)), [1.0, 2.0])
    np.testing.assert_array_equal(f(y=np.ones(2), x=x), [1.0, 2.0])
    with pytest.raises(TypeError, match=r"g\(\) missing required argument 'x'"):
        f()
    with pytest.raises(TypeError, match=r"g\(\) missing required argument 'x'"):
        f(y=x)
    with pytest.raises(TypeError, match=r"g\(\) got multiple values for argument 'x'"):
        f(x, x=x)
    with pytest.raises(TypeError, match=r"g\(\) got an unexpected keyword argument 'z'"):
        f(x, z=x)
    with pytest.raises(TypeError, match=r"g\(\) takes 2 arguments but 3 were given"):
        f(x, x, x)


def test_unnamed_inputs_are_named_by_position_in_errors(native, step):
    cell = native.SharedCell(np.zeros(2))
    f = step.bind(names=[None, "y"], shared=[cell], n_outputs=1, name="h")
    with pytest.raises(TypeError, match=r"h\(\) missing required argument #0"):
        f(y=np.ones(2))
    with pytest.raises(TypeError, match=r"input #0: expected a float64 array of shape \(\?,\), got an object"):
        f([1.0, 2.0], np.ones(2))


def test_output_kinds(native, step):
    cell = native.SharedCell(np.zeros(2))
    x = np.array([1.0, 2.0])
    as_list = step.bind(names=["x", "y"], shared=[cell], n_outputs=2, output_kind="list")
    out = as_list(x, x)
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_array_equal(out[1], x)
    nothing = step.bind(names=["x", "y"], shared=[cell], updates=[(1, cell)], n_outputs=0, output_kind="none")
    assert nothing(x, x) is None
    np.testing.assert_array_equal(cell.value, x)
    with pytest.raises(ValueError, match="output_kind='single' needs n_outputs=1"):
        step.bind(names=["x", "y"], shared=[cell], n_outputs=2, output_kind="single")
    with pytest.raises(ValueError, match="2 names and 0 shared cells, but the function takes 3 inputs"):
        step.bind(names=["x", "y"])
    with pytest.raises(ValueError, match="update result index 5 out of range"):
        step.bind(names=["x", "y"], shared=[cell], updates=[(5, cell)])


def test_convert_is_called_for_anything_not_an_exact_array(native, step):
    cell = native.SharedCell(np.zeros(3))
    calls = []

    def convert(position, value):
        calls.append((position, type(value).__name__))
        array = np.asarray(value)
        if array.dtype.kind not in "fiu":
            raise TypeError(f"input {position}: cannot convert {array.dtype}")
        return array.astype(np.float64)

    f = step.bind(names=["x", "y"], shared=[cell], n_outputs=1, convert=convert)
    np.testing.assert_array_equal(f([1, 2, 3], np.ones(3, np.float32)), [1.0, 2.0, 3.0])
    assert calls == [(0, "list"), (1, "ndarray")]
    calls.clear()
    f(np.ones(3), np.ones(3))
    assert calls == []  # exact arrays never reach convert
    with pytest.raises(TypeError, match="cannot convert <U1"):
        f(["a", "b", "c"], np.ones(3))
    bad = step.bind(names=["x", "y"], shared=[cell], n_outputs=1, convert=lambda i, v: v)
    with pytest.raises(TypeError, match=r"input 'x': expected a float64 array of shape \(\?,\), got an object of type list"):
        bad([1.0, 2.0, 3.0], np.ones(3))


def test_trust_input_skips_conversion(native, step):
    cell = native.SharedCell(np.zeros(2))
    f = step.bind(names=["x", "y"], shared=[cell], n_outputs=1, convert=lambda i, v: np.asarray(v, np.float64))
    assert f.trust_input is False
    f.trust_input = True
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(f(x, x), x * x)
    np.testing.assert_array_equal(f(x[::-1], x), x[::-1] * x)  # layouts are still handled
    with pytest.raises(TypeError):
        f([1.0, 2.0], x)


def test_shared_inputs_are_checked_and_named(native, compile_ir, ir):
    body = "%r0 = arith.addf %a0, %a1 : f64"
    exe = compile_ir(ir.elementwise("f", (3,), ["float64"] * 2, "float64", body), "f")
    cell = native.SharedCell(np.ones(3), name="W")
    f = exe.bind(names=["x"], shared=[cell], n_outputs=1)
    np.testing.assert_array_equal(f(np.ones(3)), 2 * np.ones(3))
    cell.value = np.ones(4)
    with pytest.raises(ValueError, match=r"shared variable 'W': expected a float64 array of shape \(3,\), got shape \(4,\)"):
        f(np.ones(3))
    cell.value = np.ones(3, np.float32)
    with pytest.raises(TypeError, match=r"shared variable 'W': expected a float64 array"):
        f(np.ones(3))
    with pytest.raises(TypeError, match="must be a numpy.ndarray"):
        cell.value = [1.0, 2.0, 3.0]


def test_a_failed_call_leaves_every_cell_unchanged(native, compile_ir):
    exe = compile_ir(fail_ir(FAIL_MESSAGE), "f")
    x0 = np.arange(3.0)
    cell_x, cell_y = native.SharedCell(x0, name="x"), native.SharedCell(np.ones(3), name="y")
    f = exe.bind(names=[], shared=[cell_x, cell_y], updates=[(0, cell_x), (0, cell_y)], n_outputs=0)
    assert f() is None
    np.testing.assert_array_equal(cell_x.value, x0 + 1)
    np.testing.assert_array_equal(cell_y.value, x0 + 1)
    assert cell_x.value is not cell_y.value  # one result, two cells: each gets its own array
    cell_y.value = np.ones(4)
    before_x, before_y = cell_x.value, cell_y.value
    gc.collect()
    live = native.live_buffers()
    with pytest.raises(ValueError, match=r"operand shapes \(3,\) and \(4,\)"):
        f()
    assert cell_x.value is before_x and cell_y.value is before_y
    np.testing.assert_array_equal(cell_x.value, x0 + 1)
    assert native.live_buffers() == live


def test_a_cell_never_aliases_an_array_returned_to_the_user(native, step):
    cell = native.SharedCell(np.zeros(2))
    f = step.bind(names=["x", "y"], shared=[cell], updates=[(0, cell)], n_outputs=1)
    x = np.array([1.0, 2.0])
    out = f(x, x)
    assert not np.shares_memory(out, cell.value)
    out[:] = 99
    np.testing.assert_array_equal(cell.value, x * x)


def test_eight_threads_share_cells_safely(native, step):
    cell = native.SharedCell(np.zeros(64), name="s")
    f = step.bind(names=["x", "y"], shared=[cell], updates=[(1, cell)], n_outputs=1, name="step")
    reader = step.bind(names=["x", "y"], shared=[cell], n_outputs=1)
    errors = []

    def work(seed):
        rng = np.random.default_rng(seed)
        try:
            for _ in range(300):
                x, y = rng.standard_normal(64), rng.standard_normal(64)
                out = reader(np.zeros(64), y)
                assert out.shape == (64,)
                f(np.ones(64), y)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    # Every update adds ones to some value the cell held: the cell holds a
    # whole, uniform array (updates were never torn).
    value = cell.value
    assert value.shape == (64,) and np.all(value == value[0]) and 1 <= value[0] <= 8 * 300


def test_bind_instantiates_a_subclass_called_through_vectorcall(native, step):
    class Named(native.BoundFunction):
        __slots__ = ("tag", "__weakref__")

    s0 = np.arange(3.0)
    cell = native.SharedCell(s0, name="s")
    f = step.bind(names=["x", "y"], shared=[cell], updates=[(1, cell)], n_outputs=1, output_kind="single",
                  name="step", cls=Named)
    assert type(f) is Named and isinstance(f, native.BoundFunction)
    f.tag = "mine"
    x, y = np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0])
    np.testing.assert_array_equal(f(y=y, x=x), x * y + s0)
    np.testing.assert_array_equal(cell.value, s0 + x)
    f.trust_input = True
    np.testing.assert_array_equal(f(x, y), x * y + s0 + x)
    ref = __import__("weakref").ref(f)
    del f
    gc.collect()
    assert ref() is None


def test_bind_rejects_classes_it_cannot_call_natively(native, step):
    class Calls(native.BoundFunction):
        def __call__(self, *args):
            return None

    with pytest.raises(TypeError, match="must not define __call__"):
        step.bind(cls=Calls)
    with pytest.raises(TypeError, match="subclass of BoundFunction"):
        step.bind(cls=dict)
