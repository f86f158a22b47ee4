"""Every finding the reader may see, across audits, for the findings list (filtered, sorted
and exported by list_filters like the audits and actions lists)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.audits import audits_listed
from audit_engine.storage.queries.facilities import codes_by_facility_id
from audit_engine.storage.queries.findings import findings_of


@dataclass(frozen=True)
class FindingRow:
    id: str  # F-n
    audit: str  # A-n
    facility: str
    period: str
    criterion: str
    result: str
    severity: str
    status: str
    note: str


def visible_findings(uow: UnitOfWork, *, actor: Actor) -> list[FindingRow]:
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        codes = codes_by_facility_id(session)
        rows = []
        for audit in audits_listed(session, newest_first=True):
            code = codes[audit.facility_id]
            if not visible(grants, code):
                continue
            rows += [FindingRow(display_id("finding", f.id), display_id("audit", audit.id),
                                code, audit.period, f.criterion_id, f.result, f.severity,
                                f.status, f.note) for f in findings_of(session, audit.id)]
        return rows
