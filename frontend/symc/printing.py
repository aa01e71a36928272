"""Looking at graphs: ``pp`` (a one-line formula), ``debugprint`` (an
indented tree) and ``graph_to_dot`` (Graphviz).

All three walk graphs iteratively and build their text in linear time, so
they work on graphs of any depth.
"""

import shutil
import subprocess
import sys

from .graph.basic import Apply, Constant, Variable
from .graph.traversal import toposort

_INFIX = {"Add": "+", "Sub": "-", "Mul": "*", "TrueDiv": "/", "FloorDiv": "//", "Mod": "%", "Pow": "**",
          "And": "&", "Or": "|", "Xor": "^", "Lt": "<", "Le": "<=", "Gt": ">", "Ge": ">=", "Eq": "==",
          "Neq": "!="}
_PREFIX = {"Neg": "-", "Invert": "~"}


def _leaf(var):
    if var.name is not None:
        return var.name
    if isinstance(var, Constant):
        return str(var)
    t = var.type
    return f"<{getattr(t, 'dtype', t)} {t.shape_str() if hasattr(t, 'shape_str') else ''}>".replace(" >", ">")


def _is_left_pad(op, node):
    from .tensor.elemwise import DimShuffle

    if not isinstance(op, DimShuffle):
        return False
    n = node.inputs[0].ndim
    k = len(op.pattern) - n
    return k >= 0 and op.pattern == ("x",) * k + tuple(range(n))


def _format_index(idx_list, dynamic):
    from .tensor.subtensor import DYN

    it = iter(dynamic)
    parts = []

    def bound(p, out):
        if p == DYN:
            out.append(next(it))
        elif p is not None:
            out.append(str(p))

    for i, entry in enumerate(idx_list):
        if i:
            parts.append(", ")
        if isinstance(entry, tuple):
            start, stop, step = entry
            bound(start, parts)
            parts.append(":")
            bound(stop, parts)
            if step is not None:
                parts.append(":")
                bound(step, parts)
        else:
            bound(entry, parts)
    return parts


def _node_pieces(node, args):
    """The formula of ``node`` as a list of strings and argument references."""
    from .tensor.elemwise import Cast, DimShuffle
    from .tensor.reduction import ArgReduce, Reduce
    from .tensor.subtensor import Subtensor

    op = node.op
    name = type(op).__name__
    if name in _INFIX and len(args) == 2:
        return ["(", args[0], f" {_INFIX[name]} ", args[1], ")"]
    if name in _PREFIX:
        return [_PREFIX[name], args[0]]
    if _is_left_pad(op, node):
        return [args[0]]
    if isinstance(op, Cast):
        return [f"{op.dtype}(", args[0], ")"]
    if isinstance(op, Reduce):
        label = op.mnemonic.replace("reduce_", "")
        keep = ", keepdims=True" if op.keepdims else ""
        return [f"{label}(", args[0], f", axis={op.axes}{keep})"]
    if isinstance(op, ArgReduce):
        keep = ", keepdims=True" if op.keepdims else ""
        return [f"{op.mnemonic}(", args[0], f", axis={op.axis}{keep})"]
    if isinstance(op, Subtensor):
        return [args[0], "[", *_format_index(op.idx_list, args[1:]), "]"]
    if isinstance(op, DimShuffle):
        return [args[0], ".dimshuffle(" + ", ".join(repr(p) if p == "x" else str(p) for p in op.pattern) + ")"]
    label = getattr(op, "mnemonic", None) or name
    props = ", ".join(f"{p}={getattr(op, p)!r}" for p in op.__props__)
    pieces = [f"{label}("]
    for i, a in enumerate(args):
        if i:
            pieces.append(", ")
        pieces.append(a)
    if props:
        pieces.append((", " if args else "") + props)
    pieces.append(")")
    return pieces


