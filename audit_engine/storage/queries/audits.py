"""Queries for audits: lists, pages, the previous audit of a facility, planning batches."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from audit_engine.domain.rules.lifecycle import AuditStatus
from audit_engine.storage.models.lifecycle import Audit, AuditEvent
from audit_engine.storage.models.people import Facility, User

_CHUNK = 500  # ids per IN (...) list


def previous_audit_id(session: Session, audit: Audit, skipped: Iterable[str]) -> int | None:
    """The facility's last audit before `audit` against the same checklist, whose status is
    not one of `skipped`."""
    return session.exec(
        select(Audit.id)
        .where(Audit.facility_id == audit.facility_id, Audit.checklist_id == audit.checklist_id,
               Audit.id < audit.id, Audit.status.not_in(list(skipped)))
        .order_by(Audit.id.desc())
    ).first()


def audits_listed(session: Session, *, status: str | None = None,
                  facility_id: int | None = None, newest_first: bool = False) -> list[Audit]:
    """Audits (optionally in one status, at one facility), oldest or newest first."""
    query = select(Audit).order_by(Audit.id.desc() if newest_first else Audit.id)
    if status is not None:
        query = query.where(Audit.status == status)
    if facility_id is not None:
        query = query.where(Audit.facility_id == facility_id)
    return list(session.exec(query).all())


_WAITING_AUDITS = (  # built once: the navigation counts them on every page
    select(Audit.status, Audit.lead_id, Facility.code)
    .join(Facility, Facility.id == Audit.facility_id)
    .where(Audit.status.in_(bindparam("statuses", expanding=True)))
)


def waiting_audits(session: Session, statuses: Collection[str]):
    """(status, lead_id, code) rows of the audits in `statuses` with their facility's code:
    columns, not entities."""
    return session.execute(_WAITING_AUDITS, {"statuses": sorted(statuses)}).all()


def audit_summary_rows(session: Session, *, limit: int, status: str | None = None,
                       period: str | None = None, after: int | None = None,
                       facility: str | None = None, facilities: Collection[str] | None = None):
    """Up to `limit` audits after id `after`, as column tuples (id, facility code, period,
    status, lead email, checklist id, checklist version, due, version), oldest first; only at
    `facility` (a code) and among `facilities` (codes; None: every facility)."""
    lead = aliased(User)
    # Columns, not entities: a page of 100 rows needs no identity map or ORM objects.
    query = (
        select(
            Audit.id, Facility.code, Audit.period, Audit.status, lead.email,
            Audit.checklist_id, Audit.checklist_version, Audit.due, Audit.version,
        )
        .join(Facility, Facility.id == Audit.facility_id)
        .outerjoin(lead, lead.id == Audit.lead_id)
        .order_by(Audit.id)
        .limit(limit)
    )
    if status:
        query = query.where(Audit.status == status)
    if period:
        query = query.where(Audit.period == period)
    if after is not None:
        query = query.where(Audit.id > after)
    if facility:
        query = query.where(Facility.code == facility)
    elif facilities is not None:
        query = query.where(Facility.code.in_(sorted(facilities)))
    return [tuple(row) for row in session.execute(query).all()]


def audit_events(session: Session, audit_id: int) -> list[AuditEvent]:
    """The audit's trail events in order."""
    return list(session.exec(select(AuditEvent).where(AuditEvent.audit_id == audit_id)
                             .order_by(AuditEvent.seq)).all())


def live_audit_ids(session: Session, facility_ids: list[int],
                   periods: set[str]) -> dict[tuple[int, str, str], int]:
    """(facility id, checklist id, period) -> audit id, for the audits of these facilities in
    these periods that are not cancelled."""
    found: dict[tuple[int, str, str], int] = {}
    for i in range(0, len(facility_ids), _CHUNK):
        query = select(Audit.id, Audit.facility_id, Audit.checklist_id, Audit.period).where(
            Audit.facility_id.in_(facility_ids[i : i + _CHUNK]),
            Audit.period.in_(periods),
            Audit.status != AuditStatus.CANCELLED.value,
        )
        for audit_id, facility_id, checklist, period in session.exec(query):
            found.setdefault((facility_id, checklist, period), audit_id)
    return found


def insert_audits(session: Session, rows: list[dict]) -> list[Audit]:
    """One multi-row INSERT; the new audits in the order of `rows`."""
    if not rows:
        return []
    returning = insert(Audit).returning(Audit, sort_by_parameter_order=True)
    return list(session.scalars(returning, rows))
