"""What the risk pages offer the signed-in person beyond reading: the facilities where they may
open an assessment, and on one assessment whether they may record its steps and complete it
(the permissions `risk.record` and `risk.complete`, as `audit-engine risk` checks them)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.permissions import PERMISSIONS, holds
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.risk import records
from audit_engine.storage.queries.facilities import facilities_with_codes


@dataclass(frozen=True)
class RiskWork:
    may_record: bool  # open, and the reader records steps at its facility
    may_complete: bool


def risk_work(uow: UnitOfWork, *, actor: Actor, assessment: str) -> RiskWork:
    """Call after assessment_page (which refuses a reader who may not see it)."""
    with uow.reading():
        session = uow.session
        row = records.by_ref(session, assessment)
        code = records.facility_code(session, row)
        grants = actor_with_grants(session, actor)[1]
        is_open = row.status != "completed"
        return RiskWork(is_open and holds(grants, PERMISSIONS["risk.record"], code),
                        is_open and holds(grants, PERMISSIONS["risk.complete"], code))


def openable_facilities(uow: UnitOfWork, *, actor: Actor) -> tuple[str, ...]:
    """The facilities where the reader may open a risk assessment."""
    with uow.reading():
        session = uow.session
        grants = actor_with_grants(session, actor)[1]
        return tuple(f.code for f in facilities_with_codes(session)
                     if holds(grants, PERMISSIONS["risk.record"], f.code))
