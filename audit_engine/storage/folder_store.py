"""Stored files in a folder of the home, content-addressed by SHA-256: evidence under
`<home>/evidence/<aa>/<sha256>`, final reports under `<home>/reports/final/<sha256>.pdf`
(storage.blob_store's interface; the embedded default).

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
from collections.abc import Iterator
from pathlib import Path

from audit_engine.domain.errors import InvalidInput
from audit_engine.storage.blob_store import (
    EVIDENCE_LAYOUT,
    StoredBlob,
    checked_size,
    file_sha256,
    sha256_of_name,
)

CHUNK = 1024 * 1024
TMP_PREFIX = "upload-"


class FolderStore:
    def __init__(self, root: Path, max_bytes: int, layout: str = EVIDENCE_LAYOUT) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.layout = layout

    def name_of(self, sha256: str) -> str:
        return self.layout.format(sha256)

    def path_for(self, sha256: str) -> Path:
        return self.root / self.name_of(sha256)

    def where(self, sha256: str) -> str:
        return str(self.path_for(sha256))

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def local_path(self, sha256: str) -> Path | None:
        path = self.path_for(sha256)
        return path if path.is_file() else None

    def stored(self) -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            found = sha256_of_name(relative)
            if found and not relative.startswith(".tmp/") and relative == self.name_of(found):
                yield found

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
        return checked_size(source, self.max_bytes)

    def put(self, source: Path) -> StoredBlob:
        """Store `source`; returns its hash and size. Never overwrites a stored file."""
        self.check_size(source)
        with source.open("rb") as reader:
            return self._write(reader, source)

    def put_bytes(self, data: bytes) -> StoredBlob:
        import io

        return self._write(io.BytesIO(data), "(rendered file)")

    def _write(self, reader, source) -> StoredBlob:
        tmp_dir = self.root / ".tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        remove_abandoned(tmp_dir)
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=TMP_PREFIX)
        lock = _hold(tmp_name)  # says "still being written" to remove_abandoned elsewhere
        try:
            digest, size = _copy_hashing(reader, source, fd, self.max_bytes)
            final = self.path_for(digest)
            if final.exists() and final.stat().st_size == size:
                os.unlink(tmp_name)  # same name, same content: already stored
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_name, final)
                _fsync_dir(final.parent)
            return StoredBlob(digest, size, str(final))
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        finally:
            os.close(lock)

    def verify(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        return path.is_file() and file_sha256(path) == sha256


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


def _copy_hashing(reader, source, fd: int, max_bytes: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "wb") as writer:
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
