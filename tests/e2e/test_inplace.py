"""symc-inplace end to end: shared-variable updates written into the
variable's own buffer (no allocation for `W - lr * gW`), the failure
invariant (a call whose run-time check fails leaves every shared variable
as it was), aliasing corner cases, In(mutable=True), and concurrent calls.
NumPy is the oracle; the runtime's allocation counter measures what a call
allocates."""

import re
import threading

import numpy as np
import pytest
from function_support import assert_close, private_compiledir, skip_module_without_native  # noqa: F401

skip_module_without_native()

import symc  # noqa: E402
import symc.tensor as st  # noqa: E402
from symc import _native  # noqa: E402
from symc.compile import native as native_backend  # noqa: E402


def allocations(call, *args):
    """Runtime buffers one call allocates (results included)."""
    before = _native.allocation_count()
    out = call(*args)
    return _native.allocation_count() - before, out


def linear_regression(n_in=5, n_out=3, seed=0):
    r = np.random.default_rng(seed)
    W = symc.shared(r.standard_normal((n_in, n_out)), name="W")
    b = symc.shared(np.zeros(n_out), name="b")
    x, y = st.dmatrix("x"), st.dmatrix("y")
    err = st.dot(x, W) + b - y
    cost = (err ** 2).sum() / x.shape[0]
    gW, gb = symc.grad(cost, [W, b])
    lr = 0.1
    step = symc.function([x, y], cost, updates=[(W, W - lr * gW), (b, b - lr * gb)])
    return W, b, step, lr


def numpy_step(W, b, x, y, lr):
    err = x @ W + b - y
    cost = (err ** 2).sum() / len(x)
    gW = 2 * x.T @ err / len(x)
    gb = 2 * err.sum(axis=0) / len(x)
    return cost, W - lr * gW, b - lr * gb


def test_training_step_updates_the_variables_own_buffers():
    W, b, step, lr = linear_regression()
    exe = step.maker.executable
    r = np.random.default_rng(1)
    x, y = r.standard_normal((8, 5)), r.standard_normal((8, 3))
    W_buffer, b_buffer = W.get_value(borrow=True), b.get_value(borrow=True)
    for _ in range(3):
        want_cost, want_W, want_b = numpy_step(W.get_value(), b.get_value(), x, y, lr)
        cost = step(x, y)
        assert_close(cost, want_cost)
        assert_close(W.get_value(), want_W)
        assert_close(b.get_value(), want_b)
        # The same arrays, written in place: no new value was swapped in.
        assert W.get_value(borrow=True) is W_buffer
        assert b.get_value(borrow=True) is b_buffer
    assert len(exe.inplace_inputs) == 2
    assert len(exe.output_types) == 1


def _without_inplace(ir):
    return re.sub(r" \{symc\.inplace_update = \d+ : i64\}", "", ir)


def allocations_with_updates_as_results(step, *args):
    """The allocation count of `step` compiled from the same IR without the
    in-place attributes: its updates come back as results and are
    committed by swapping arrays (the baseline in-place updates must beat)."""
    maker = step.maker
    exe = native_backend.compile(_without_inplace(maker.ir), maker.symbol)
    cells = [s.container for s in maker.shared]
    n_out = len(maker.outputs)
    bound = exe.bind(shared=cells, updates=[(n_out + j, s.container) for j, (s, _) in enumerate(maker.updates)],
                     n_outputs=n_out)
    bound(*args)  # warm the pool
    count, _ = allocations(bound, *args)
    return count


def test_update_allocates_nothing():
    W = symc.shared(np.ones((4, 3)), name="W")
    g = st.dmatrix("g")
    f = symc.function([g], [], updates={W: W - 0.5 * g})
    grad = np.full((4, 3), 2.0)
    f(grad)  # warm the pool
    count, _ = allocations(f, grad)
    assert count == 0
    assert_close(W.get_value(), np.ones((4, 3)) - 2 * 0.5 * 2.0)


