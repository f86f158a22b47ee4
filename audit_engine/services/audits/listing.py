"""Audits a page at a time, oldest first, only at facilities the actor may see.

Keyset pagination on the audit id: a page costs the same at the start of 10,000 audits as at
the end, and a page boundary never skips or repeats a row while others plan new audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import (
    AuditStatus,
    ReadableId,
    display_id,
    parse_choice,
    parse_period,
)
from audit_engine.domain.rules.permissions import require_read, visible_facilities
from audit_engine.services.access import require_audit_read
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.audits import audit_summary_rows

MAX_PAGE = 500


@dataclass(frozen=True)
class AuditSummary:
    id: str
    number: int
    facility: str
    period: str
    status: str
    lead: str | None
    checklist: str
    due: date
    version: int


@dataclass(frozen=True)
class AuditListPage:
    items: tuple[AuditSummary, ...]
    next_after: int | None  # the id to continue after, None on the last page


def page_audits(
    uow: UnitOfWork,
    *,
    actor: Actor,
    state: str | None = None,
    facility: str | None = None,
    period: str | None = None,
    after: int | None = None,
    limit: int = 100,
) -> AuditListPage:
    limit = max(1, min(limit, MAX_PAGE))
    status = parse_choice(AuditStatus, state, "state").value if state else None
    if period:
        parse_period(period)
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        visible = visible_facilities(grants)
        if facility:
            require_read(actor, grants, "audit.read", facility, f"audits of facility {facility}")
        rows = audit_summary_rows(session, limit=limit + 1, status=status, period=period,
                                  after=after, facility=facility, facilities=visible)
    items = tuple(_summary(*row) for row in rows[:limit])
    more = len(rows) > limit
    return AuditListPage(items, items[-1].number if more else None)


def _summary(number, code, period, status, lead, checklist, version_of_checklist, due, version):
    return AuditSummary(
        display_id("audit", number), number, code, period, status, lead,
        f"{checklist}@{version_of_checklist}", due, version,
    )


def require_visible(uow: UnitOfWork, *, actor: Actor, kind: str,
                    ref: ReadableId | int) -> int | None:
    """The audit id behind an audit, finding or action the actor may read (None for a risk
    assessment's action-plan item, which has no audit); ReadRefused otherwise (the web and
    the API show another facility's object as not found)."""
    return require_audit_read(uow, actor=actor, kind=kind, ref=ref)
