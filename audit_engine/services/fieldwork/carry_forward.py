"""Evidence carried forward from a facility's previous audit into a newly opened one.

Evidence still valid on the given day is linked to the same criteria again; expired evidence is
not, and its criterion's answer note says what to re-verify. Idempotent: carrying twice into one
audit changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.lifecycle import AuditStatus, display_id
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import Answer, Audit, Evidence, EvidenceLink
from audit_engine.storage.models.people import User
from audit_engine.storage.queries.answers import answers_of
from audit_engine.storage.queries.audits import previous_audit_id
from audit_engine.storage.queries.evidence import evidence_with_links


def carry_evidence(uow: UnitOfWork, clock: Clock, audit: Audit, valid_on: date,
                   user_id: int) -> None:
    session = uow.session
    previous = _previous_audit(session, audit)
    if previous is None:
        return
    answers = {a.criterion_id: a for a in answers_of(session, audit.id)}
    links = evidence_with_links(session, previous)
    carried, reverify = [], []
    for link, evidence in links:
        if link.criterion_id not in answers:
            continue
        if evidence.valid_until is None or evidence.valid_until >= valid_on:
            session.add(EvidenceLink(evidence_id=evidence.id, audit_id=audit.id,
                                     criterion_id=link.criterion_id, linked_by_id=user_id,
                                     linked_at=clock.now()))
            carried.append(f"{link.criterion_id}:{evidence.sha256[:12]}")
        else:
            _mark_reverify(session, answers[link.criterion_id], evidence)
            reverify.append(f"{link.criterion_id}:{evidence.original_name}")
    if carried or reverify:
        append_event(uow, clock.now(), Actor(session.get(User, user_id).email, "scheduler"),
                     "audit.carry_forward", display_id("audit", audit.id),
                     {"from": display_id("audit", previous), "carried": carried,
                      "reverify": reverify}, audit.id)


def _previous_audit(session, audit: Audit) -> int | None:
    """The facility's last audit against the same checklist (its criterion ids mean the same)
    that got past planning: a planned audit holds only what was carried into it."""
    return previous_audit_id(session, audit, (AuditStatus.PLANNED, AuditStatus.CANCELLED))


def _mark_reverify(session, answer: Answer, evidence: Evidence) -> None:
    line = (
        f"re-verify: evidence {evidence.original_name} expired {evidence.valid_until.isoformat()}"
    )
    if line not in answer.note:
        answer.note = f"{answer.note}\n{line}".strip()
        session.add(answer)
