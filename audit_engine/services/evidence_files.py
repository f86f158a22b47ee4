"""Evidence through the web: uploads checked for name and size before anything is stored,
downloads authorized by facility (another facility's file is NotFound)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.lifecycle import display_id, parse_id
from audit_engine.services.audit_page import visible
from audit_engine.services.evidence import add_evidence, safe_name
from audit_engine.services.lookup import actor_with_grants
from audit_engine.storage.models.lifecycle import Evidence
from audit_engine.storage.models.people import Facility

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it
    stream: BinaryIO


@dataclass(frozen=True)
class EvidenceFile:
    path: Path
    name: str
    media_type: str
    size: int


def upload_name(name: str) -> str:
    """The browser's file name, refused when it tries a path or a trick."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise InvalidInput(f"file name {name!r}: give a plain file name")
    return safe_name(Path(name))


def add_uploads(uow, clock, store, *, actor: str, audit: str, uploads: Sequence[Upload],
                criteria: Iterable[str], valid_until: date | None, max_bytes: int) -> list[dict]:
    """Check every file's name and size first (copying to a private temporary folder with a
    size limit), then store them one by one through the same service as `evidence add`."""
    criteria = [c for c in criteria if c]
    if not uploads:
        raise InvalidInput("choose at least one file")
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        paths = [spool(upload, Path(folder) / str(i), max_bytes)
                 for i, upload in enumerate(uploads)]
        return [
            add_evidence(uow, clock, store, actor=actor, audit=audit, path=path,
                         criteria=criteria, valid_until=valid_until)
            for path in paths
        ]


def spool(upload: Upload, folder: Path, max_bytes: int) -> Path:
    name = upload_name(upload.name)
    folder.mkdir()
    target = folder / name
    written = 0
    with open(target, "wb") as out:
        while chunk := upload.stream.read(CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise InvalidInput(f"file {name!r} is larger than {max_bytes} bytes")
            out.write(chunk)
    if written == 0:
        raise InvalidInput(f"file {name!r} is empty")
    return target


def evidence_file(uow, store, *, actor: str, evidence: str) -> EvidenceFile:
    """The stored file of an evidence item the actor may see."""
    number = parse_id("evidence", evidence)
    with uow.reading():
        session = uow.session
        row = session.get(Evidence, number)
        _, grants = actor_with_grants(session, actor)
        facility = session.get(Facility, row.facility_id) if row else None
        if row is None or not visible(grants, facility.code):
            raise NotFound(f"evidence {display_id('evidence', number)} not found")
    path = store.path_for(row.sha256)
    if not path.is_file():
        raise NotFound(f"evidence {display_id('evidence', number)}: the file is missing")
    return EvidenceFile(path, row.original_name, row.media_type, row.size)