def pp(var):
    """A one-line readable formula of ``var`` (or of each of a list)."""
    if isinstance(var, (list, tuple)):
        return "\n".join(pp(v) for v in var)
    pieces = {}
    for node in toposort([var]):
        args = [v if v.owner is not None else _leaf(v) for v in node.inputs]
        refs = [pieces.get(id(a)) if isinstance(a, Variable) else a for a in args]
        formula = _node_pieces(node, refs)
        for i, out in enumerate(node.outputs):
            pieces[id(out)] = formula if len(node.outputs) == 1 else formula + [f"[{i}]"]
    if var.owner is None:
        return _leaf(var)
    # Flatten the nested piece lists without recursion.
    out = []
    stack = [iter(pieces[id(var)])]
    while stack:
        for item in stack[-1]:
            if isinstance(item, str):
                out.append(item)
            else:
                stack.append(iter(item))
                break
        else:
            stack.pop()
    return "".join(out)


# ---------------------------------------------------------------------------
# debugprint
# ---------------------------------------------------------------------------


def _ids():
    """A, B, ..., Z, BA, BB, ... (Theano's id style)."""
    n = 0
    while True:
        k, s = n, ""
        while True:
            s = chr(ord("A") + k % 26) + s
            k //= 26
            if not k:
                break
        yield s
        n += 1


def _label(var, print_type, print_location):
    node = var.owner
    if node is None:
        text = _leaf(var) if isinstance(var, Constant) or var.name is None else var.name
        kind = "shared " if _is_shared(var) else ""
        text = f"{kind}{text}"
    else:
        text = str(node.op)
        if len(node.outputs) > 1:
            text += f".{var.index}"
        if var.name is not None:
            text += f" '{var.name}'"
    if print_type:
        text += f" <{var.type}>"
    if print_location and node is not None:
        text += f"  ({node.trace})"
    return text


def _is_shared(var):
    from .tensor.sharedvar import SharedVariable

    return isinstance(var, SharedVariable)


def _debug_lines(roots, headers, depth, print_type, print_location):
    ids = {}
    id_gen = _ids()
    lines = []
    for root, header in zip(roots, headers):
        if header:
            lines.append(header)
        # Stack of (variable, prefix for its line, prefix for its children, level).
        stack = [(root, "", "", 0)]
        while stack:
            var, prefix, child_prefix, level = stack.pop()
            first = id(var) not in ids
            if first:
                ids[id(var)] = next(id_gen)
            line = f"{prefix}{_label(var, print_type, print_location)} [id {ids[id(var)]}]"
            if var.owner is not None and not first:
                line += " ···"
            lines.append(line)
            if var.owner is None or not first or (depth >= 0 and level >= depth):
                continue
            inputs = var.owner.inputs
            children = []
            for i, child in enumerate(inputs):
                last = i == len(inputs) - 1
                children.append((child, child_prefix + ("└─ " if last else "├─ "),
                                 child_prefix + ("   " if last else "│  "), level + 1))
            stack.extend(reversed(children))
    return lines


def debugprint(obj, file=None, depth=-1, print_type=False, print_location=False):
    """Prints the graph of ``obj`` as an indented tree (each node once; a node
    seen before is shown with its id and ``···``).

    ``obj`` is a variable, a list of variables, an Apply node, a compiled
    Function (its outputs and updates) or a FunctionGraph. ``file=None``
    prints to stdout, ``file='str'`` returns the text, a file object gets it
    written.
    """
    from .compile.function import Function
    from .graph.fgraph import FunctionGraph

    headers = None
    if isinstance(obj, Function):
        maker = obj.maker
        roots = [o.variable for o in maker.outputs] + [v for _, v in maker.updates]
        headers = ([f"output {k}" + (f" ({o.variable.name})" if o.variable.name else "")
                    for k, o in enumerate(maker.outputs)]
                   + [f"update of shared variable {s}" for s, _ in maker.updates])
    elif isinstance(obj, FunctionGraph):
        roots = list(obj.outputs)
    elif isinstance(obj, Apply):
        roots = list(obj.outputs)
    elif isinstance(obj, Variable):
        roots = [obj]
    elif isinstance(obj, (list, tuple)):
        roots = list(obj)
    else:
        raise TypeError(f"debugprint takes variables, Apply nodes or compiled functions, got {obj!r}")
    if headers is None:
        headers = [None] * len(roots)
    text = "\n".join(_debug_lines(roots, headers, depth, print_type, print_location)) + "\n"
    if file == "str":
        return text
    (file or sys.stdout).write(text)
    return file


