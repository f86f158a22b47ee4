"""A node's caches kept under a size limit (`cache_max_bytes`): the copies of bucket objects
(`cache/objects/`) and the pictures (`cache/pictures/`). Each read of a cached file marks it
(its modification time), so the oldest-read go first. Pruning runs on write, once the bytes
written since the last prune reach a twentieth of the limit (and at a process's first write),
so no request walks the folders each time.

A file read in the last ten minutes is never removed: a request may have been handed its path
and not opened it yet. Everything here can be made again from the bucket.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

RECENT_SECONDS = 600


class CacheLimit:
    def __init__(self, roots: tuple[Path, ...], max_bytes: int,
                 keep_recent: float = RECENT_SECONDS) -> None:
        self.roots, self.max_bytes, self.keep_recent = roots, max_bytes, keep_recent
        self._since_prune: int | None = None  # None: nothing written by this process yet
        self._lock = threading.Lock()

    def read(self, path: Path) -> None:
        """Mark `path` as just read (pruned last)."""
        with contextlib.suppress(OSError):  # removed meanwhile: nothing to mark
            os.utime(path)

    def wrote(self, size: int) -> int:
        """Count `size` bytes written; prune when due. Returns how many files were removed."""
        with self._lock:
            due = self._since_prune is None or self._since_prune + size >= self.max_bytes // 20
            self._since_prune = 0 if due else (self._since_prune or 0) + size
        return prune(self.roots, self.max_bytes, self.keep_recent) if due else 0


def prune(roots: tuple[Path, ...], max_bytes: int, keep_recent: float = RECENT_SECONDS) -> int:
    """Remove the oldest-read files under `roots` until they hold at most `max_bytes`
    (never one read in the last `keep_recent` seconds). Returns how many were removed."""
    now = time.time()
    files = sorted(_files(roots))
    total = sum(size for _, size, _ in files)
    removed = 0
    for read_at, size, path in files:
        if total <= max_bytes or read_at > now - keep_recent:
            break
        try:
            path.unlink()
        except OSError:
            continue  # another process removed it first
        total -= size
        removed += 1
    return removed


def _files(roots: tuple[Path, ...]):
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                if name.startswith("."):
                    continue  # a download or write under way
                path = Path(folder) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                yield stat.st_mtime, stat.st_size, path
