"""One evidence file to hand out, for someone who may read its facility's audits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import EvidenceId, display_id
from audit_engine.domain.rules.permissions import require_read
from audit_engine.services.lookup import actor_with_grants, row_number
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.storage.models.lifecycle import Evidence
from audit_engine.storage.models.people import Facility


@dataclass(frozen=True)
class EvidenceFile:
    path: Path
    name: str
    media_type: str
    sha256: str


@dataclass(frozen=True)
class EvidenceRecord:
    number: int
    name: str
    media_type: str
    sha256: str


def evidence_file(uow: UnitOfWork, store: EvidenceStore, *, actor: Actor,
                  evidence: EvidenceId | int) -> EvidenceFile:
    found = evidence_record(uow, actor=actor, evidence=evidence)
    return EvidenceFile(local_copy(store, found), found.name, found.media_type, found.sha256)


def local_copy(store: EvidenceStore, found: EvidenceRecord) -> Path:
    """The file on this machine (downloaded from the bucket into this node's cache)."""
    path = store.local_path(found.sha256)
    if path is None:
        raise NotFound.said("evidence %(ref)s: its file is missing",
                            ref=display_id("evidence", found.number))
    return path


def evidence_record(uow: UnitOfWork, *, actor: Actor,
                    evidence: EvidenceId | int) -> EvidenceRecord:
    """What the database says of an evidence file, for someone who may read it."""
    number = row_number(EvidenceId, evidence)
    missing = NotFound(f"evidence {display_id('evidence', number)} not found")
    with uow.reading():
        session = uow.session
        row = session.get(Evidence, number)
        if row is None:
            raise missing
        code = session.get(Facility, row.facility_id).code
        _, grants = actor_with_grants(session, actor)
    require_read(actor, grants, "audit.read", code, f"evidence {display_id('evidence', number)}")
    return EvidenceRecord(number, row.original_name, row.media_type, row.sha256)
