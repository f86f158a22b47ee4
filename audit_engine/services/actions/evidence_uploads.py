"""Evidence uploaded through the web or the API: every file's name and size checked before
anything is stored, then stored through the same services as `evidence add` and `action
implement --evidence`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import ActionId, AuditId
from audit_engine.services.access import reads_first
from audit_engine.services.actions.actions import act_on
from audit_engine.services.audits.read_models import ActionWritten, EvidenceView
from audit_engine.services.fieldwork.evidence import add_evidence, safe_name
from audit_engine.services.fieldwork.evidence_pictures import check_picture
from audit_engine.services.ports import EvidenceStore, UnitOfWork

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it
    stream: BinaryIO


def upload_name(name: str) -> str:
    """The browser's file name, refused when it tries a path or a trick."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise InvalidInput.said("file name %(name)r: give a plain file name", name=name)
    return safe_name(Path(name))


@reads_first("audit", "audit")
def add_uploads(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                audit: AuditId,
                uploads: Sequence[Upload],
                criteria: Iterable[str], valid_until: date | None,
                max_bytes: int) -> list[EvidenceView]:
    """Check every file's name and size first (copying to a private temporary folder with a
    size limit), then store them one by one through the same service as `evidence add`."""
    criteria = [c for c in criteria if c]
    if not uploads:
        raise InvalidInput.said("choose at least one file")
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        paths = [spool(upload, Path(folder) / str(i), max_bytes)
                 for i, upload in enumerate(uploads)]
        for path in paths:  # every file checked before the first is stored
            check_picture(path)
        return [
            add_evidence(uow, clock, store, actor=actor, audit=audit, path=path,
                         criteria=criteria, valid_until=valid_until)
            for path in paths
        ]


@reads_first("action", "action")
def act_with_upload(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, upload: Upload | None,
                    max_bytes: int,
                    etag: int | None = None, **step) -> ActionWritten:
    """A corrective-action step (`act_on`'s keywords: actor, action, event, note, ...) with an
    uploaded evidence file: its name and size checked (copied to a private temporary folder
    with a size limit) before `act_on` stores it. The web's action page and the API use it."""
    if etag is not None:
        step.update(_guard(uow, step["action"], etag))
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = spool(upload, Path(folder) / "0", max_bytes) if upload is not None else None
        return act_on(uow, clock, store, evidence=path, **step)


def _guard(uow: UnitOfWork, action: ActionId, etag: int) -> dict[str, int]:
    """What an ETag guards: an audit's action by its audit's version, a risk action-plan item
    (no audit) by the trail position: refused if it changed since."""
    from audit_engine.services.lookup import action_by_ref

    with uow.reading():
        in_audit = action_by_ref(uow.session, action).audit_id is not None
    return {"expected_version": etag} if in_audit else {"unchanged_since": etag}


def spool(upload: Upload, folder: Path, max_bytes: int) -> Path:
    name = upload_name(upload.name)
    folder.mkdir()
    target = folder / name
    written = 0
    with open(target, "wb") as out:
        while chunk := upload.stream.read(CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise InvalidInput.said("file %(name)r is larger than %(limit)s bytes", name=name,
                                        limit=max_bytes)
            out.write(chunk)
    if written == 0:
        raise InvalidInput.said("file %(name)r is empty", name=name)
    return target