def test_training_step_allocates_less_than_with_updates_as_results():
    W, b, step, lr = linear_regression()
    r = np.random.default_rng(2)
    x, y = r.standard_normal((16, 5)), r.standard_normal((16, 3))
    step(x, y)
    inplace_count, _ = allocations(step, x, y)

    copy_count = allocations_with_updates_as_results(step, x, y)
    # In place, BLAS accumulates W's update into W's own buffer and b's
    # update is computed into b's; as results, both need buffers of their
    # own (W's gemm copies W into a fresh accumulator).
    assert inplace_count + 2 <= copy_count, (inplace_count, copy_count)


BUFFERIZED = ("builtin.module(symc-prepare-calling-convention,convert-symc-to-linalg,canonicalize,cse,"
              "func.func(linalg-fuse-elementwise-ops),canonicalize,cse,symc-inplace,"
              "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},"
              "canonicalize)")


def test_training_step_ir_computes_updates_into_the_variables():
    W, b, step, lr = linear_regression()
    ir = native_backend.stage_ir(step.maker.ir, BUFFERIZED)
    body = ir[ir.index("func.func @"):]
    # Inputs x, y, then W (%arg2) and b (%arg3): the updates are generics
    # writing the arguments themselves, and nothing is copied into them.
    assert re.search(r"outs\(%arg2 : memref<\?x\?xf64>\)", body)
    assert re.search(r"outs\(%arg3 : memref<\?xf64>\)", body)
    assert not re.search(r"memref\.copy [^\n]*, %arg[23] ", body)
    # Only the cost is a result.
    assert re.search(r"func\.func @\w+\([^)]*\) -> memref<f64>", body)


def mlp(n_in=12, n_hidden=8, n_out=4, seed=5):
    """The 2-layer MLP step of examples/mlp_digits.py (tanh hidden layer,
    softmax output, mean NLL, SGD on W1, b1, W2, b2)."""
    r = np.random.default_rng(seed)
    params = [symc.shared(0.3 * r.standard_normal((n_in, n_hidden)), name="W1"),
              symc.shared(0.1 * r.standard_normal(n_hidden), name="b1"),
              symc.shared(0.3 * r.standard_normal((n_hidden, n_out)), name="W2"),
              symc.shared(0.1 * r.standard_normal(n_out), name="b2")]
    W1, b1, W2, b2 = params
    x, y = st.dmatrix("x"), st.lvector("y")
    h = st.tanh(st.dot(x, W1) + b1)
    p = st.nnet.softmax(st.dot(h, W2) + b2)
    cost = st.nnet.categorical_crossentropy(p, y).mean()
    lr = 0.1
    grads = symc.grad(cost, params)
    step = symc.function([x, y], cost, updates=[(v, v - lr * g) for v, g in zip(params, grads)])
    return params, step, lr


def numpy_mlp_step(W1, b1, W2, b2, x, y, lr):
    h = np.tanh(x @ W1 + b1)
    z = h @ W2 + b2
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n = len(x)
    cost = -np.log(p[np.arange(n), y]).mean()
    dz = p.copy()
    dz[np.arange(n), y] -= 1
    dz /= n
    dh = (dz @ W2.T) * (1 - h ** 2)
    return cost, [W1 - lr * x.T @ dh, b1 - lr * dh.sum(0), W2 - lr * h.T @ dz, b2 - lr * dz.sum(0)]


