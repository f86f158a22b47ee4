"""Database rows to report views: one query per table, never one per row.

Criterion titles and category names come from the audit's pinned criteria snapshot, never the
live catalog, so a closed audit's report does not change when the catalog does.
"""

from __future__ import annotations

import json
from collections import defaultdict

from audit_engine.domain.rules.lifecycle import AuditStatus, Role, display_id
from audit_engine.domain.rules.scoring import natural_key
from audit_engine.services.mail.role_holders import active_grants, managers_by_facility
from audit_engine.services.reports.report_lines import profile_line, risk_line
from audit_engine.services.reports.views.audit import score
from audit_engine.services.reports.views.models import (
    ActionStepView,
    CategoryView,
    PersonView,
    ReportAction,
    ReportAnswer,
    ReportAudit,
    ReportEvent,
    ReportEvidence,
    ReportFacility,
    ReportFinding,
    ScorePoint,
)
from audit_engine.storage.models.lifecycle import (
    Answer,
    Audit,
    AuditEvent,
    CorrectiveAction,
    EvidenceLink,
    Finding,
)
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries import audit_report as report_rows
from audit_engine.storage.queries.people import emails_by_id

SCORED_STATES = (AuditStatus.REVIEW, AuditStatus.REMEDIATION, AuditStatus.CLOSED)
HISTORY_LENGTH = 5


def facility_view(facility: Facility, emails: dict[int, str],
                  names: dict[str, str] | None = None) -> ReportFacility:
    manager = emails.get(facility.manager_id, "")
    return ReportFacility(code=facility.code, name=facility.name, entity_type=facility.entity_type,
                        country=facility.country or "", manager=manager,
                        manager_name=(names or {}).get(manager, ""),
                        time_zone=facility.time_zone,
                        language=facility.language or "en")


def role_label(roles) -> str:
    return ", ".join(sorted({r.replace("_", " ") for r in roles}))


def person_views(session, emails, facility: Facility) -> tuple[PersonView, ...]:
    """Names and the roles each person holds at the facility (every-facility roles included;
    the named manager counts as manager there), for the report's people."""
    wanted = sorted({e for e in emails if e})
    if not wanted:
        return ()
    rows = report_rows.people_with_grants(session, wanted)
    names: dict[str, str] = {}
    roles: dict[str, set[str]] = {}
    for user_id, email, name, role, facility_id in rows:
        names[email] = name
        held = roles.setdefault(email, set())
        if role and facility_id in (None, facility.id) and role != Role.MANAGER:
            held.add(role)
        if role == Role.MANAGER and facility_id == facility.id:
            held.add(role)
        if user_id == facility.manager_id:
            held.add(Role.MANAGER.value)
    return tuple(PersonView(e, names.get(e, ""), role_label(roles.get(e, ()))) for e in wanted)


def snapshot_titles(snapshot: dict) -> tuple[dict[str, str], list[CategoryView]]:
    titles = {c["id"]: c["title"] for c in snapshot.get("criteria", ())}
    categories = [CategoryView(c["id"], c["name"]) for c in snapshot.get("categories", ())]
    return titles, sorted(categories, key=lambda c: natural_key(c.id))


def answer_views(answers, links, titles) -> tuple[ReportAnswer, ...]:
    evidence_of: dict[str, list[str]] = defaultdict(list)
    for link in sorted(links, key=lambda k: k.evidence_id):
        evidence_of[link.criterion_id].append(display_id("evidence", link.evidence_id))
    return tuple(ReportAnswer(criterion_id=a.criterion_id, category_id=a.category,
                            title=titles.get(a.criterion_id, ""), level=a.level, result=a.result,
                            note=a.note or "", evidence_ids=tuple(evidence_of[a.criterion_id]))
                 for a in answers)


