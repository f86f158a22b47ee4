"""Parsed checklists cached by the sha256 of the file's bytes: in this process, and on disk.

The disk cache holds catalog snapshots (JSON, much faster to read than YAML); a snapshot is
re-checked against its content hash when read, and any unreadable entry is simply ignored.
Files with `extends` are cached in process only: what they mean depends on their base.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import OrderedDict
from pathlib import Path

from audit_engine.domain.rules.catalog import Catalog, catalog_from_snapshot

# Bump when parsing or validation rules change, so old cache entries are not trusted.
CACHE_VERSION = "1"

_memory: dict[str, object] = {}
# The last few folder states (each file's path, size, mtime, inode) -> the catalogs loaded
# from them: a page asking for the checklists reads a dozen stat()s, not every file's bytes.
_loaded: OrderedDict[tuple, tuple[Catalog, ...]] = OrderedDict()
LOADED_KEPT = 8


def memory_get(digest: str) -> object | None:
    return _memory.get(digest)


def memory_put(digest: str, value: object) -> None:
    _memory[digest] = value


def clear_memory() -> None:
    _memory.clear()
    _loaded.clear()


def folder_state(files: list[Path], *context) -> tuple:
    """What the loaded catalogs depend on: each file's identity, size and modification time."""
    state = []
    for path in files:
        info = path.stat()
        state.append((str(path), info.st_ino, info.st_size, info.st_mtime_ns))
    return (*context, *state)


def loaded_get(state: tuple) -> tuple[Catalog, ...] | None:
    found = _loaded.get(state)
    if found is not None:
        _loaded.move_to_end(state)
    return found


def loaded_put(state: tuple, catalogs: tuple[Catalog, ...]) -> None:
    _loaded[state] = catalogs
    while len(_loaded) > LOADED_KEPT:
        _loaded.popitem(last=False)


def _entry(cache_dir: Path, digest: str) -> Path:
    return cache_dir / f"catalog-v{CACHE_VERSION}-{digest}.json"


def disk_get(cache_dir: Path | None, digest: str) -> Catalog | None:
    if cache_dir is None:
        return None
    try:
        with _entry(cache_dir, digest).open("rb") as handle:
            return catalog_from_snapshot(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def disk_put(cache_dir: Path | None, digest: str, catalog: Catalog) -> None:
    """Write atomically (temp file, then rename); a cache that cannot be written is skipped."""
    if cache_dir is None:
        return
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(catalog.to_snapshot(), handle, ensure_ascii=False)
            os.replace(tmp, _entry(cache_dir, digest))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
