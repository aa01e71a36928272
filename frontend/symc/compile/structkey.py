"""The structural key of a function and the index that maps it to a disk-cache entry.

The native cache (runtime/Cache.h) is keyed by the IR text: finding an entry
means emitting the IR first, 0.1 s for a 20,000-node graph. A function whose
graph carries structural hashes (``symc.graph.structural``) gets a key from
them instead: the hashes of its outputs, explicit inputs and updates, the
flags and the mode that change the IR or the code, and the versions of
everything that turns a graph into code (symc, the frontend's sources, the
compiler build and the host CPU). The index, ``<compiledir>/index/``, maps
that key to the native entry's key and to what the frontend needs besides:
the order of the shared variables among the implicit inputs. A warm
``symc.function`` thus loads compiled code without emitting or walking the
graph.

A key is only made when the function is plain enough for it to be exact:
no givens, no default updates, no checking mode, no explicit input computed
by a node, no stale hash, every root an explicit input or a shared variable,
every explicit input used, and no two roots with one hash (two inputs named
"x" of one type would otherwise be interchangeable). Anything else returns
None: the function is emitted and compiled as before. Index entries carry a
checksum; a damaged one is ignored and rewritten by the next compilation.
"""

import hashlib
import json
import os

from ..graph import structural

FORMAT = 1
INDEX_DIR = "index"  # symc.cache.INDEX_DIR

_fingerprint = None


def source_fingerprint():
    """The frontend's sources as they are on disk (paths, sizes, mtimes): the
    emitter's rules decide the IR, so another version of them is another key."""
    global _fingerprint
    if _fingerprint is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        h = hashlib.sha256()
        pending = [root]
        while pending:
            with os.scandir(pending.pop()) as it:
                found = sorted(it, key=lambda e: e.name)
            for e in found:
                if e.is_dir() and e.name != "__pycache__":
                    pending.append(e.path)
                elif e.name.endswith(".py"):
                    st = e.stat()
                    h.update(f"{e.path[len(root):]}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        _fingerprint = h.hexdigest()
    return _fingerprint


_identity = {}


def compiler_identity(native):
    """``native.compiler_identity()``, asked once per process."""
    if native not in _identity:
        _identity[native] = native.compiler_identity()
    return _identity[native]


def _hash_of(var):
    d = var.__dict__
    if "_shash" not in d:
        if var.owner is not None:
            return None
        structural.leaf_hash(var)
    if d["_since"] <= structural.stale_before:
        return None
    return d["_shash"]


class Plan:
    """What the structural path found: the key, the roots by hash and the
    shared variables the function must take (a set; their order comes from
    the index)."""

    __slots__ = ("key", "by_hash", "shared")

    def __init__(self, key, by_hash, shared):
        self.key = key
        self.by_hash = by_hash
        self.shared = shared


def plan(maker, all_outputs, view_inputs, identity, version):
    """The structural key of ``maker`` (a FunctionMaker with inputs, outputs,
    updates and view_outputs set) or None when the function is not plain
    enough (see the module's doc). ``view_inputs``: positions of explicit
    inputs used by borrowed views; ``identity``: the compiler's identity."""
    from ..tensor.sharedvar import SharedVariable

    explicit = [i.variable for i in maker.inputs]
    in_hashes = []
    for var in explicit:
        if var.owner is not None:
            return None
        h = _hash_of(var)
        if h is None:
            return None
        in_hashes.append(h)
    out_hashes = []
    roots = structural.EMPTY
    for var in all_outputs:
        h = _hash_of(var)
        if h is None:
            return None
        out_hashes.append(h)
        r = var._roots
        if r and r is not roots:
            roots = r if not roots else roots | r
    user_hashes = []
    for o in maker.outputs:  # borrowed views included: they are not in all_outputs
        h = _hash_of(o.variable)
        if h is None:
            return None
        user_hashes.append(h)
    updated = [s for s, _ in maker.updates]
    upd_hashes = []
    for s in updated:
        h = _hash_of(s)
        if h is None:
            return None
        upd_hashes.append(h)
    explicit_ids = {id(v) for v in explicit}
    updated_ids = {id(s) for s in updated}
    by_hash = {}
    shared = set()
    for var in list(roots) + explicit + updated:
        h = var._shash
        other = by_hash.setdefault(h, var)
        if other is not var:
            return None  # two roots that only their identity tells apart
        if id(var) in explicit_ids:
            continue
        if not isinstance(var, SharedVariable):
            return None  # a missing input: the full path names it
        if getattr(var, "default_update", None) is not None and id(var) not in updated_ids:
            return None  # default updates: the full path collects them
        shared.add(var)
    used = {id(v) for v in roots} | {id(explicit[k]) for k in view_inputs}
    if any(id(v) not in used for v in explicit):
        return None  # on_unused_input: the full path decides
    mode = maker.mode
    material = [
        "symc-structural-key", FORMAT, version, source_fingerprint(), identity,
        mode.name, mode.pipeline, mode.opt_level, maker.symbol, maker.output_kind,
        [[h.hex(), i.mutable, i.name] for h, i in zip(in_hashes, maker.inputs)],
        [[h.hex(), o.borrow] for h, o in zip(user_hashes, maker.outputs)],
        sorted([k, p] for k, (p, _) in maker.view_outputs.items()),
        [[s.hex(), v.hex()] for s, v in zip(upd_hashes, out_hashes[maker.n_results:])],
    ]
    key = hashlib.sha256(json.dumps(material, separators=(",", ":")).encode()).hexdigest()
    return Plan(key, by_hash, shared)


# -- the index ------------------------------------------------------------------

def _path(root, key):
    return os.path.join(root, INDEX_DIR, key[:2], key + ".json")


def _checksum(key, native_key, shared):
    return hashlib.sha256(json.dumps(["symc-index", FORMAT, key, native_key, shared]).encode()).hexdigest()


def _is_key(text):
    return isinstance(text, str) and len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def read(root, key):
    """(native key, shared hashes in signature order) of ``key``, or None
    when there is no valid entry."""
    try:
        with open(_path(root, key)) as f:
            entry = json.load(f)
        native_key, shared = entry["native_key"], entry["shared"]
        if (entry.get("format") != FORMAT or entry.get("key") != key or not _is_key(native_key)
                or not isinstance(shared, list) or not all(isinstance(h, str) for h in shared)
                or entry.get("checksum") != _checksum(key, native_key, shared)):
            return None
        return native_key, shared
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(root, key, native_key, shared):
    """Records ``key`` -> (native key, shared hashes); best effort, atomic."""
    path = _path(root, key)
    entry = {"format": FORMAT, "key": key, "native_key": native_key, "shared": shared,
             "checksum": _checksum(key, native_key, shared)}
    tmp = f"{path}.tmp-{os.getpid()}-{id(entry)}"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w") as f:
            json.dump(entry, f)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