def action_view(action: CorrectiveAction, emails: dict[int, str], facility_code: str = "", *,
                names: dict[str, str] | None = None, criterion: tuple[str, str] = ("", ""),
                facility_name: str = "", steps: tuple[ActionStepView, ...] = ()) -> ReportAction:
    owner = emails.get(action.owner_id, "")
    return ReportAction(id=display_id("action", action.id),
                      finding_id=display_id("finding", action.finding_id)
                      if action.finding_id else "",
                      owner=owner, due=action.due,
                      status=action.status, plan=action.plan, root_cause=action.root_cause,
                      verified_at=action.verified_at,
                      audit_id=display_id("audit", action.audit_id), facility_code=facility_code,
                      facility_name=facility_name, owner_name=(names or {}).get(owner, ""),
                      criterion_id=criterion[0], criterion_title=criterion[1],
                      implemented_by=emails.get(action.implemented_by_id, ""),
                      implemented_at=action.implemented_at,
                      verified_by=emails.get(action.verified_by_id, ""), steps=steps)


def step_views(notes, emails: dict[int, str]) -> dict[int, tuple[ActionStepView, ...]]:
    """Per action id: its steps with a note or a file, oldest first."""
    steps: dict[int, list[ActionStepView]] = defaultdict(list)
    for note in sorted(notes, key=lambda n: (n.at, n.id)):
        files = (display_id("evidence", note.evidence_id),) if note.evidence_id else ()
        steps[note.action_id].append(ActionStepView(note.event, note.at,
                                                    emails.get(note.author_id, ""),
                                                    note.text or "", files))
    return {k: tuple(v) for k, v in steps.items()}


def finding_views(findings, actions, emails, titles=None, names=None, *,
                  facility: Facility | None = None,
                  steps: dict | None = None) -> tuple[ReportFinding, ...]:
    titles = titles or {}
    criteria = {f.id: (f.criterion_id, titles.get(f.criterion_id, "")) for f in findings}
    by_finding: dict[int, list[ReportAction]] = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.id):
        by_finding[action.finding_id].append(action_view(
            action, emails, facility.code if facility else "", names=names,
            criterion=criteria.get(action.finding_id, ("", "")),
            facility_name=facility.name if facility else "",
            steps=(steps or {}).get(action.id, ())))
    views = []
    for f in sorted(findings, key=lambda f: f.id):
        reason = f" Severity: {f.severity_reason}" if f.severity_reason else ""
        dismissed = f" Dismissed: {f.status_reason}" if f.status_reason else ""
        views.append(ReportFinding(
            id=display_id("finding", f.id), criterion_id=f.criterion_id, severity=f.severity,
            status=f.status, description=(f.note or f"{f.result} on a {f.level} criterion")
            + reason + dismissed, actions=tuple(by_finding[f.id]),
            criterion_title=titles.get(f.criterion_id, "")))
    return tuple(views)


def evidence_views(evidence, links, emails, attached=()) -> tuple[ReportEvidence, ...]:
    """Files linked to criteria and files attached to corrective actions ((evidence id,
    action id) pairs in `attached`)."""
    criteria: dict[int, set[str]] = defaultdict(set)
    for link in links:
        criteria[link.evidence_id].add(link.criterion_id)
    actions: dict[int, set[int]] = defaultdict(set)
    for evidence_id, action_id in attached:
        actions[evidence_id].add(action_id)
    return tuple(ReportEvidence(id=display_id("evidence", e.id), name=e.original_name,
                              sha256=e.sha256, media_type=e.media_type, size=e.size,
                              added_by=emails.get(e.added_by_id, ""), added_at=e.added_at,
                              valid_until=e.valid_until,
                              criteria=tuple(sorted(criteria[e.id], key=natural_key)),
                              actions=tuple(display_id("action", a)
                                            for a in sorted(actions[e.id])))
                 for e in sorted(evidence, key=lambda e: e.id))


def event_summary(payload: str, limit: int = 240) -> str:
    try:
        data = json.loads(payload)
    except ValueError:
        return payload[:limit]
    fields = sorted((k, v) for k, v in data.items() if v not in (None, "", []))
    text = ", ".join(f"{k}: {_plain(v)}" for k, v in fields)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value) -> str:
    """A list reads as "1.3 1.4" (commas already separate the fields), not as a Python list."""
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def event_views(events, closed: bool) -> tuple[ReportEvent, ...]:
    """The trail; for a closed audit only up to its closing, so that what is recorded after
    (the final report's own hash) never changes the closed audit's report."""
    if closed:
        closing = [e.seq for e in events if e.action == "audit.close"]
        events = [e for e in events if not closing or e.seq <= closing[-1]]
    return tuple(ReportEvent(seq=e.seq, at=e.at, actor=e.actor, action=e.action,
                           summary=event_summary(e.payload), hash=e.hash) for e in events)


