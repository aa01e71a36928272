"""Backpropagation through time: the gradient of a Scan is a Scan.

Forward, step ``t`` computes ``(c[t+1], y[t]) = F(c[t], x[t], v)``. The
gradient runs ``t = s-1, ..., 0`` (a ``reverse`` Scan over the forward's
rows) carrying ``g = dL/dc[t+1]``::

    (gc, gx, gv) = vjp(F at c[t], x[t], v)(g, dy[t])
    g   <- gc + dh[t]          (dh: the gradient of the carry's history row t)
    acc <- acc + gv            (the invariants' gradient, summed over steps)
    step output: gx            (row t of the sequences' gradient)

The states ``c[t]`` come from the forward's histories (a replay of the
forward with every history kept is built only if some carry had none). The
backward body differentiates a copy of the forward body, in which each
next carry and step output is then replaced by the forward's stored row, so
the copy of F is only evaluated where the gradient needs values the forward
did not keep. ``truncate_gradient = k`` limits the backward loop to the last
``k`` steps.

The backward loop is a ``reverse`` Scan; its own gradient (second
derivatives, Hessian-vector products) differentiates the forward Scan of
the same body over the reversed sequences (:func:`_reverse_scan_grad`).
"""

from ..gradient.core import ZERO, is_float, reverse, zeros_for
from ..graph.replace import clone, replace
from ..graph.traversal import ancestors
from ..tensor import math as tm
from ..tensor.shape import zeros_like
from ..tensor.subtensor import set_subtensor


def _placeholder(t, name):
    return t.make_variable(name=name)


def _materialize(g, like):
    return zeros_for(like) if g is None or g is ZERO else g


def scan_grad(op, inputs, outputs, output_grads):
    from .op import Scan

    if op.reverse:
        return _reverse_scan_grad(op, inputs, output_grads)
    n, inits, seqs, invs = op.split_inputs(inputs)
    nc = op.n_carries
    d_carry, d_out = output_grads[:nc], output_grads[nc:]
    ys_outer = outputs[nc:]

    if all(k in op.history for k in range(nc)):
        hist = list(outputs[:nc])
    else:
        replay = Scan(op.carry_inputs, op.sequence_inputs, op.invariant_inputs, op.stop, op.next_carries,
                      op.step_outputs, history=range(nc), name=op.name)
        hist = replay.make_node(n, inits, seqs, invs).outputs[:nc]

    if nc:
        s = hist[0].shape[0] - 1
    elif ys_outer:
        s = ys_outer[0].shape[0]
    else:
        s = n
    truncate = op.truncate_gradient
    m = tm.minimum(s, truncate) if truncate >= 0 else s
    start = s - m

    float_carries = [k for k in range(nc) if is_float(op.carry_inputs[k])]
    float_seqs = [j for j, x in enumerate(op.sequence_inputs) if is_float(x)]
    float_invs = [i for i, v in enumerate(op.invariant_inputs) if is_float(v)]

    # Placeholders of the backward body.
    c_t = [_placeholder(p.type, f"c{k}_t") for k, p in enumerate(op.carry_inputs)]
    x_t = [_placeholder(p.type, f"x{j}_t") for j, p in enumerate(op.sequence_inputs)]
    v = [_placeholder(p.type, f"v{i}") for i, p in enumerate(op.invariant_inputs)]
    g = {k: _placeholder(op.carry_inputs[k].type, f"g{k}") for k in float_carries}
    acc = {i: _placeholder(op.invariant_inputs[i].type, f"acc{i}") for i in float_invs}
    dy_t = {j: _placeholder(y.type, f"dy{j}_t") for j, y in enumerate(op.step_outputs)
            if d_out[j] is not None and d_out[j] is not ZERO and is_float(y)}
    dh_t = {k: _placeholder(op.carry_inputs[k].type, f"dh{k}_t") for k in float_carries
            if k in op.history and d_carry[k] is not None and d_carry[k] is not ZERO}

    fwd = op.inner_clone(zip(op.inner_inputs, c_t + x_t + v))
    if op.stop is not None:
        fwd = fwd[1:]
    nexts, ys = fwd[:nc], fwd[nc:]
    seeds = [(nexts[k], g[k]) for k in float_carries] + [(ys[j], dy_t[j]) for j in dy_t]
    wrt = [c_t[k] for k in float_carries] + [x_t[j] for j in float_seqs] + [v[i] for i in float_invs]
    grads = reverse(seeds, wrt, (), f"the gradient of {op}", additive=True)
    gc = grads[:len(float_carries)]
    gx = grads[len(float_carries):len(float_carries) + len(float_seqs)]
    gv = grads[len(float_carries) + len(float_seqs):]

    next_g = []
    for k, grad in zip(float_carries, gc):
        grad = _materialize(grad, c_t[k])
        next_g.append(grad + dh_t[k] if k in dh_t else grad)
    next_acc = [acc[i] + gvi if gvi is not None and gvi is not ZERO else acc[i]
                for i, gvi in zip(float_invs, gv)]
    step_gx = [_materialize(grad, x_t[j]) for j, grad in zip(float_seqs, gx)]
    body = next_g + next_acc + step_gx

    # Values the forward stored are read back instead of recomputed.
    reused = ancestors(body, blockers=c_t + x_t + v)
    reused_ids = {id(var) for var in reused}
    c_next, y_t = {}, {}
    pairs = []
    for k in range(nc):
        if nexts[k].owner is not None and id(nexts[k]) in reused_ids and id(nexts[k]) not in {id(p) for _, p in pairs}:
            c_next[k] = _placeholder(op.carry_inputs[k].type, f"c{k}_next")
            pairs.append((nexts[k], c_next[k]))
    for j, y in enumerate(ys):
        if (y.owner is not None and id(y) in reused_ids and y.type.dtype == op.step_outputs[j].type.dtype
                and all(y is not old for old, _ in pairs)):
            y_t[j] = _placeholder(y.type, f"y{j}_t")
            pairs.append((y, y_t[j]))
    if pairs:
        body = replace(body, pairs)
    if body:
        body = list(body)

    carry_inputs = [g[k] for k in float_carries] + [acc[i] for i in float_invs]
    seq_ph = c_t + [c_next[k] for k in c_next] + x_t + [y_t[j] for j in y_t] + [dy_t[j] for j in dy_t] + \
        [dh_t[k] for k in dh_t]
    backward = Scan(carry_inputs, seq_ph, v, None, body[:len(carry_inputs)], body[len(carry_inputs):],
                    reverse=True, name=f"grad_of_{op.name}" if op.name else "grad_of_scan")

    g_init = []
    for k in float_carries:
        if k in op.history:
            g_init.append(d_carry[k][s] if k in dh_t else zeros_like(inits[k]))
        else:
            dk = d_carry[k]
            g_init.append(zeros_like(inits[k]) if dk is None or dk is ZERO else dk)
    acc_init = [zeros_like(invs[i]) for i in float_invs]
    outer_seqs = ([h[start:s] for h in hist] + [hist[k][start + 1:s + 1] for k in c_next] +
                  [x[start:s] for x in seqs] + [ys_outer[j][start:s] for j in y_t] +
                  [d_out[j][start:s] for j in dy_t] + [d_carry[k][start:s] for k in dh_t])
    results = backward.make_node(m, g_init + acc_init, outer_seqs, invs).outputs

    input_grads = [None] * len(inputs)
    offset = 1
    for pos, k in enumerate(float_carries):
        final = results[pos]
        if truncate >= 0:
            direct = d_carry[k][0] if k in dh_t else zeros_like(inits[k])
            final = tm.switch(tm.le(s, truncate), final, direct)
        input_grads[offset + k] = final
    offset += nc
    nfc = len(float_carries)
    for pos, j in enumerate(float_seqs):
        input_grads[offset + j] = set_subtensor(zeros_like(seqs[j])[start:s], results[nfc + len(float_invs) + pos])
    offset += len(seqs)
    for pos, i in enumerate(float_invs):
        input_grads[offset + i] = results[nfc + pos]
    return input_grads