def test_mlp_step_allocates_no_buffer_for_its_updates():
    params, step, lr = mlp()
    r = np.random.default_rng(6)
    x, y = r.standard_normal((10, 12)), r.integers(0, 4, 10)
    buffers = [v.get_value(borrow=True) for v in params]
    for _ in range(2):
        want_cost, want = numpy_mlp_step(*[v.get_value() for v in params], x, y, lr)
        assert_close(step(x, y), want_cost)
        for v, w, buf in zip(params, want, buffers):
            assert_close(v.get_value(), w)
            assert v.get_value(borrow=True) is buf
    inplace_count, _ = allocations(step, x, y)

    copy_count = allocations_with_updates_as_results(step, x, y)
    # As results, each of the four new values needs a buffer of its own.
    assert inplace_count + 4 <= copy_count, (inplace_count, copy_count)

    # The bufferized step: BLAS accumulates the weight updates into W1's and
    # W2's own buffers (gemm with C = W), the bias updates are loops writing
    # b1 and b2, and nothing is copied anywhere: not the weights, not the
    # transposed operands of the backward products.
    maker = step.maker
    optimized = native_backend.stage_ir(maker.ir, maker.mode.optimizer_pipeline)
    assert len(re.findall(r"symc\.gemm ", optimized)) == 5  # 2 forward, 3 backward
    ir = native_backend.stage_ir(optimized, BUFFERIZED_FUSED)
    body = ir[ir.index("func.func @"):]
    assert "memref.copy" not in body
    assert len(re.findall(r"call @symc_rt_gemm_f64", body)) == 5
    for w in ("%arg2", "%arg4"):  # W1, W2
        assert re.search(rf"memref\.extract_aligned_pointer_as_index {w} ", body), w
    for b in ("%arg3", "%arg5"):  # b1, b2
        assert re.search(rf"outs\({b} : memref<\?xf64>\)", body), b
    assert re.search(r"func\.func @\w+\([^)]*\) -> memref<f64>", body)


BUFFERIZED_FUSED = ("builtin.module(symc-prepare-calling-convention,convert-symc-to-linalg,canonicalize,cse,"
                    "func.func(symc-fuse-elementwise),canonicalize,cse,func.func(symc-untie-empty-tensors),"
                    "symc-inplace,one-shot-bufferize{bufferize-function-boundaries "
                    "function-boundary-type-conversion=identity-layout-map},canonicalize)")


@pytest.mark.parametrize("variant", ["update_read_by_output", "independent_update", "two_variables",
                                     "gemm_update_size_check", "gemm_update_index_check"])
def test_failed_call_leaves_shared_variables_unchanged(variant):
    W = symc.shared(np.arange(6.0).reshape(2, 3), name="W")
    b = symc.shared(np.arange(3.0), name="b")
    i = st.lscalar("i")
    x = st.dmatrix("x")
    if variant.startswith("gemm_update"):
        # W - lr * x^T.err: BLAS accumulates into W's buffer, after every
        # check: the size checks of `err` (x.W + b - y) and of b's update move
        # above that product, and so does an index check of an output.
        y = st.dmatrix("y")
        err = st.dot(x, W) + b - y
        gW, gb = symc.grad((err ** 2).sum(), [W, b])
        updates = [(W, W - 0.1 * gW), (b, b - 0.1 * gb)]
        if variant == "gemm_update_size_check":
            f = symc.function([x, y], (err ** 2).sum(), updates=updates)
            bad = (np.ones((4, 2)), np.ones((5, 3)))
            good = (np.ones((4, 2)), np.zeros((4, 3)))
        else:
            f = symc.function([x, y, i], [(err ** 2).sum(), x[i]], updates=updates)
            bad = (np.ones((4, 2)), np.zeros((4, 3)), 9)
            good = (np.ones((4, 2)), np.zeros((4, 3)), 1)
    elif variant == "update_read_by_output":
        # The update is computed before the failing index check reads it.
        W_new = W * 2.0
        f = symc.function([i], W_new[i], updates={W: W_new})
        bad = (7,)
        good = (1,)
    elif variant == "independent_update":
        f = symc.function([i, x], x[i], updates={W: W - 1.0})
        bad = (5, np.ones((2, 3)))
        good = (0, np.ones((2, 3)))
    else:
        # A shape check of dot fails; both updates are elementwise.
        f = symc.function([x], st.dot(x, W).sum(), updates=[(W, W * 0.5), (b, b + x.sum())])
        bad = (np.ones((3, 4)),)
        good = (np.ones((4, 2)),)
    W0, b0 = W.get_value(), b.get_value()
    with pytest.raises(ValueError):
        f(*bad)
    assert_close(W.get_value(), W0)
    assert_close(b.get_value(), b0)
    f(*good)
    assert not np.allclose(W.get_value(), W0)


