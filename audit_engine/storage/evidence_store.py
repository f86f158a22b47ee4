"""Evidence files on disk, content-addressed by SHA-256: `<root>/<aa>/<sha256>`.

A file is copied to a temporary name in `<root>/.tmp`, hashed while copying, fsynced, then
moved into place with os.replace. A file under its final name is therefore always complete,
and an existing one is never overwritten (same name means same content).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


class FileEvidenceStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def check_size(self, source: Path) -> int:
        size = source.stat().st_size
        if size == 0:
            raise InvalidInput(f"evidence file {source}: is empty")
        if size > self.max_bytes:
            raise InvalidInput(
                f"evidence file {source}: {size} bytes is over the limit of {self.max_bytes} bytes"
            )
        return size

    def put(self, source: Path) -> StoredBlob:
        """Store `source`; returns its hash and size. Never overwrites a stored file."""
        self.check_size(source)
        tmp_dir = self.root / ".tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
        try:
            digest, size = _copy_hashing(source, fd, self.max_bytes)
            final = self.path_for(digest)
            if final.exists() and final.stat().st_size == size:
                os.unlink(tmp_name)  # same name, same content: already stored
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_name, final)
                _fsync_dir(final.parent)
            return StoredBlob(digest, size, final)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def verify(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _copy_hashing(source: Path, fd: int, max_bytes: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, os.fdopen(fd, "wb") as writer:
        while chunk := reader.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:  # the file grew while we read it
                raise InvalidInput(f"evidence file {source}: over the limit of {max_bytes} bytes")
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    if size == 0:
        raise InvalidInput(f"evidence file {source}: is empty")
    return digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
