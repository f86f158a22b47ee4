"""Which risk assessments each facility has: the rows the risk pages and API list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from audit_engine.storage.models.risk import RiskAssessment


def assessments_at(session: Session, facility_ids) -> list[tuple[int, int, int, str, date | None]]:
    """(id, facility id, year, status, assessed on) of the facilities' assessments, newest
    year first."""
    wanted = sorted(facility_ids)
    if not wanted:
        return []
    rows = session.execute(
        select(RiskAssessment.id, RiskAssessment.facility_id, RiskAssessment.year,
               RiskAssessment.status, RiskAssessment.assessed_on)
        .where(RiskAssessment.facility_id.in_(wanted))
        .order_by(RiskAssessment.year.desc(), RiskAssessment.id.desc())
    ).all()  # fmt: skip
    return [tuple(row) for row in rows]