# ---------------------------------------------------------------------------
# Graphviz
# ---------------------------------------------------------------------------


def _dot_escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def graph_to_dot(obj, outfile=None, format=None):
    """The graph of ``obj`` (variables or a compiled Function) in Graphviz DOT.

    Apply nodes are boxes; inputs are green, shared variables cyan, constants
    grey and outputs blue. With ``outfile`` the graph is also written there:
    DOT text for a ``.dot`` file, otherwise rendered by Graphviz's ``dot``
    (format from ``format`` or the file suffix: svg, png, pdf).

    Returns the DOT text.
    """
    from .compile.function import Function

    if isinstance(obj, Function):
        outputs = [o.variable for o in obj.maker.outputs] + [v for _, v in obj.maker.updates]
        inputs = obj.maker.fgraph.inputs
    else:
        outputs = list(obj) if isinstance(obj, (list, tuple)) else [obj]
        inputs = []
    out_ids = set(map(id, outputs))
    in_ids = set(map(id, inputs))
    names = {}

    def vid(var):
        if id(var) not in names:
            names[id(var)] = f"v{len(names)}"
        return names[id(var)]

    lines = ["digraph symc {", "  rankdir=TB;", '  node [fontname="Helvetica"];']
    declared = set()

    def declare_var(var):
        if id(var) in declared:
            return
        declared.add(id(var))
        if isinstance(var, Constant):
            style = 'shape=box, style=filled, fillcolor="#dddddd"'
        elif _is_shared(var):
            style = 'style=filled, fillcolor="#b0f0f0"'
        elif var.owner is None or id(var) in in_ids:
            style = 'style=filled, fillcolor="#b0f0b0"'
        elif id(var) in out_ids:
            style = 'style=filled, fillcolor="#b0c8f0"'
        else:
            style = ""
        label = _dot_escape(var.name or (str(var) if isinstance(var, Constant) else "")) + "\\n" + \
            _dot_escape(str(var.type))
        lines.append(f'  {vid(var)} [label="{label}"{", " + style if style else ""}];')

    for k, node in enumerate(toposort(outputs)):
        nid = f"n{k}"
        lines.append(f'  {nid} [shape=box, label="{_dot_escape(str(node.op))}"];')
        for i, var in enumerate(node.inputs):
            declare_var(var)
            label = f' [label="{i}"]' if len(node.inputs) > 1 else ""
            lines.append(f"  {vid(var)} -> {nid}{label};")
        for var in node.outputs:
            declare_var(var)
            lines.append(f"  {nid} -> {vid(var)};")
    for var in outputs:
        declare_var(var)
    lines.append("}")
    text = "\n".join(lines) + "\n"
    if outfile is not None:
        outfile = str(outfile)
        fmt = format or outfile.rsplit(".", 1)[-1].lower()
        if fmt == "dot":
            with open(outfile, "w") as f:
                f.write(text)
        else:
            dot = shutil.which("dot")
            if dot is None:
                raise RuntimeError("rendering needs Graphviz's `dot` program, which is not installed (apt-get "
                                   "install graphviz); write a .dot file instead")
            proc = subprocess.run([dot, f"-T{fmt}", "-o", outfile], input=text, capture_output=True, text=True)
            if proc.returncode:
                raise RuntimeError(f"dot failed to render {outfile}: {proc.stderr.strip()}")
    return text


def pydotprint(obj, outfile="symc.png", format=None):
    """Theano's name for rendering a graph to a picture file."""
    return graph_to_dot(obj, outfile=outfile, format=format)


__all__ = ["pp", "debugprint", "graph_to_dot", "pydotprint"]
