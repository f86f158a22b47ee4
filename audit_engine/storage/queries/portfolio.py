"""What the managers' portfolio reads in bulk: scores summed per audit and category by the
database, the programmes' cadences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import and_, case, func
from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Answer, CorrectiveAction, Finding
from audit_engine.storage.models.scheduling import AuditProgram

_CHUNK = 900  # audit ids per IN (...) list


def category_sums(session: Session, audit_ids: Iterable[int], points: Mapping[str, float],
                  failing: Iterable[str]) -> dict[int, dict[str, tuple[float, int, int]]]:
    """{audit id: {category: (points earned, results counted, failed musts)}}. `points` gives
    each scored result its points (others do not count); `failing` the results that fail a
    must. The sums are the database's: thousands of audits' answers never come back row by
    row."""
    earned = case(*((Answer.result == r, p) for r, p in points.items()), else_=None)
    counted = case((Answer.result.in_(list(points)), 1), else_=0)
    failed = case((and_(Answer.level == "must", Answer.result.in_(list(failing))), 1), else_=0)
    ids = sorted(set(audit_ids))
    sums: dict[int, dict[str, tuple[float, int, int]]] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.exec(select(Answer.audit_id, Answer.category, func.sum(earned),
                                   func.sum(counted), func.sum(failed))
                            .where(Answer.audit_id.in_(ids[start:start + _CHUNK]))
                            .group_by(Answer.audit_id, Answer.category)).all()
        for audit_id, category, got, count, failing_musts in rows:
            sums.setdefault(audit_id, {})[category] = (
                float(got or 0), int(count or 0), int(failing_musts or 0))
    return sums


def active_program_cadences(session: Session) -> list[tuple[int, str]]:
    """(facility id, every) of each unpaused audit programme."""
    return list(session.exec(select(AuditProgram.facility_id, AuditProgram.every)
                             .where(AuditProgram.paused.is_(False))).all())


def failed_must_criteria(session: Session, audit_ids: Iterable[int],
                         failing: Iterable[str]) -> list[tuple[int, str, str]]:
    """(audit id, criterion id, category) of every must criterion answered with a failing
    result in the given audits."""
    ids, found = sorted(set(audit_ids)), []
    for start in range(0, len(ids), _CHUNK):
        found += session.exec(
            select(Answer.audit_id, Answer.criterion_id, Answer.category)
            .where(Answer.audit_id.in_(ids[start:start + _CHUNK]), Answer.level == "must",
                   Answer.result.in_(list(failing)))).all()
    return [tuple(row) for row in found]


def finding_action_statuses(session: Session, audit_ids: Iterable[int]
                            ) -> list[tuple[int, str, str | None]]:
    """(audit id, criterion id, action status or None) of every finding of the given audits
    and each of its corrective actions (one row with None for a finding without actions)."""
    ids, found = sorted(set(audit_ids)), []
    for start in range(0, len(ids), _CHUNK):
        found += session.exec(
            select(Finding.audit_id, Finding.criterion_id, CorrectiveAction.status)
            .outerjoin(CorrectiveAction, CorrectiveAction.finding_id == Finding.id)
            .where(Finding.audit_id.in_(ids[start:start + _CHUNK]))).all()
    return [tuple(row) for row in found]


def program_openings(session: Session) -> list[tuple[int, int, object]]:
    """(programme id, facility id, next opening date) of each unpaused audit programme."""
    return list(session.exec(select(AuditProgram.id, AuditProgram.facility_id,
                                    AuditProgram.next_opening)
                             .where(AuditProgram.paused.is_(False))).all())
