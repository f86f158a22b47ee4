"""The one interface for stored files: evidence and final reports, addressed by SHA-256.

Two implementations: `folder_store.FolderStore` (a folder of the home, the embedded default)
and `s3_store.S3Store` (S3-compatible object storage shared by every node); the composition
root picks one from the settings. Both promise the same (tests/storage/test_blob_contract.py
runs one contract against each):

- a file is stored under its SHA-256, computed from the bytes sent, and never overwritten
  (same name means same content);
- a file is visible under its name only once complete: a killed upload leaves nothing there;
- `local_path` hands out a readable copy on this machine (the object store's is downloaded
  into this node's cache and checked against its SHA-256 on the way out);
- `verify` re-reads the stored copy itself and says whether it still has its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import check_readable

CHUNK = 1024 * 1024
SHA256 = re.compile(r"[0-9a-f]{64}")
EVIDENCE_LAYOUT = "{0:.2}/{0}"  # <aa>/<sha256>: no folder holds every file
REPORT_LAYOUT = "final/{0}.pdf"  # the name the trail records for a final report


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    where: str  # a path, or s3://bucket/key: for messages


class BlobStore(Protocol):
    max_bytes: int

    def check_size(self, source: Path) -> int:
        """The size of `source`; InvalidInput when it is empty or over max_bytes."""

    def put(self, source: Path) -> StoredBlob:
        """Store a file, streamed (never whole in memory); returns its hash and size."""

    def put_bytes(self, data: bytes) -> StoredBlob:
        """Store bytes already in memory (a rendered report)."""

    def name_of(self, sha256: str) -> str:
        """The stored file's name relative to the store (the same in both implementations)."""

    def where(self, sha256: str) -> str:
        """Where the file is, for a message: a path or s3://bucket/key."""

    def exists(self, sha256: str) -> bool: ...

    def local_path(self, sha256: str) -> Path | None:
        """A readable copy on this machine; None when nothing is stored under `sha256`."""

    def verify(self, sha256: str) -> bool:
        """Whether the stored file is there and still has its SHA-256 (reads all of it)."""

    def stored(self) -> Iterator[str]:
        """The SHA-256 of every stored file."""

    def writable(self) -> bool:
        """Whether a file can be stored now (the readiness probe)."""


def checked_size(source: Path, max_bytes: int) -> int:
    size = check_readable(source, "evidence file").stat().st_size
    if size == 0:
        raise InvalidInput(f"evidence file {source}: is empty")
    if size > max_bytes:
        raise InvalidInput(
            f"evidence file {source}: {size} bytes is over the limit of {max_bytes} bytes")
    return size


def sha256_of_name(name: str) -> str | None:
    """The SHA-256 a stored file's name carries (`ab/<sha>`, `final/<sha>.pdf`), else None."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    return stem if SHA256.fullmatch(stem) else None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
