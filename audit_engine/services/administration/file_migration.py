"""`storage migrate --to s3`: the home's stored files copied into object storage, each one
re-read from the bucket and checked against its SHA-256.

Idempotent and resumable: a file already in the bucket is not sent again (objects are never
overwritten) but still verified, so a run stopped half way is finished by running it again.
A local file that no longer has its SHA-256 is not copied; each problem is named, and the
others are still copied. Checkpoints of the local file are added to the bucket's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migrated:
    kind: str  # "evidence", "final reports", "checkpoints"
    copied: int
    present: int  # in the bucket already (an earlier run)
    problems: tuple[str, ...]


def migrate_files(pairs: Sequence[tuple[str, Any, Any]],
                  progress: Callable[[str], None] | None = None) -> list[Migrated]:
    """Each (kind, folder store, object store) pair, copied and verified."""
    return [_migrate(kind, source, target, progress) for kind, source, target in pairs]


def _migrate(kind: str, source, target, progress) -> Migrated:
    copied = present = 0
    problems = []
    for sha256 in source.stored():
        if not source.verify(sha256):
            problems.append(f"{kind} {source.where(sha256)}: does not match its SHA-256; "
                            "not copied")
            continue
        if target.exists(sha256):
            present += 1
        else:
            target.put(source.local_path(sha256))
            copied += 1
        if not target.verify(sha256):
            problems.append(f"{kind} {target.where(sha256)}: read back, it does not match "
                            "its SHA-256")
        if progress:
            progress(sha256)
    return Migrated(kind, copied, present, tuple(problems))


def migrate_checkpoints(file_log, bucket_log) -> Migrated:
    """The checkpoint file's checkpoints added to the bucket's (one object each)."""
    mine, problems = file_log.read()
    theirs = {c.to_line() for c in bucket_log.read()[0]}
    fresh = [c for c in mine if c.to_line() not in theirs]
    for checkpoint in fresh:
        bucket_log.append(checkpoint)
    return Migrated("checkpoints", len(fresh), len(mine) - len(fresh), tuple(problems))
