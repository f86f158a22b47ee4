"""Database rows to the facts domain/rules/facility_risk.py ranks by: which audit scores each
facility, its must failures (open or remediated), overdue audits, and the audits the
programmes will open next quarter. One query per table, whatever the number of facilities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.rules import facility_risk as risk
from audit_engine.domain.rules.lifecycle import AuditStatus, display_id, parse_period
from audit_engine.domain.rules.reminders import period_of
from audit_engine.domain.rules.scoring import FAILING
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.queries import portfolio as stored

FINISHED = (AuditStatus.CLOSED, AuditStatus.CANCELLED)


def audit_facts(audit: Audit) -> risk.AuditFacts:
    return risk.AuditFacts(audit.id, audit.period, audit.status, audit.due)


def facts_by_facility(audits: list[Audit]) -> dict[int, list[risk.AuditFacts]]:
    grouped: dict[int, list[risk.AuditFacts]] = defaultdict(list)
    for audit in audits:
        grouped[audit.facility_id].append(audit_facts(audit))
    return grouped


@dataclass(frozen=True)
class MustState:
    """An audit's failed must criteria as (criterion, category), open or remediated."""

    open: tuple[tuple[str, str], ...] = ()
    remediated: tuple[tuple[str, str], ...] = ()


def must_states(session, audit_ids: list[int]) -> dict[int, MustState]:
    """Per audit: its failed musts, split by domain/rules/facility_risk.py's rule (a finding
    verified closed is remediated)."""
    failed: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for audit_id, criterion, category in stored.failed_must_criteria(
            session, audit_ids, [r.value for r in FAILING]):
        failed[audit_id].append((criterion, category))
    actions: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for audit_id, criterion, status in stored.finding_action_statuses(session, list(failed)):
        if status is not None:
            actions[audit_id][criterion].append(status)
    states = {}
    for audit_id, pairs in failed.items():
        category = dict(pairs)
        open_, done = risk.split_must_failures(sorted(category), actions[audit_id])
        states[audit_id] = MustState(tuple((c, category[c]) for c in open_),
                                     tuple((c, category[c]) for c in done))
    return states


@dataclass(frozen=True)
class ProgrammeDue:
    """An audit a programme opens in the quarter (not planned yet)."""

    facility_id: int
    period: str
    due: date | None  # the period's last day, as the scheduler sets it


def programme_audits_due(session, audits: list[Audit], facility_ids, quarter: str
                         ) -> list[ProgrammeDue]:
    """Each unpaused programme opens one audit per quarter from its next opening on: those
    of `quarter` that are not planned yet."""
    _, end = parse_period(quarter)
    planned = {(a.program_id, a.period) for a in audits if a.program_id is not None}
    return [ProgrammeDue(facility_id, quarter, end)
            for program_id, facility_id, opening in stored.program_openings(session)
            if facility_id in facility_ids and period_of(opening) <= quarter
            and (program_id, quarter) not in planned]


def audit_ref(facts: risk.AuditFacts | None) -> str | None:
    return display_id("audit", facts.number) if facts else None
