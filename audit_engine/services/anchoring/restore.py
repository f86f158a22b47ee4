"""`audit-engine restore DIR`: a backup back into an empty database and home, then verified.

Order: the backup's manifest and every file re-hashed (a changed backup is refused before
anything is written); the target checked empty (no table in the database, no stored file in
the home) and the trail key present (it is never in a backup); the database loaded, the files
copied back (the checkpoint file only where none is: one kept apart stays, with the
checkpoints written after the backup), a backup's copies of bucket objects put back into the
bucket; a signed checkpoint "restored from backup at event N" appended (to the file, and with
object storage to the bucket's checkpoints too), so `log verify` tells this restore from a cut
(checkpoints of the history after N written before it are set aside, and said so); then
`log verify --deep`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.integrity.checkpoints import RESTORED
from audit_engine.services.anchoring.anchor import verify_anchored, write_checkpoint
from audit_engine.services.anchoring.backup import Places, read_manifest
from audit_engine.services.anchoring.deep_check import deep_differences
from audit_engine.storage import database_copy
from audit_engine.storage import trail as trail_rows


@dataclass(frozen=True)
class Restored:
    head_seq: int
    files: int
    problems: tuple[str, ...]  # what `log verify --deep` found afterwards (none: clean)
    unchecked: tuple[str, ...]  # keys it could not check


def restore_backup(app_parts, places: Places, folder: Path, clock: Clock) -> Restored:
    """`app_parts`: (engine, uow factory, trail key file, evidence store, report store)."""
    engine, new_uow, keys, store, reports = app_parts
    folder = Path(folder)
    manifest = read_manifest(folder)
    _require_empty(engine, places, keys, manifest)
    engine.dispose()  # SQLite: nothing of ours holds the file while it is replaced
    database_copy.load(places.database_url, folder, manifest["database"])
    copied = _copy_files(folder, manifest, places)
    if places.bucket is not None:
        from audit_engine.services.anchoring.bucket_backup import put_back

        copied += put_back(places.bucket, folder, manifest)
    uow = new_uow()
    with uow.reading():
        head = trail_rows.read_head(uow.session)
    write_checkpoint(new_uow(), keys, places.checkpoints, clock,
                     f"{RESTORED} #{head.seq} (backup made {manifest.get('made_at', '?')})")
    report = verify_anchored(new_uow(), keys, places.checkpoints)
    problems = list(report.problems)
    problems += deep_differences(new_uow(), store, reports)
    return Restored(head.seq, copied, tuple(problems), report.unchecked)


def _require_empty(engine, places: Places, keys, manifest: dict) -> None:
    if not database_copy.is_empty(engine):
        raise InvalidInput("restore needs an empty database: the database (or schema) the "
                           "settings name holds tables already")
    for tree in places.trees().values():
        if tree.is_dir() and any(p.is_file() for p in tree.rglob("*")):
            raise InvalidInput(f"restore needs an empty home: {tree} holds files already")
    if places.bucket is None and any(name.startswith("bucket/") for name in manifest["files"]):
        raise InvalidInput("this backup holds files of object storage: set file_storage = s3 "
                           "and the s3_* settings of the bucket to put them in, then restore")
    if keys.load() is None:
        raise InvalidInput(f"restore needs the trail key, which no backup holds: put the key "
                           f"file kept apart from the backup at {keys.path} first")


def _copy_files(folder: Path, manifest: dict, places: Places) -> int:
    trees = places.trees()
    count = 0
    for name in manifest["files"]:
        top, _, rest = name.partition("/")
        if top in trees and rest:
            target = trees[top] / rest
        elif name == "checkpoints.jsonl":
            target = places.checkpoint_path
            if target.exists():
                continue  # kept apart (append-only, off the machine): it stays the anchor
        else:
            continue  # the database copy, loaded already
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / name, target)
        count += 1
    return count
