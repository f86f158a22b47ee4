"""A photo taken offline, sent in chunks: `start_photo` describes it (name, size, SHA-256),
`add_chunk` appends bytes at the offset where the upload stands, `photo_offset` says where
that is (an upload cut off resumes there), and `finish_photo` checks size and SHA-256 and
stores it through the evidence service, linked to its criterion, once per Idempotency-Key.
The chunks wait in the database (storage.upload_parts), so any node takes any of them."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from audit_engine.languages.current import error_text
from audit_engine.services.access import require_audit_read
from audit_engine.services.actions.evidence_uploads import upload_name
from audit_engine.services.fieldwork.evidence import upload_evidence
from audit_engine.services.fieldwork.evidence_pictures import check_picture
from audit_engine.services.offline.answers import device_time, held_reason
from audit_engine.services.offline.once import Sent, once, refused, request_text
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.storage import upload_parts as parts

SHA256 = re.compile(r"^[0-9a-f]{64}$")
UNKNOWN = "no photo under way with this upload id (finished already, or never started)"


def start_photo(uow, clock: Clock, *, actor: Actor, upload: str, fields: dict[str, str],
                max_bytes: int) -> Sent:
    """Describe the photo (a retried start finds it again): where to send from. Only for an
    audit the person may read: nothing of anyone else's lands on the disk."""
    try:
        meta = _described(upload, fields, max_bytes)
        require_audit_read(uow, actor=actor, kind="audit", ref=meta["audit"])
    except PermissionDenied:
        return refused(f"audit {meta['audit']} not found", 404)
    except (InvalidInput, NotFound) as wrong:
        return refused(error_text(wrong), 404 if isinstance(wrong, NotFound) else 422)
    with uow:
        found = parts.create(uow.session, actor.email, upload, meta, clock.now())
        uow.commit()
    if found.meta != meta:
        return refused(f"upload {upload}: already used for another photo")
    return Sent(200, {"outcome": "started", "offset": found.size})


def _described(upload: str, fields: dict[str, str], max_bytes: int) -> dict:
    if not parts.UPLOAD_ID.match(upload):
        raise InvalidInput.said("upload id: 8 to 64 letters, digits, - or _")
    size = fields.get("size", "")
    if not size.isdigit() or not 0 < int(size) <= max_bytes:
        raise InvalidInput.said("size: a number of bytes from 1 to %(limit)s", limit=max_bytes)
    sha256 = fields.get("sha256", "").lower()
    if not SHA256.match(sha256):
        raise InvalidInput.said("sha256: 64 hexadecimal digits")

    return {"audit": fields.get("audit", ""), "criterion": fields.get("criterion", ""),
            "name": upload_name(fields.get("name", "")), "size": int(size), "sha256": sha256}


def photo_offset(uow: UnitOfWork, *, actor: Actor, upload: str) -> Sent:
    with uow.reading():
        found = parts.part(uow.session, actor.email, upload)
    if found is None:
        return refused(UNKNOWN, 404)
    return Sent(200, {"outcome": "started", "offset": found.size})


def add_chunk(uow: UnitOfWork, *, actor: Actor, upload: str, offset: int, data: bytes) -> Sent:
    """Bytes at `offset`; elsewhere (a chunk lost before this one) answered with the offset
    to resume from; a chunk that arrived before is not written twice."""
    with uow:
        found = parts.part(uow.session, actor.email, upload)
        if found is None:
            return refused(UNKNOWN, 404)
        if offset < 0 or offset + len(data) > found.meta["size"] or not data:
            return refused(f"chunk at {offset}: beyond the photo's {found.meta['size']} bytes")
        size = parts.append(uow.session, found, offset, data)
        uow.commit()
    if size < offset + len(data):
        return Sent(409, {"outcome": "resume", "offset": size})
    return Sent(200, {"outcome": "started", "offset": size})


def finish_photo(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                 upload: str, key: str, given_at: str) -> Sent:
    request = request_text(f"photo {upload}", {"given_at": given_at})
    return once(uow, clock, actor=actor, key=key, request=request,
                run=lambda: _store(uow, clock, store, actor, upload, given_at))


def _store(uow: UnitOfWork, clock: Clock, store: EvidenceStore, actor: Actor, upload: str,
           given_at: str) -> Sent:
    with uow.reading():
        found = parts.part(uow.session, actor.email, upload)
    if found is None:  # never started (or removed as abandoned): from the start
        return Sent(409, {"outcome": "resume", "offset": 0})
    if found.size != found.meta["size"]:
        return Sent(409, {"outcome": "resume", "offset": found.size})
    with tempfile.TemporaryDirectory(prefix="photo-") as folder:
        path = Path(folder) / found.meta["name"]
        with uow.reading():
            sha256 = parts.write_to(uow.session, found, path)
        sent = _stored(uow, clock, store, found, actor, path, sha256, given_at)
    with uow:
        parts.remove(uow.session, found)
        uow.commit()
    return sent


def _stored(uow: UnitOfWork, clock: Clock, store: EvidenceStore, found: parts.Part, actor: Actor,
            path: Path, sha256: str, given_at: str) -> Sent:
    """The whole photo under its own name in a private folder, through the evidence service
    (the same as a photo taken online), linked to its criterion."""
    meta = found.meta
    if sha256 != meta["sha256"]:  # the sender starts this photo again, under a new upload id
        return Sent(422, {"outcome": "refused", "again": True,
                          "reason": "the photo arrived damaged (its SHA-256 differs)"})
    try:
        check_picture(path)
        added = upload_evidence(uow, clock, store, actor=actor, audit=meta["audit"], path=path,
                                criteria=[meta["criterion"]],
                                given_at=device_time(given_at, "given_at"))
    except TransitionNotAllowed as moved:
        return Sent(409, {"outcome": "held", "reason": held_reason(uow, meta["audit"], moved)})
    except (InvalidInput, NotFound, PermissionDenied) as wrong:
        return refused(error_text(wrong))
    return Sent(200, {"outcome": "applied", "evidence": added.view.id, "name": added.view.name})