def test_outputs_of_old_and_new_values_do_not_alias_the_variable():
    W = symc.shared(np.array([1.0, 2.0, 3.0]), name="W")
    W_new = W + 10.0
    f = symc.function([], [W, W_new, W[1:]], updates={W: W_new})
    old, new, tail = f()
    assert_close(old, [1.0, 2.0, 3.0])
    assert_close(new, [11.0, 12.0, 13.0])
    assert_close(tail, [2.0, 3.0])
    assert_close(W.get_value(), [11.0, 12.0, 13.0])
    buffer = W.get_value(borrow=True)
    for out in (old, new, tail):
        assert not np.shares_memory(out, buffer)
    new[:] = 0.0
    assert_close(W.get_value(), [11.0, 12.0, 13.0])


def test_swap_two_variables():
    a = symc.shared(np.array([1.0, 2.0]), name="a")
    b = symc.shared(np.array([3.0, 4.0]), name="b")
    f = symc.function([], [], updates={a: b, b: a})
    f()
    assert_close(a.get_value(), [3.0, 4.0])
    assert_close(b.get_value(), [1.0, 2.0])


def test_update_by_a_constant_and_by_another_variable():
    count = symc.shared(np.array(0.0), name="count")
    src = symc.shared(np.array([5.0, 6.0]), name="src")
    dst = symc.shared(np.zeros(2), name="dst")
    f = symc.function([], [], updates=[(count, st.constant(3.0)), (dst, src * 2)])
    f()
    assert count.get_value() == 3.0
    assert_close(dst.get_value(), [10.0, 12.0])
    assert_close(src.get_value(), [5.0, 6.0])


def test_updates_that_change_the_variables_shape():
    # The new value is not stored into the variable's buffer (which has room
    # for the old shape only: this wrote past it and corrupted the heap);
    # the variable gets the new array, as in Theano. An update of the same
    # shape in the same function is still written in place.
    s = symc.shared(np.arange(3.0), name="s")
    W = symc.shared(np.ones(4), name="W")
    x = st.dvector("x")
    f = symc.function([x], [s, s.sum()], updates=[(s, st.concatenate([s, x]) * 2), (W, W - x[:4])])
    exe = f.maker.compile()
    assert exe.inplace_inputs == [2]  # W; s's update is a result
    W_buffer = W.get_value(borrow=True)
    old, total = f(np.array([1.0, 2.0, 3.0, 4.0]))
    assert_close(old, [0.0, 1.0, 2.0])
    assert total == 3.0
    assert_close(s.get_value(), [0.0, 2.0, 4.0, 2.0, 4.0, 6.0, 8.0])
    assert_close(W_buffer, [0.0, -1.0, -2.0, -3.0])  # in place
    old, _ = f(np.array([1.0, 1.0, 1.0, 1.0]))
    assert old.shape == (7,) and s.get_value().shape == (11,)
    assert_close(s.get_value()[-4:], [2.0, 2.0, 2.0, 2.0])
    # A shrinking update, and a variable updated from another one.
    t = symc.shared(np.arange(6.0), name="t")
    u = symc.shared(np.zeros(2), name="u")
    g = symc.function([], [], updates=[(t, t[::2]), (u, t[:3])])
    g()
    assert_close(t.get_value(), [0.0, 2.0, 4.0])
    assert_close(u.get_value(), [0.0, 1.0, 2.0])


def test_variable_array_passed_as_an_input_too():
    W = symc.shared(np.array([1.0, 2.0, 3.0]), name="W")
    x = st.dvector("x")
    f = symc.function([x], (x * W).sum(), updates={W: W + x})
    alias = W.get_value(borrow=True)
    out = f(alias)  # x is W's own array: the update must not change x mid-call
    assert out == pytest.approx(1 + 4 + 9)
    assert_close(W.get_value(), [2.0, 4.0, 6.0])
    assert_close(alias, [1.0, 2.0, 3.0])


