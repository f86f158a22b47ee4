"""Photos arriving in chunks, kept in the database until finished: the sender's description of
the photo, and each chunk's bytes at its offset. Any node takes the next chunk of an upload
another node began (the proxy may send each request anywhere), and an upload cut off resumes at
the bytes that arrived instead of starting over. Only the sender's own uploads are ever found;
uploads nobody finished are removed after a while (`remove_abandoned`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from audit_engine.storage.models.api import PhotoUpload, PhotoUploadChunk

UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
ABANDONED_AFTER = timedelta(days=7)  # a phone offline longer sends its photo from the start


@dataclass(frozen=True)
class Part:
    """An upload under way: its row, what the sender said it will be, the bytes arrived."""

    id: int
    meta: dict
    size: int


def owner_of(email: str) -> str:
    """The sender as kept: a hash of their e-mail, never the address itself."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def part(session, owner: str, upload: str) -> Part | None:
    """The upload `upload` of `owner`, None when it is unknown (or `upload` is no id)."""
    if not UPLOAD_ID.match(upload):
        return None
    row = session.exec(select(PhotoUpload).where(PhotoUpload.owner == owner_of(owner),
                                                 PhotoUpload.upload == upload)).first()
    if row is None:
        return None
    return Part(row.id, dict(row.meta), _arrived(session, row.id))


def _arrived(session, upload_id: int) -> int:
    total = select(func.coalesce(func.sum(PhotoUploadChunk.size), 0)).where(
        PhotoUploadChunk.upload_id == upload_id)
    return int(session.exec(total).one())


def create(session, owner: str, upload: str, meta: dict, now: datetime) -> Part:
    """Describe a new upload (kept as it is when it exists: a retried start)."""
    found = part(session, owner, upload)
    if found is not None:
        return found
    row = PhotoUpload(owner=owner_of(owner), upload=upload, meta=meta, started_at=now)
    session.add(row)
    session.flush()
    return Part(row.id, meta, 0)


def append(session, found: Part, offset: int, data: bytes) -> int:
    """Add `data` at `offset` when that is where the upload ends; a chunk sent again (it
    arrived, its answer did not), or one another node took meanwhile, is skipped. Returns the
    size now; the caller compares."""
    if offset == found.size:
        try:
            with session.begin_nested():
                session.add(PhotoUploadChunk(upload_id=found.id, offset=offset, size=len(data),
                                             data=data))
        except IntegrityError:
            pass  # the same offset arrived through another request first
    return _arrived(session, found.id)


def write_to(session, found: Part, target: Path) -> str:
    """The chunks in order into `target` (one in memory at a time); returns its SHA-256."""
    digest = hashlib.sha256()
    offsets = session.exec(select(PhotoUploadChunk.offset).where(
        PhotoUploadChunk.upload_id == found.id).order_by(PhotoUploadChunk.offset)).all()
    with target.open("wb") as out:
        for offset in offsets:
            chunk = session.get(PhotoUploadChunk, (found.id, offset))
            digest.update(chunk.data)
            out.write(chunk.data)
            session.expunge(chunk)
    return digest.hexdigest()


def remove(session, found: Part) -> None:
    session.execute(delete(PhotoUploadChunk).where(PhotoUploadChunk.upload_id == found.id))
    session.execute(delete(PhotoUpload).where(PhotoUpload.id == found.id))


def remove_abandoned(session, now: datetime) -> int:
    """Remove uploads begun more than ABANDONED_AFTER before `now` and never finished (the
    scheduler's tick does, daily and more). Returns how many."""
    old = select(PhotoUpload.id).where(PhotoUpload.started_at < now - ABANDONED_AFTER)
    ids = list(session.exec(old).all())
    if ids:
        session.execute(delete(PhotoUploadChunk).where(PhotoUploadChunk.upload_id.in_(ids)))
        session.execute(delete(PhotoUpload).where(PhotoUpload.id.in_(ids)))
    return len(ids)
