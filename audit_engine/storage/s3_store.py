"""Stored files in S3-compatible object storage (storage.blob_store's interface), shared by
every node: evidence under `evidence/<aa>/<sha256>`, final reports under
`reports/final/<sha256>.pdf` in one bucket.

Uploads are streamed: a file up to one part goes in one PUT; a larger one is hashed first, then
sent in 8 MiB parts while hashed again, and the upload is completed only when both hashes agree
(a file changed meanwhile is refused, its parts dropped). Nothing is ever overwritten
(`If-None-Match: *`). Reads download into this node's cache (`<home>/cache/objects`), checked
against the SHA-256 on the way out; the cache may be emptied at any time, and is kept within
its size limit (storage.cache_limit: the oldest-read copies go first).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from audit_engine.domain.errors import IntegrityBroken, InvalidInput
from audit_engine.storage.blob_store import (
    EVIDENCE_LAYOUT,
    StoredBlob,
    checked_size,
    file_sha256,
    sha256_of_name,
)
from audit_engine.storage.cache_limit import CacheLimit
from audit_engine.storage.s3_client import PART, Bucket

CHUNK = 1024 * 1024


class S3Store:
    def __init__(self, bucket: Bucket, prefix: str, max_bytes: int, cache_dir: Path,
                 layout: str = EVIDENCE_LAYOUT, limit: CacheLimit | None = None) -> None:
        self.bucket, self.prefix, self.max_bytes = bucket, prefix, max_bytes
        self.cache_dir, self.layout, self.limit = Path(cache_dir), layout, limit

    def name_of(self, sha256: str) -> str:
        return self.layout.format(sha256)

    def key_of(self, sha256: str) -> str:
        return self.prefix + self.name_of(sha256)

    def where(self, sha256: str) -> str:
        return self.bucket.url(self.key_of(sha256))

    def check_size(self, source: Path) -> int:
        return checked_size(source, self.max_bytes)

    def put(self, source: Path) -> StoredBlob:
        size = self.check_size(source)
        if size <= PART:
            return self.put_bytes(_read_at_most(source, PART))
        expected = file_sha256(source)
        key = self.key_of(expected)
        if self.bucket.size_of(key) == size:
            return StoredBlob(expected, size, self.bucket.url(key))
        digest = hashlib.sha256()

        def agreed() -> None:
            if digest.hexdigest() != expected:
                raise InvalidInput(f"evidence file {source}: changed while it was uploaded; "
                                   "nothing was stored")

        self.bucket.create_new_in_parts(key, _parts(source, digest, self.max_bytes),
                                        before_complete=agreed)
        return StoredBlob(expected, size, self.bucket.url(key))

    def put_bytes(self, data: bytes) -> StoredBlob:
        if not data:
            raise InvalidInput("evidence file: is empty")
        sha256 = hashlib.sha256(data).hexdigest()
        key = self.key_of(sha256)
        self.bucket.create_new(key, data)
        return StoredBlob(sha256, len(data), self.bucket.url(key))

    def exists(self, sha256: str) -> bool:
        return self.bucket.size_of(self.key_of(sha256)) is not None

    def local_path(self, sha256: str) -> Path | None:
        cached = self.cache_dir / self.name_of(sha256)
        if cached.is_file():
            if self.limit is not None:
                self.limit.read(cached)
            return cached
        chunks = self.bucket.chunks(self.key_of(sha256))
        if chunks is None:
            return None
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=cached.parent, prefix=".download-")
        try:
            with os.fdopen(fd, "wb") as writer:
                digest = _copy(chunks, writer)
            if digest != sha256:
                raise IntegrityBroken(f"{self.where(sha256)}: does not match its SHA-256")
            os.replace(name, cached)
        finally:
            Path(name).unlink(missing_ok=True)
        if self.limit is not None:
            self.limit.wrote(cached.stat().st_size)
        return cached

    def verify(self, sha256: str) -> bool:
        chunks = self.bucket.chunks(self.key_of(sha256))
        if chunks is None:
            return False
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        return digest.hexdigest() == sha256

    def stored(self) -> Iterator[str]:
        for key in self.bucket.keys(self.prefix):
            found = sha256_of_name(key)
            if found and key == self.key_of(found):
                yield found

    def writable(self) -> bool:
        return self.bucket.answers()


def _read_at_most(source: Path, limit: int) -> bytes:
    with source.open("rb") as reader:
        data = reader.read(limit + 1)
    if len(data) > limit:  # it grew since its size was checked: the streamed path takes it
        raise InvalidInput(f"evidence file {source}: changed while it was stored; try again")
    return data


def _parts(source: Path, digest, limit: int) -> Iterator[bytes]:
    """The file in PART-sized pieces, each added to `digest` (one part in memory at a time)."""
    size = 0
    with source.open("rb") as reader:
        while part := reader.read(PART):
            size += len(part)
            if size > limit:
                raise InvalidInput(f"evidence file {source}: over the limit of {limit} bytes")
            digest.update(part)
            yield part


def _copy(chunks: Iterator[bytes], writer) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
        writer.write(chunk)
    writer.flush()
    return digest.hexdigest()
