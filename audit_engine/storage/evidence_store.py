"""Evidence files on disk, content-addressed by SHA-256: `<root>/<aa>/<sha256>`.

A file is copied to a temporary name in `<root>/.tmp`, hashed while copying, fsynced, then
moved into place with os.replace. A file under its final name is therefore always complete,
and an existing one is never overwritten (same name means same content). Each writer holds
an exclusive lock on its temporary file; the next write removes temporary files nobody holds
(their writer was killed), so killed uploads do not pile up.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import check_readable

CHUNK = 1024 * 1024
TMP_PREFIX = "upload-"


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

    def writable(self) -> bool:
        """Whether a file can be stored now (a readiness probe: a real write, as root passes
        access checks on read-only mounts)."""
        try:
            tmp_dir = self.root / ".tmp"
            tmp_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=tmp_dir, prefix=TMP_PREFIX):
                return True
        except OSError:
            return False

    def check_size(self, source: Path) -> int:
        size = check_readable(source, "evidence file").stat().st_size
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
        remove_abandoned(tmp_dir)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=TMP_PREFIX)
        lock = _hold(tmp_name)  # says "still being written" to remove_abandoned elsewhere
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
        finally:
            os.close(lock)

    def verify(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _hold(name: str) -> int:
    """An exclusive lock on the temporary file for as long as this process writes it."""
    fd = os.open(name, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def remove_abandoned(tmp_dir: Path) -> int:
    """Delete temporary files whose writer died (killed upload, crash): nobody holds their
    lock any more. Returns how many were removed."""
    removed = 0
    for path in tmp_dir.glob(f"{TMP_PREFIX}*"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live writer holds it
        else:
            path.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


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
