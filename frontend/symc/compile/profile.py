"""Where compile time goes: the stages of one ``symc.function`` call.

A compilation is timed stage by stage (``symc.function(..., profile=True)``
keeps the stages in ``f.profile``; ``symc.config.compile_verbose`` prints
them for every function compiled). The frontend's own stages are

- ``graph``: argument checks, givens, the topological sort and the
  FunctionGraph;
- ``emit``: the symc IR text;

and the native layer reports its stages in ``exe.stage_seconds``
(python/README.md): ``cache-lookup``, ``parse``, one ``pass <name>`` per pass
of the pipeline, ``verify`` (once, after the pipeline), ``translate``, ``llvm-opt``, ``codegen``, ``cache-store``,
``load``. For reading, passes are summed into the pipeline's groups
(:data:`PASS_GROUPS`), in pipeline order: a group starts at its first pass
and lasts until the next group's first pass.
"""

import sys

#: Pipeline groups and the passes that open them (``symc-lower-to-llvm-pipeline``
#: in passes/Passes.cpp). Passes before the first of these are the mode's
#: optimizer (symc -> symc rewrites).
PASS_GROUPS = (
    ("lower-to-linalg", ("symc-prepare-calling-convention", "convert-symc-to-linalg")),
    ("fuse", ("symc-fuse-elementwise", "linalg-fuse-elementwise-ops")),
    ("bufferize", ("symc-untie-empty-tensors", "one-shot-bufferize")),
    ("loops", ("symc-expand-strided-copies", "symc-collapse-contiguous-loops", "symc-linalg-to-loops",
               "convert-linalg-to-loops")),
    ("to-llvm", ("symc-lower-math", "expand-strided-metadata", "lower-affine", "convert-scf-to-cf")),
)
OPTIMIZER_GROUP = "optimize"

_OPENS = {name: group for group, names in PASS_GROUPS for name in names}
_ORDER = [OPTIMIZER_GROUP] + [group for group, _ in PASS_GROUPS]


def group_stages(stages):
    """``stages`` (a list of ``(name, seconds)``) with the passes summed into
    ``passes: <group>`` entries, in order; other stages are kept."""
    out = []
    index = {}
    current = OPTIMIZER_GROUP
    for name, seconds in stages:
        if name.startswith("pass "):
            pass_name = name[len("pass "):]
            opened = _OPENS.get(pass_name)
            # Groups only move forward: a canonicalize after bufferization
            # stays in the bufferize group.
            if opened is not None and _ORDER.index(opened) > _ORDER.index(current):
                current = opened
            key = f"passes: {current}"
        else:
            key = name
        if key in index:
            out[index[key]] = (key, out[index[key]][1] + seconds)
        else:
            index[key] = len(out)
            out.append((key, seconds))
    return out


def format_stages(stages, title, detail=True, top=8):
    """A readable table of ``stages``: grouped, with a total, and (with
    ``detail``) the ``top`` most expensive single passes."""
    grouped = group_stages(stages)
    total = sum(s for _, s in stages)
    lines = [title]
    width = max([len(n) for n, _ in grouped] + [5])
    for name, seconds in grouped:
        share = 100.0 * seconds / total if total > 0 else 0.0
        lines.append(f"  {name:<{width}}  {seconds * 1e3:10.3f} ms  {share:5.1f}%")
    lines.append(f"  {'total':<{width}}  {total * 1e3:10.3f} ms")
    passes = sorted(((s, n) for n, s in stages if n.startswith("pass ")), reverse=True)[:top]
    if detail and passes:
        lines.append("  most expensive passes:")
        for seconds, name in passes:
            lines.append(f"    {name[len('pass '):]:<{width}}{seconds * 1e3:10.3f} ms")
    return "\n".join(lines)


def report(stages, name, file=None):
    """Prints the stages of compiling ``name`` (``symc.config.compile_verbose``)."""
    print(format_stages(stages, f"symc: compiled {name}"), file=file if file is not None else sys.stderr,
          flush=True)