def history(session, audit: Audit) -> tuple[ScorePoint, ...]:
    """Overall scores of the facility's earlier scored audits, oldest first."""
    earlier = report_rows.earlier_audits(session, audit, [s.value for s in SCORED_STATES],
                                         HISTORY_LENGTH)
    if not earlier:
        return ()
    ids = [row[0] for row in earlier]
    results: dict[int, list[ReportAnswer]] = defaultdict(list)
    for audit_id, result in report_rows.results_of_audits(session, ids):
        results[audit_id].append(ReportAnswer("", "", "", "", result))
    return tuple(ScorePoint(period, score(results[audit_id]))
                 for audit_id, period in reversed(earlier))


def facility_managers(session, facility: Facility) -> tuple[str, ...]:
    """The facility's managers by the one rule (domain.rules.permissions.is_manager_of): its
    named manager and whoever holds the manager role there."""
    grants = active_grants(session)
    return tuple(managers_by_facility(grants, [facility.code])[facility.code])


def _step_people(actions, notes) -> list[int]:
    return [*(a.implemented_by_id for a in actions), *(a.verified_by_id for a in actions),
            *(n.author_id for n in notes)]


def load_audit_view(session, audit: Audit) -> ReportAudit:
    """Everything the audit report shows, in about ten queries whatever the audit's size."""
    facility = session.get(Facility, audit.facility_id)
    answers = report_rows.rows_of_audit(session, Answer, audit.id)
    links = report_rows.rows_of_audit(session, EvidenceLink, audit.id)
    findings = report_rows.rows_of_audit(session, Finding, audit.id)
    actions = report_rows.rows_of_audit(session, CorrectiveAction, audit.id)
    notes = report_rows.notes_of_actions(session, [a.id for a in actions])
    attached = [(n.evidence_id, n.action_id) for n in notes if n.evidence_id]
    evidence = report_rows.evidence_with_ids(session, {link.evidence_id for link in links}
                                             | {e for e, _ in attached})
    events = report_rows.rows_of_audit(session, AuditEvent, audit.id)
    emails = emails_by_id(session, [audit.lead_id, audit.approved_by_id, facility.manager_id,
                                    *(e.added_by_id for e in evidence),
                                    *(a.owner_id for a in actions), *_step_people(actions, notes)])
    titles, categories = snapshot_titles(audit.criteria_snapshot)
    used = {a.category for a in answers}
    managers = facility_managers(session, facility)
    persons = person_views(session, [*emails.values(), *managers, *(e.actor for e in events)],
                           facility)
    names = {p.email: p.name for p in persons}
    return ReportAudit(
        id=display_id("audit", audit.id), facility=facility_view(facility, emails, names),
        period=audit.period, status=audit.status, checklist_id=audit.checklist_id,
        checklist_version=audit.checklist_version, checklist_hash=audit.checklist_hash,
        categories=tuple(c for c in categories if c.id in used),
        answers=answer_views(answers, links, titles),
        findings=finding_views(findings, actions, emails, titles, names, facility=facility,
                               steps=step_views(notes, emails)),
        evidence=evidence_views(evidence, links, emails, attached),
        events=event_views(events, audit.status == AuditStatus.CLOSED),
        history=history(session, audit), lead_auditor=emails.get(audit.lead_id, ""),
        approver=emails.get(audit.approved_by_id, ""), planned_at=audit.planned_at,
        due=audit.due, submitted_at=audit.submitted_at, approved_at=audit.approved_at,
        closed_at=audit.closed_at, persons=persons, profile=profile_line(audit),
        managers=managers,
        risk=risk_line(session, facility, audit.closed_at.date() if audit.closed_at else None))
