"""Backups with object storage (`file_storage = "s3"`): the manifest lists every file of the
bucket the database names (evidence rows, the final reports the trail records) with its
SHA-256 and size; with `--with-files` the objects themselves, and the bucket's trail
checkpoints, are copied into the backup under `bucket/<object name>`, each checked against its
SHA-256 on the way. A restore puts those copies back into the bucket through the same stores
(names are content hashes: an object already there is the same file and is kept).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit_engine.domain.errors import IntegrityBroken
from audit_engine.domain.integrity.trail_replay import replay
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.blob_store import sha256_of_name
from audit_engine.storage.models.lifecycle import Evidence
from audit_engine.storage.queries.rows import all_rows

FOLDER = "bucket"


@dataclass(frozen=True)
class BucketFiles:
    """The bucket's stores (storage.s3_store.S3Store) and its checkpoint objects."""

    name: str
    evidence: Any
    reports: Any
    checkpoints: Any  # storage.s3_checkpoints.BucketCheckpoints


def named_objects(uow: UnitOfWork, bucket: BucketFiles) -> dict[str, dict]:
    """{object name: {sha256, size}} of every bucket file the database names."""
    with uow.reading():
        evidence = {row.sha256: row.size for row in all_rows(uow.session, Evidence)}
        state = replay(trail_rows.event_records(uow.session))
    found = {bucket.evidence.key_of(sha): {"sha256": sha, "size": size}
             for sha, size in evidence.items()}
    for record in state.kinds.get("final_report", {}).values():
        sha = sha256_of_name(record["file"].value or "")
        if sha:  # the trail records a report's hash, not its size: the bucket's
            key = bucket.reports.key_of(sha)
            found[key] = {"sha256": sha, "size": bucket.reports.bucket.size_of(key)}
    return dict(sorted(found.items()))


def copy_objects(bucket: BucketFiles, objects: dict[str, dict], folder: Path) -> dict[str, dict]:
    """Each named object, and every checkpoint object, into `folder/bucket/`, checked;
    IntegrityBroken names one missing or changed. Returns the manifest's entries."""
    client = bucket.checkpoints.bucket
    wanted = {key: entry["sha256"] for key, entry in objects.items()}
    wanted.update({key: None for key in client.keys(bucket.checkpoints.prefix)})
    copied = {}
    for key, sha256 in wanted.items():
        target = folder / FOLDER / key
        digest, size = _download(client, key, target)
        if digest is None or sha256 not in (None, digest):
            state = "is missing" if digest is None else "does not match its SHA-256"
            raise IntegrityBroken(f"{client.url(key)}: {state}; the backup is not complete")
        copied[f"{FOLDER}/{key}"] = {"sha256": digest, "size": size}
    return copied


def _download(client, key: str, target: Path) -> tuple[str | None, int | None]:
    chunks = client.chunks(key)
    if chunks is None:
        return None, None
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def put_back(bucket: BucketFiles, folder: Path, manifest: dict) -> int:
    """The backup's copies of bucket objects back into the bucket. Returns how many."""
    count = 0
    for name in manifest["files"]:
        top, _, key = name.partition("/")
        if top != FOLDER or not key:
            continue
        source = folder / name
        store = _store_of(bucket, key)
        if store is None:
            bucket.checkpoints.bucket.create_new(key, source.read_bytes())
        elif store.put(source).sha256 != sha256_of_name(key):
            raise IntegrityBroken(f"backup {folder}: {name} is not named by its SHA-256")
        count += 1
    return count


def _store_of(bucket: BucketFiles, key: str):
    """The store an object name belongs to; None for a checkpoint."""
    for store in (bucket.evidence, bucket.reports):
        if key.startswith(store.prefix):
            return store
    return None
