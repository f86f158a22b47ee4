"""Trail checkpoints in the object store, beside the local file: one object per checkpoint,
`checkpoints/<seq, 12 digits>-<first 16 hex of its SHA-256>.json`, created never overwritten,
so the bucket's list is append-only like the file and every node sees every node's checkpoints.
"""

from __future__ import annotations

import hashlib

from audit_engine.domain.integrity.checkpoints import Checkpoint, parse_line
from audit_engine.storage.checkpoint_file import CheckpointFile
from audit_engine.storage.s3_client import Bucket

PREFIX = "checkpoints/"


class BucketCheckpoints:
    def __init__(self, bucket: Bucket, prefix: str = PREFIX) -> None:
        self.bucket, self.prefix = bucket, prefix

    @property
    def where(self) -> str:
        return self.bucket.url(self.prefix)

    def append(self, checkpoint: Checkpoint) -> None:
        line = checkpoint.to_line().encode()
        name = f"{checkpoint.seq:012d}-{hashlib.sha256(line).hexdigest()[:16]}.json"
        self.bucket.create_new(self.prefix + name, line)

    def read(self) -> tuple[list[Checkpoint], list[str]]:
        found, problems = [], []
        for number, key in enumerate(sorted(self.bucket.keys(self.prefix)), 1):
            chunks = self.bucket.chunks(key)
            text = b"".join(chunks or ()).decode("utf-8", errors="replace").strip()
            try:
                found.append(parse_line(text, number))
            except ValueError as error:
                problems.append(f"{self.bucket.url(key)}: {error}")
        return found, problems


class FileAndBucket:
    """Both logs: written to each, read as one (a checkpoint in both counts once)."""

    def __init__(self, file: CheckpointFile, bucket: BucketCheckpoints) -> None:
        self.file, self.bucket = file, bucket

    @property
    def where(self) -> str:
        return f"{self.file.where} and {self.bucket.where}"

    def append(self, checkpoint: Checkpoint) -> None:
        self.file.append(checkpoint)
        self.bucket.append(checkpoint)

    def read(self) -> tuple[list[Checkpoint], list[str]]:
        mine, problems = self.file.read()
        shared, more = self.bucket.read()
        seen = {c.to_line() for c in mine}
        return mine + [c for c in shared if c.to_line() not in seen], problems + more
