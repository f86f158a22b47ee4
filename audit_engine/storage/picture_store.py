"""Thumbnails, previews and PDF page counts of stored evidence: derived from the file's
SHA-256 and named by it (`<aa>/<sha256>-thumb.jpg`, `-preview.jpg`, `-pages.txt`), made once
and kept.

`FolderPictures` keeps them in a folder of the home (the embedded default, and each node's
cache in front of the bucket). `BucketPictures` keeps them in the bucket under `pictures/`
too, so a thumbnail one node made is served by every other without the original being
downloaded or shrunk again. Two nodes making the same picture at once both store it; the
bucket keeps the first (`If-None-Match: *`), the same bytes up to the encoder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from audit_engine.storage.cache_limit import CacheLimit


class FolderPictures:
    def __init__(self, root: Path, limit: CacheLimit | None = None) -> None:
        self.root, self.limit = Path(root), limit

    def get(self, name: str) -> bytes | None:
        path = self.root / name
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if self.limit is not None:
            self.limit.read(path)
        return data

    def put(self, name: str, data: bytes) -> None:
        """Readers see the whole file or none (two requests may make the same one at once)."""
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
        if self.limit is not None:
            self.limit.wrote(len(data))


class BucketPictures:
    """Pictures in the bucket under `prefix`, with this node's folder in front."""

    def __init__(self, bucket, prefix: str, cache: FolderPictures) -> None:
        self.bucket, self.prefix, self.cache = bucket, prefix, cache

    def get(self, name: str) -> bytes | None:
        cached = self.cache.get(name)
        if cached is not None:
            return cached
        chunks = self.bucket.chunks(self.prefix + name)
        if chunks is None:
            return None
        data = b"".join(chunks)  # a picture is kilobytes
        self.cache.put(name, data)
        return data

    def put(self, name: str, data: bytes) -> None:
        self.bucket.create_new(self.prefix + name, data)  # False: another node's is there
        self.cache.put(name, data)
