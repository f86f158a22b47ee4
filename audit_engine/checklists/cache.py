"""Parsed checklists cached by the sha256 of the file's bytes: in this process, and on disk.

The disk cache holds catalog snapshots (JSON, much faster to read than YAML); a snapshot is
re-checked against its content hash when read, and any unreadable entry is simply ignored.
Translation files' checked documents are kept there too, behind a sha256 of their JSON (they
have no content hash); they are checked against their catalog after every load, as a parsed
file is. Files with `extends` are cached in process only: what they mean depends on their base.
"""

from __future__ import annotations

import contextlib
import hashlib
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


def _entry(cache_dir: Path, digest: str, kind: str = "catalog") -> Path:
    return cache_dir / f"{kind}-v{CACHE_VERSION}-{digest}.json"


def disk_get(cache_dir: Path | None, digest: str) -> Catalog | None:
    if cache_dir is None:
        return None
    try:
        with _entry(cache_dir, digest).open("rb") as handle:
            return catalog_from_snapshot(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def disk_put(cache_dir: Path | None, digest: str, catalog: Catalog) -> None:
    if cache_dir is not None:  # no cache: not even the encoding
        _write(cache_dir, digest, "catalog", json.dumps(catalog.to_snapshot(), ensure_ascii=False))


def disk_get_translation(cache_dir: Path | None, digest: str) -> dict | None:
    """The checked document of the translation file with this sha256, if cached and intact."""
    if cache_dir is None:
        return None
    try:
        seal, _, body = _entry(cache_dir, digest, "translation").read_bytes().partition(b"\n")
        # A damaged entry must not be trusted: the document's text would reach the pages.
        if seal.decode() != hashlib.sha256(body).hexdigest():
            return None
        document = json.loads(body)
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) and document.get("_digest") == digest else None


def disk_put_translation(cache_dir: Path | None, digest: str, document: dict) -> None:
    if cache_dir is None:
        return
    body = json.dumps(document, ensure_ascii=False)
    seal = hashlib.sha256(body.encode()).hexdigest()
    _write(cache_dir, digest, "translation", f"{seal}\n{body}")


def _write(cache_dir: Path, digest: str, kind: str, text: str) -> None:
    """Write atomically (temp file, then rename); a cache that cannot be written is skipped."""
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, _entry(cache_dir, digest, kind))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