def test_non_contiguous_or_read_only_variable_value():
    W = symc.shared(np.zeros(3), name="W")
    f = symc.function([], [], updates={W: W + 1.0})
    big = np.arange(6.0)
    W.set_value(big[::2], borrow=True)
    f()
    assert_close(W.get_value(), [1.0, 3.0, 5.0])
    assert_close(big, np.arange(6.0))  # the strided view was copied, then replaced
    frozen = np.array([1.0, 1.0, 1.0])
    frozen.setflags(write=False)
    W.set_value(frozen, borrow=True)
    f()
    assert_close(W.get_value(), [2.0, 2.0, 2.0])
    assert_close(frozen, [1.0, 1.0, 1.0])


def test_checking_modes_keep_updates_as_results():
    W = symc.shared(np.ones(2), name="W")
    f = symc.function([], [], updates={W: W * 3.0}, mode="DebugMode")
    assert "symc.inplace_update" not in f.maker.ir
    f()
    assert_close(W.get_value(), [3.0, 3.0])


def test_user_inputs_are_never_written():
    x = st.dvector("x")
    f = symc.function([x], st.exp(x) * 2.0 + 1.0)
    v = np.array([0.0, 1.0, 2.0])
    keep = v.copy()
    assert_close(f(v), np.exp(keep) * 2 + 1)
    assert_close(v, keep)


def test_mutable_input_may_be_overwritten():
    x = st.dvector("x")
    f = symc.function([symc.In(x, mutable=True)], st.exp(x).sum())
    assert "symc.mutable" in f.maker.ir
    v = np.array([0.0, 1.0, 2.0])
    assert f(v) == pytest.approx(np.exp([0.0, 1.0, 2.0]).sum())
    assert f.maker.executable.mutable_inputs == [0]
    frozen = np.array([0.0, 0.0])
    frozen.setflags(write=False)
    assert f(frozen) == pytest.approx(2.0)  # a read-only array is copied first
    assert_close(frozen, [0.0, 0.0])


def test_executable_call_rejects_an_in_place_input_it_would_copy():
    W = symc.shared(np.zeros(4), name="W")
    f = symc.function([], [], updates={W: W + 1.0})
    exe = f.maker.executable
    assert exe.inplace_inputs == [0]
    buf = np.zeros(4)
    exe(buf)
    assert_close(buf, np.ones(4))
    with pytest.raises(ValueError, match="updated in place"):
        exe(np.zeros(8)[::2])


def test_concurrent_calls_do_not_crash_or_leak():
    W, b, step, lr = linear_regression(n_in=16, n_out=8)
    r = np.random.default_rng(3)
    x, y = r.standard_normal((32, 16)), r.standard_normal((32, 8))
    step(x, y)
    live = _native.live_buffers()
    errors = []

    def work():
        try:
            for _ in range(200):
                step(x, y)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert np.all(np.isfinite(W.get_value())) and np.all(np.isfinite(b.get_value()))
    assert _native.live_buffers() == live


GEMM_IR = """
func.func @f(%alpha: tensor<f64>, %a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %beta: tensor<f64>,
             %x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c = symc.exp %x : tensor<?x?xf64>
  %r = symc.gemm %alpha, %a, %b, %beta, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}
"""


def test_gemm_accumulates_into_a_dead_c():
    exe = native_backend.compile(GEMM_IR, "f")
    r = np.random.default_rng(4)
    a, b, x = r.standard_normal((5, 3)), r.standard_normal((3, 4)), r.standard_normal((5, 4))
    args = (np.array(2.0), a, b, np.array(0.5), x)
    exe(*args)
    count, (out,) = allocations(exe, *args)
    assert_close(out, 2.0 * a @ b + 0.5 * np.exp(x))
    # exp(x) is computed into the result's buffer and BLAS accumulates into
    # it: one buffer per call, no copy of C.
    assert count == 1
