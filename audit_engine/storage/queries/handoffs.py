"""What a hand-off message says about its audit or corrective action (services.mail.handoffs)."""

from __future__ import annotations

from audit_engine.domain.formats.labels import criterion_ref, finding_label
from audit_engine.domain.rules.lifecycle import display_id, parse_id
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.risk import RiskAssessment
from audit_engine.storage.snapshots import criterion_titles


def _email(session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id else None
    return user.email if user and user.active else None


def _audit_part(session, audit: Audit) -> dict:
    facility = session.get(Facility, audit.facility_id)
    return {"audit": display_id("audit", audit.id), "audit_id": audit.id,
            "facility": facility.code, "facility_name": facility.name, "period": audit.period,
            "due": audit.due.isoformat() if audit.due else None,
            "lead": _email(session, audit.lead_id)}


def audit_facts(session, ref: str) -> dict:
    return _audit_part(session, session.get(Audit, parse_id("audit", ref)))


def action_facts(session, ref: str) -> dict | None:
    action = session.get(CorrectiveAction, parse_id("action", ref))
    if action is None:
        return None
    if action.audit_id is not None:
        where = _audit_part(session, session.get(Audit, action.audit_id))
    else:  # a risk assessment's action-plan item
        assessment = session.get(RiskAssessment, action.risk_assessment_id)
        facility = session.get(Facility, assessment.facility_id)
        where = {"audit": display_id("risk", assessment.id), "audit_id": None,
                 "facility": facility.code, "facility_name": facility.name, "period": "",
                 "due": None, "lead": None}
    return {**where, "action": ref, "owner": _email(session, action.owner_id),
            "action_due": action.due.isoformat(), "plan": action.plan[:300],
            **_label(session, action)}


def _label(session, action: CorrectiveAction) -> dict:
    """`label`: `F-3 · 6.2 Seal verification process`, as reminders and reports name it, and
    `criterion`: the reference a mail names it by in its reader's language."""
    finding = session.get(Finding, action.finding_id) if action.finding_id else None
    if finding is None:
        return {"label": "", "criterion": None}
    audit = session.get(Audit, action.audit_id)
    titles = criterion_titles(session, {audit.checklist_hash}).get(audit.checklist_hash, {})
    ref = display_id("finding", finding.id)
    return {"label": finding_label(ref, finding.criterion_id,
                                   titles.get(finding.criterion_id, "")),
            "criterion": criterion_ref(audit.checklist_hash, finding.criterion_id, ref)}
