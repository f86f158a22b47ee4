"""Every evidence file the reader may read, across audits, for the evidence list (filtered,
sorted and exported by list_filters like the other lists): one row per criterion a file is
linked to, and one for a file linked to none (an action's proof)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.evidence import evidence_listing


@dataclass(frozen=True)
class EvidenceRow:
    id: str  # E-n
    name: str
    media_type: str
    size: int
    facility: str
    audit: str  # A-n, "" when linked to no audit
    period: str
    criterion: str
    added_at: datetime
    valid_until: date | None


def visible_evidence(uow: UnitOfWork, *, actor: Actor) -> list[EvidenceRow]:
    """Who may read a facility's audits may read its evidence (as the download checks)."""
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        return [EvidenceRow(display_id("evidence", e.id), e.original_name, e.media_type, e.size,
                            code, display_id("audit", audit) if audit else "", period or "",
                            criterion or "", e.added_at, e.valid_until)
                for e, code, audit, period, criterion in evidence_listing(session)
                if visible(grants, code)]
