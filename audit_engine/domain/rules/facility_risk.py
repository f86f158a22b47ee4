"""A facility's risk: the one definition the portfolio, the dashboards and the digests use.

Risk is read from the facility's latest audit *with results* (submitted or later: review,
remediation, closed) together with the live state:

- open *must* failures: must criteria that audit failed (partial or non-compliant) whose
  finding is not yet verified closed (a finding is closed once it has corrective actions and
  every one is verified). A remediated must no longer counts as open risk; it stays listed
  as history (`remediated_musts`).
- overdue corrective actions, by age (domain/rules/overdue.py's rule: past due and not verified);
- audits past due and not submitted (planned or in fieldwork after their due date);
- a risk assessment older than a year, or none (domain/rules/risk.py, MSC 2.3).

A planned or unsubmitted audit never replaces the last results. Pure Python: the services pass
plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit_engine.domain.rules.lifecycle import NOT_SUBMITTED
from audit_engine.domain.rules.overdue import VERIFIED, days_overdue

WITH_RESULTS = ("review", "remediation", "closed")  # submitted or later


@dataclass(frozen=True)
class AuditFacts:
    """What risk needs of one audit."""

    number: int
    period: str  # "2027-Q1"
    status: str
    due: date | None = None


def has_results(status: str) -> bool:
    """Submitted or later: its answers are the auditor's results, not work in progress."""
    return status in WITH_RESULTS


def audit_overdue(status: str, due: date | None, today: date) -> bool:
    """An audit past its due date and not yet submitted (due today is not overdue yet)."""
    return status in NOT_SUBMITTED and due is not None and due < today


def days_audit_overdue(status: str, due: date | None, today: date) -> int:
    return (today - due).days if due is not None and audit_overdue(status, due, today) else 0


def audit_with_results(audits: Iterable[AuditFacts]) -> AuditFacts | None:
    """The latest audit (by period, then number) with results; None when there is none."""
    scored = [a for a in audits if has_results(a.status)]
    return max(scored, key=lambda a: (a.period, a.number)) if scored else None


def results_history(audits: Iterable[AuditFacts], length: int = 4) -> tuple[AuditFacts, ...]:
    """The last `length` audits with results, oldest first (the trend)."""
    scored = sorted((a for a in audits if has_results(a.status)),
                    key=lambda a: (a.period, a.number))
    return tuple(scored[-length:])


def finding_closed(action_statuses: Iterable[str]) -> bool:
    """Verified closed: it has corrective actions and every one is verified."""
    statuses = list(action_statuses)
    return bool(statuses) and all(s == VERIFIED for s in statuses)


def split_must_failures(failed: Iterable[str], actions_of: Mapping[str, Iterable[str]]
                        ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(open, remediated) failed must criteria. `actions_of` maps a failed criterion to the
    statuses of its finding's corrective actions (absent: no finding or no action yet)."""
    open_: list[str] = []
    remediated: list[str] = []
    for criterion in failed:
        (remediated if finding_closed(actions_of.get(criterion, ())) else open_).append(criterion)
    return tuple(open_), tuple(remediated)


@dataclass(frozen=True)
class FacilityRisk:
    facility: str  # code
    score: float | None  # overall score of the latest audit with results, 0..1
    open_musts: tuple[str, ...] = ()  # failed must criteria not verified closed
    remediated_musts: tuple[str, ...] = ()  # failed, then verified closed (history)
    overdue_action_days: tuple[int, ...] = ()  # days past due of each overdue action
    overdue_audits: tuple[AuditFacts, ...] = ()  # past due and not submitted
    assessment_overdue: bool = False  # risk assessment older than a year, or none

    @property
    def overdue_actions(self) -> int:
        return len(self.overdue_action_days)

    @property
    def oldest_overdue_days(self) -> int:
        return max(self.overdue_action_days, default=0)

    @property
    def audit_overdue(self) -> bool:
        return bool(self.overdue_audits)


def overdue_days(actions: Iterable[tuple[str, date | None]], today: date) -> tuple[int, ...]:
    """Days past due of each overdue action among (status, due) pairs, longest first."""
    late = (days_overdue(status, due, today) for status, due in actions)
    return tuple(sorted((d for d in late if d), reverse=True))


def overdue_audits(audits: Iterable[AuditFacts], today: date) -> tuple[AuditFacts, ...]:
    return tuple(sorted((a for a in audits if audit_overdue(a.status, a.due, today)),
                        key=lambda a: (a.due, a.number)))


def risk_key(risk: FacilityRisk) -> tuple[Any, ...]:
    """Riskiest first: open must failures, then an overdue audit, then overdue corrective
    actions (how many, then the oldest), then an overdue risk assessment, then the lowest
    score (a facility without results after the scored ones), then the facility code."""
    return (-len(risk.open_musts), -risk.audit_overdue, -risk.overdue_actions,
            -risk.oldest_overdue_days, -risk.assessment_overdue,
            2.0 if risk.score is None else risk.score, risk.facility)


def ranked(risks: Iterable[FacilityRisk]) -> list[FacilityRisk]:
    return sorted(risks, key=risk_key)