def _reverse_scan_grad(op, inputs, output_grads):
    """The gradient of a reverse Scan (the backward loop of a first
    derivative, so this is how second derivatives go through scan): a reverse
    Scan is the forward Scan of the same body over its sequences' first
    ``n`` rows reversed, with its step outputs reversed, and that graph is
    differentiated (its Scan by :func:`scan_grad`, the reversals by their
    own gradients)."""
    from .op import Scan

    # The equivalent graph is built on stand-ins of the inputs: differentiated
    # on the inputs themselves, the gradient with respect to an invariant
    # would also count its paths through the other inputs (a sequence
    # computed from it), which the caller's differentiation adds again.
    stand_ins = [x.type.make_variable(name=x.name) for x in inputs]
    n, inits, seqs, invs = op.split_inputs(stand_ins)
    nc = op.n_carries
    forward = Scan(op.carry_inputs, op.sequence_inputs, op.invariant_inputs, op.stop, op.next_carries,
                   op.step_outputs, history=op.history, truncate_gradient=op.truncate_gradient, name=op.name)
    outs = forward.make_node(n, inits, [x[:n][::-1] for x in seqs], invs).outputs
    equivalent = outs[:nc] + [y[::-1] for y in outs[nc:]]
    seeds = [(e, g) for e, g in zip(equivalent, output_grads) if g is not None and g is not ZERO and is_float(e)]
    if not seeds:
        return [None] * len(inputs)
    grads = reverse(seeds, stand_ins, (), f"the gradient of {op}", additive=True)
    live = [k for k, g in enumerate(grads) if g is not None and g is not ZERO]
    result = [None] * len(inputs)
    for k, g in zip(live, clone([grads[k] for k in live], replace=list(zip(stand_ins, inputs)))):
        result[k] = g
    return result


__all__ = ["scan_grad", "clone"]
