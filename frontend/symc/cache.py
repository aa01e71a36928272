"""The persistent compile cache: ``python -m symc.cache list|clear``.

Compiled functions are stored under ``symc.config.compiledir`` (default
``~/.cache/symc``, settable with ``SYMC_FLAGS=compiledir=...``), one
directory per entry: ``<key[:2]>/<key>/`` holding ``object.o`` (the
compiled code), ``meta.json`` (signature, checksums, when and how it was
compiled) and ``module.mlir`` (the input IR). The native runtime writes and
reads entries (see ``runtime/Cache.h``); this module only lists and removes
them, and works without the native extension. ``index/`` maps the structural
keys of functions to entries (``symc.compile.structkey``); clearing removes
it too.
"""

import argparse
import json
import os
import shutil
import sys
import time

from .config import config

__all__ = ["entries", "index_entries", "clear", "main"]

INDEX_DIR = "index"  # symc.compile.structkey.INDEX_DIR


def _root(root):
    return os.path.abspath(os.path.expanduser(root if root is not None else config.compiledir))


def entries(root=None):
    """The cache's entries, each a dict: ``key``, ``path``, ``function``,
    ``size`` (bytes on disk), ``created`` (Unix time), ``compile_seconds``,
    ``pipeline`` and ``valid`` (False when the metadata does not parse)."""
    root = _root(root)
    found = []
    if not os.path.isdir(root):
        return found
    for shard in sorted(os.listdir(root)):
        shard_path = os.path.join(root, shard)
        if len(shard) != 2 or not os.path.isdir(shard_path):
            continue
        for key in sorted(os.listdir(shard_path)):
            path = os.path.join(shard_path, key)
            if not os.path.isdir(path):
                continue
            size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path)
                       if os.path.isfile(os.path.join(path, f)))
            entry = {"key": key, "path": path, "size": size, "function": None, "created": None,
                     "compile_seconds": None, "pipeline": None, "valid": False}
            try:
                with open(os.path.join(path, "meta.json")) as f:
                    meta = json.load(f)
                entry.update(function=meta.get("function"), created=meta.get("created"),
                             compile_seconds=meta.get("compile_seconds"), pipeline=meta.get("pipeline"),
                             valid=meta.get("key") == key)
            except (OSError, ValueError):
                pass
            found.append(entry)
    return found


def index_entries(root=None):
    """How many structural keys the index records."""
    index = os.path.join(_root(root), INDEX_DIR)
    return sum(1 for _, _, files in os.walk(index) for f in files if f.endswith(".json"))


def clear(root=None):
    """Removes every entry (and leftovers of interrupted writes); returns how
    many entries were removed. Safe while other processes use the cache: they
    recompile what they miss."""
    root = _root(root)
    removed = 0
    if not os.path.isdir(root):
        return removed
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if len(name) == 2 and os.path.isdir(path):
            removed += sum(1 for e in os.listdir(path) if os.path.isdir(os.path.join(path, e)))
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith((".tmp-", ".trash-")) and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        elif name == INDEX_DIR and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
    return removed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m symc.cache",
                                     description="Inspect or empty symc's persistent compile cache.")
    parser.add_argument("command", choices=["list", "clear"])
    parser.add_argument("--dir", default=None, help="cache directory (default: symc.config.compiledir)")
    args = parser.parse_args(argv)
    root = _root(args.dir)
    if args.command == "list":
        items = entries(root)
        n_index = index_entries(root)
        print(f"{root}: {len(items)} entr{'y' if len(items) == 1 else 'ies'}, "
              f"{sum(e['size'] for e in items)} bytes, {n_index} index entr{'y' if n_index == 1 else 'ies'}")
        for e in items:
            created = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e["created"])) if e["created"] else "?"
            seconds = f"{e['compile_seconds']:.3f}s" if e["compile_seconds"] is not None else "?"
            state = "" if e["valid"] else "  (damaged: rebuilt on next use)"
            print(f"{e['key'][:16]}  {e['function'] or '?':<24} {e['size']:>10} B  {created}  "
                  f"compiled in {seconds}{state}")
    else:
        n = clear(root)
        print(f"removed {n} entr{'y' if n == 1 else 'ies'} from {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
