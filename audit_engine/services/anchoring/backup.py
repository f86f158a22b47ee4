"""`audit-engine backup -o DIR`: a consistent copy of an installation, keys never inside.

What goes in, in this order: the database (services' storage: SQLite's online backup API, or
`pg_dump` of the database or schema), then the files under the home the database names
(evidence, final reports) and the trail's checkpoint file, with object storage the list of the
bucket's files the database names (and, `with_files`, copies of them: bucket_backup), then
`backup.json`: the format, the trail head seen before the copy began, and every file with its
SHA-256 and size. The database goes first because files are stored before the rows that name
them: every file the copied rows name is there when the files are copied. The trail and
workbook keys are never copied.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit_engine.domain.errors import InvalidInput
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import database_copy
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.blob_store import file_sha256

FORMAT = "audit-engine/backup@1"
MANIFEST = "backup.json"


@dataclass(frozen=True)
class Places:
    """Where an installation keeps what a backup holds (from the settings)."""

    database_url: str
    evidence_dir: Path
    report_dir: Path
    checkpoint_path: Path
    key_paths: tuple[Path, ...]  # never copied: where they must be kept apart
    checkpoint_log: Any = None  # the file and the bucket's (file_storage s3); None: the file
    bucket: Any = None  # bucket_backup.BucketFiles when files are in object storage

    @property
    def checkpoints(self) -> Any:
        return self.checkpoint_log or self.checkpoint_path

    def trees(self) -> dict[str, Path]:
        return {"evidence": self.evidence_dir, "reports": self.report_dir}


@dataclass(frozen=True)
class BackupMade:
    folder: Path
    head_seq: int
    files: int
    database: str  # the database copy's file name
    bucket_objects: int = 0  # bucket files listed (copied too when with_files)


def make_backup(uow: UnitOfWork, places: Places, folder: Path, now,
                with_files: bool = False) -> BackupMade:
    folder = _new_folder(Path(folder))
    with uow.reading():
        head = trail_rows.read_head(uow.session)
    database = database_copy.dump(places.database_url, folder)
    files = {}
    for name, tree in places.trees().items():
        files.update(_copy_tree(tree, folder / name, name))
    if places.checkpoint_path.is_file():
        shutil.copyfile(places.checkpoint_path, folder / "checkpoints.jsonl")
        files["checkpoints.jsonl"] = _entry(folder / "checkpoints.jsonl")
    files[database] = _entry(folder / database)
    manifest = {"format": FORMAT, "made_at": now.isoformat(), "head_seq_at_least": head.seq,
                "database": database, "kind": database_copy.kind_of(places.database_url)}
    objects = _bucket_part(uow, places, folder, with_files, files, manifest)
    manifest["files"] = dict(sorted(files.items()))
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return BackupMade(folder, head.seq, len(files), database, objects)


def _bucket_part(uow, places: Places, folder: Path, with_files: bool, files: dict,
                 manifest: dict) -> int:
    """The bucket's files the (already copied) rows name, listed; copied when `with_files`."""
    if places.bucket is None:
        return 0
    from audit_engine.services.anchoring.bucket_backup import copy_objects, named_objects

    objects = named_objects(uow, places.bucket)
    if with_files:
        files.update(copy_objects(places.bucket, objects, folder))
    manifest["bucket"] = {"name": places.bucket.name, "copied": with_files, "objects": objects}
    return len(objects)


def _new_folder(folder: Path) -> Path:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(f"backup folder {folder} exists and is not empty: name a new one")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # owner-only, like the home it copies
    return folder


def _copy_tree(tree: Path, target: Path, name: str) -> dict[str, dict]:
    copied: dict[str, dict] = {}
    if not tree.is_dir():
        return copied
    for path in sorted(p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(tree).as_posix()
        if relative.endswith(".tmp") or "/." in f"/{relative}":
            continue  # an upload in flight, not a stored file
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        copied[f"{name}/{relative}"] = _entry(destination)
    return copied


def _entry(path: Path) -> dict:
    return {"sha256": file_sha256(path), "size": path.stat().st_size}


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, each listed file re-hashed; IntegrityBroken names a mismatch."""
    from audit_engine.domain.errors import IntegrityBroken

    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InvalidInput(f"{folder} is not a backup: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = dict(manifest["files"])
        if manifest.get("format") != FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}")
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"{path}: not a backup manifest ({error})") from None
    for name, entry in files.items():
        member = Path(folder) / name
        if os.path.isabs(name) or ".." in Path(name).parts or not member.is_file():
            raise IntegrityBroken(f"backup {folder}: {name} is missing")
        if file_sha256(member) != entry.get("sha256"):
            raise IntegrityBroken(f"backup {folder}: {name} was changed (SHA-256 differs)")
    return manifest
