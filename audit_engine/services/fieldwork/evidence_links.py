"""A file already in the audit linked to one more criterion (no second upload), and a link
removed while fieldwork is open. Each is a trail event (`evidence.link`, `evidence.unlink`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, EvidenceId, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.services.fieldwork.answers import answer_for, require_status
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, row_number
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import EvidenceLink
from audit_engine.storage.queries.evidence import audit_files, criteria_linked_to, link_of


@dataclass(frozen=True)
class AuditFile:
    ref: str  # E-n
    name: str
    media_type: str
    criteria: tuple[str, ...]  # the criteria of this audit it is linked to


def files_of_audit(session, audit_id: int) -> list[AuditFile]:
    """Every file linked to some criterion of the audit, newest first."""
    grouped: dict[int, tuple[Any, list[str]]] = {}  # an EvidenceFile row and its criteria
    for evidence, criterion in audit_files(session, audit_id):
        grouped.setdefault(evidence.id, (evidence, []))[1].append(criterion)
    return [AuditFile(display_id("evidence", e.id), e.original_name, e.media_type, tuple(c))
            for e, c in grouped.values()]


def link_evidence(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, criterion: str,
                  evidence: EvidenceId) -> None:
    """Link a file of this audit to `criterion` too. A file that is not in this audit (another
    audit's, another facility's) is refused, as is a criterion it is linked to already."""
    number = row_number(EvidenceId, evidence)
    with uow:
        session = uow.session
        row, answer, user = _open_for_links(session, actor, audit, criterion, "linked")
        linked = criteria_linked_to(session, number, row.id)
        ref, audit_ref = display_id("evidence", number), display_id("audit", row.id)
        if not linked:
            raise InvalidInput.said("evidence %(evidence)s is not in audit %(audit)s: upload it "
                                    "here", evidence=ref, audit=audit_ref)
        if answer.criterion_id in linked:
            raise InvalidInput.said("evidence %(evidence)s is linked to %(criterion)s already",
                                    evidence=ref, criterion=answer.criterion_id)
        now = clock.now()
        session.add(EvidenceLink(evidence_id=number, audit_id=row.id,
                                 criterion_id=answer.criterion_id, linked_by_id=user.id,
                                 linked_at=now))
        _touch(session, row, now)
        append_event(uow, now, actor, "evidence.link", audit_ref,
                     {"id": ref, "criterion": answer.criterion_id}, row.id)
        uow.commit()


def unlink_evidence(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, criterion: str,
                    evidence: EvidenceId) -> None:
    """Remove a file's link to one criterion while fieldwork is open (the file stays)."""
    number = row_number(EvidenceId, evidence)
    with uow:
        session = uow.session
        row, answer, _ = _open_for_links(session, actor, audit, criterion, "unlinked")
        link = link_of(session, number, row.id, answer.criterion_id)
        ref, audit_ref = display_id("evidence", number), display_id("audit", row.id)
        if link is None:
            raise NotFound.said("evidence %(evidence)s is not linked to %(criterion)s",
                                evidence=ref, criterion=answer.criterion_id)
        session.delete(link)
        now = clock.now()
        _touch(session, row, now)
        append_event(uow, now, actor, "evidence.unlink", audit_ref,
                     {"id": ref, "criterion": answer.criterion_id}, row.id)
        uow.commit()


def _open_for_links(session, actor: Actor, audit: AuditId, criterion: str, verb: str):
    row, facility = audit_at_facility(session, audit)
    user, grants = actor_with_grants(session, actor)
    require(actor, grants, "evidence.add", facility)
    require_status(row, AuditStatus.FIELDWORK, f"evidence is {verb}")
    return row, answer_for(session, row, criterion), user


def _touch(session, row, now) -> None:
    row.updated_at = now  # bumps the audit version: a concurrent submit sees the change
    session.add(row)
