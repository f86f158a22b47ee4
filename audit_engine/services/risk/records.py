"""Loading assessments by the ids people type, and the record kept as evidence for 2.1."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from audit_engine.domain.errors import NotFound, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import NOT_SUBMITTED, display_id, parse_id
from audit_engine.domain.rules.risk import RISK_CRITERION, next_due
from audit_engine.services.fieldwork.evidence import store_file_evidence
from audit_engine.services.ports import EvidenceStore
from audit_engine.services.risk.record_text import record_markdown
from audit_engine.services.risk.views import assessment_view
from audit_engine.storage.models.lifecycle import Evidence, EvidenceLink
from audit_engine.storage.models.people import Facility
from audit_engine.storage.models.risk import RiskAssessment, RiskItem
from audit_engine.storage.queries import risk as stored


def by_ref(session, ref: str) -> RiskAssessment:
    row = session.get(RiskAssessment, parse_id("risk", ref))
    if row is None:
        raise NotFound.said("risk assessment %(ref)r not found", ref=ref)
    return row


def facility_code(session, row: RiskAssessment) -> str:
    return session.get(Facility, row.facility_id).code


def open_for_write(session, ref: str) -> tuple[RiskAssessment, str]:
    """The assessment and its facility code; a completed one is a record and stays as it is."""
    row = by_ref(session, ref)
    if row.status == "completed":
        raise TransitionNotAllowed.said(
            "%(ref)s was completed on %(day)s; open the next year's assessment to change it",
            ref=display_id("risk", row.id), day=row.assessed_on)
    return row, facility_code(session, row)


def for_year(session, facility_id: int, year: int) -> RiskAssessment | None:
    return stored.assessment_for_year(session, facility_id, year)


def item_of(session, row: RiskAssessment, ref: str) -> int:
    item = session.get(RiskItem, parse_id("risk_item", ref))
    if item is None or item.assessment_id != row.id:
        raise NotFound.said("risk item %(ref)r not found in %(assessment)s", ref=ref,
                            assessment=display_id("risk", row.id))
    return item.id


def store_record(session, store: EvidenceStore, row: RiskAssessment, user_id: int, now: datetime):
    """The completed assessment as a Markdown file in the evidence store, valid for a year."""
    view = assessment_view(session, row, now.date())
    name = f"risk-assessment-{view.facility}-{row.year}.md"
    with tempfile.TemporaryDirectory(prefix="audit-engine-risk-") as folder:
        path = Path(folder) / name
        path.write_text(record_markdown(view), encoding="utf-8")
        evidence = store_file_evidence(
            session, store, path=path, facility_id=row.facility_id, user_id=user_id, now=now
        )
    evidence.valid_until = next_due(now.date())
    session.add(evidence)
    session.flush()
    return evidence


def link_to_unsubmitted_audits(
    session, row: RiskAssessment, evidence: Evidence, user_id: int, now: datetime
) -> list[str]:
    """Link the record to 2.1 of the facility's planned or running audits that have 2.1."""
    audits = stored.audits_with_criterion(session, row.facility_id, NOT_SUBMITTED, RISK_CRITERION)
    return [display_id("audit", a) for a in audits if _link(session, evidence.id, a, user_id, now)]


def link_latest_assessments(
    session, audits: list[tuple[int, int]], user_id: int, now: datetime
) -> None:
    """At planning: each facility's latest completed assessment becomes evidence for 2.1 of
    its new audit. `audits` holds (audit id, facility id) of audits that have 2.1."""
    facility_ids = sorted({facility for _, facility in audits})
    if not facility_ids:
        return
    latest: dict[int, int] = {}
    for facility_id, evidence_id in stored.completed_records(session, facility_ids):
        latest[facility_id] = evidence_id  # later rows win: the latest assessment
    for audit_id, facility_id in audits:
        if facility_id in latest:
            _link(session, latest[facility_id], audit_id, user_id, now)


def _link(session, evidence_id: int, audit_id: int, user_id: int, now) -> bool:
    if stored.has_link(session, evidence_id, audit_id, RISK_CRITERION):
        return False
    session.add(EvidenceLink(evidence_id=evidence_id, audit_id=audit_id,
                             criterion_id=RISK_CRITERION, linked_by_id=user_id, linked_at=now))
    return True
