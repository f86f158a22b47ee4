"""Evidence: files into the content-addressed store, metadata and links in the database.

Order matters for crash safety: check everything in a read transaction, store the file
(complete under its final name or not at all), then write rows + trail in one transaction.
A crash between the two leaves at most an unreferenced, complete file; never a row without
its file.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import check_characters
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.domain.rules.scoring import natural_key
from audit_engine.services.access import reads_first
from audit_engine.services.audits.read_models import EvidenceView
from audit_engine.services.fieldwork.answers import answer_for, given_on_device, require_status
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, audit_by_ref
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import Evidence, EvidenceLink
from audit_engine.storage.queries.evidence import (
    action_evidence,
    criteria_linked_to,
    evidence_by_audit_criterion,
    stored_files,
)


def safe_name(path: Path) -> str:
    """The original file name to keep, refusing `..` and control characters."""
    text = str(path)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInput.said("file name %(name)r contains control characters", name=text)
    check_characters(text, f"file name {text!r}", is_name=True)  # no U+202E "gpj.exe"
    if ".." in Path(text).parts or "../" in text or "..\\" in text:
        raise InvalidInput.said("file name %(name)r contains '..'", name=text)
    name = path.name
    if not name or len(name) > 255:
        raise InvalidInput.said("file name %(name)r is empty or longer than 255 characters",
                                name=text)
    return name


def media_type_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class EvidenceAdded:
    view: EvidenceView
    version: int  # the audit's version after the upload (the API's new ETag)


def add_evidence(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                 audit: AuditId,
                 path: Path,
                 criteria: Sequence[str], valid_until: date | None = None,
                 expected_version: int | None = None) -> EvidenceView:
    """Store the file and link it to criteria of an audit in fieldwork."""
    return upload_evidence(uow, clock, store, actor=actor, audit=audit, path=path,
                           criteria=criteria, valid_until=valid_until,
                           expected_version=expected_version).view


@reads_first("audit", "audit")
def upload_evidence(
    uow: UnitOfWork,
    clock: Clock,
    store: EvidenceStore,
    *,
    actor: Actor,
    audit: AuditId,
    path: Path,
    criteria: Sequence[str],
    valid_until: date | None = None,
    expected_version: int | None = None,
    given_at: datetime | None = None,
) -> EvidenceAdded:
    """add_evidence, and the audit's version it left (an upload changes it). `given_at`: when
    a photo kept offline was taken on the device (the trail keeps it beside the server's time)."""
    today = clock.now().date()
    name = _check_upload(store, path, criteria, valid_until, today)
    with uow.reading():  # refuse bad ids and permissions before touching the store
        _checked(uow.session, actor, audit, criteria, expected_version)
    blob = store.put(path)
    with uow:
        session = uow.session
        row, user = _checked(session, actor, audit, criteria, expected_version)
        now = clock.now()
        evidence = _reusable(session, row.facility_id, blob.sha256, today)
        if evidence is None:
            evidence = _new_evidence(session, blob, name, row.facility_id, user.id, now)
            evidence.valid_until = valid_until
            session.flush()
        linked = _link(session, evidence, row.id, criteria, user.id, now)
        row.updated_at = now
        session.add(row)
        view = evidence_view(evidence, linked)
        ref = display_id("audit", row.id)
        payload = {**evidence_payload(view), **given_on_device(given_at)}
        append_event(uow, now, actor, "evidence.add", ref, payload, row.id)
        session.flush()  # the version bump is written (and read back) here
        version = row.version
        uow.commit()
    return EvidenceAdded(view, version)


def _check_upload(store: EvidenceStore, path: Path, criteria, valid_until: date | None,
                  today: date) -> str:
    """The file name to keep; refuses a bad name, a missing or oversized file, no criteria."""
    name = safe_name(path)
    if not path.is_file():
        raise InvalidInput(f"evidence file {path}: no such file")
    if not criteria:
        raise InvalidInput("give at least one --criterion")
    if valid_until is not None and valid_until < today:
        raise InvalidInput(f"--valid-until {valid_until} is already past")
    store.check_size(path)
    return name


def _new_evidence(session, blob, name: str, facility_id: int, user_id: int, now) -> Evidence:
    evidence = Evidence(
        sha256=blob.sha256,
        original_name=name,
        media_type=media_type_of(name),
        size=blob.size,
        facility_id=facility_id,
        added_by_id=user_id,
        added_at=now,
    )
    session.add(evidence)
    return evidence


def _checked(session, actor: Actor, audit, criteria, expected_version):
    row, facility_code = audit_at_facility(session, audit, expected_version)
    user, grants = actor_with_grants(session, actor)
    require(actor, grants, "evidence.add", facility_code)
    require_status(row, AuditStatus.FIELDWORK, "evidence is added to criteria")
    for criterion in criteria:
        answer_for(session, row, criterion)
    return row, user


def _reusable(session, facility_id: int, sha256: str, today: date) -> Evidence | None:
    """The same file already stored for this facility and still valid: link it again."""
    for evidence in stored_files(session, facility_id, sha256):
        if evidence.valid_until is None or evidence.valid_until >= today:
            return evidence
    return None


def _link(session, evidence, audit_id, criteria, user_id, now) -> list[str]:
    existing = criteria_linked_to(session, evidence.id, audit_id)
    for criterion in dict.fromkeys(c.strip() for c in criteria):
        if criterion not in existing:
            session.add(
                EvidenceLink(
                    evidence_id=evidence.id,
                    audit_id=audit_id,
                    criterion_id=criterion,
                    linked_by_id=user_id,
                    linked_at=now,
                )
            )
            existing.add(criterion)
    return sorted(existing)


def store_file_evidence(
    session, store: EvidenceStore, *, path: Path, facility_id: int, user_id: int, now
) -> Evidence:
    """Store a file attached outside criteria (corrective-action evidence), in this transaction."""
    name = safe_name(path)
    blob = store.put(path)
    evidence = _reusable(session, facility_id, blob.sha256, now.date())
    if evidence is None:
        evidence = _new_evidence(session, blob, name, facility_id, user_id, now)
        session.flush()
    return evidence


def evidence_view(evidence: Evidence, criteria: Sequence[str] = ()) -> EvidenceView:
    return EvidenceView(
        id=display_id("evidence", evidence.id),
        sha256=evidence.sha256,
        name=evidence.original_name,
        media_type=evidence.media_type,
        size=evidence.size,
        valid_until=evidence.valid_until,
        criteria=tuple(sorted(criteria, key=natural_key)),  # 1.1, 2.1, 10.1
    )


def evidence_payload(view: EvidenceView) -> dict[str, Any]:
    """The evidence.add trail payload: the view as JSON values."""
    until = view.valid_until.isoformat() if view.valid_until else None
    return {"id": view.id, "sha256": view.sha256, "name": view.name, "media_type": view.media_type,
            "size": view.size, "valid_until": until, "criteria": list(view.criteria)}


def list_evidence(uow: UnitOfWork, audit: AuditId | int) -> list[EvidenceView]:
    with uow.reading():
        session = uow.session
        row = audit_by_ref(session, audit)
        return evidence_for_audit(session, row.id)


def evidence_for_audit(session, audit_id: int) -> list[EvidenceView]:
    """Files linked to the audit's criteria and files attached to its corrective actions (the
    proof of remediation), in id order."""
    grouped: dict[int, tuple[Evidence, list[str], list[str]]] = {}
    for evidence, criterion in evidence_by_audit_criterion(session, audit_id):
        grouped.setdefault(evidence.id, (evidence, [], []))[1].append(criterion)
    for evidence, action_id in action_evidence(session, audit_id):
        refs = grouped.setdefault(evidence.id, (evidence, [], []))[2]
        if display_id("action", action_id) not in refs:
            refs.append(display_id("action", action_id))
    return [replace(evidence_view(e, c), actions=tuple(a))
            for e, c, a in (grouped[k] for k in sorted(grouped))]
