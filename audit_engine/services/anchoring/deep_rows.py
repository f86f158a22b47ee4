"""The rows `log verify --deep` holds against the trail, as plain dicts keyed like the replay
(kind -> display id -> field -> value), and the pinned checklists re-hashed."""

from __future__ import annotations

from typing import Any

from audit_engine.domain.rules.catalog import catalog_from_snapshot
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.storage.models.lifecycle import (
    ActionNote,
    Answer,
    Audit,
    CorrectiveAction,
    CriteriaSnapshot,
    Evidence,
    EvidenceLink,
    Finding,
)
from audit_engine.storage.models.people import Facility, RoleGrant, User
from audit_engine.storage.models.risk import RiskAssessment, RiskItem
from audit_engine.storage.queries.rows import all_rows

Rows = dict[str, dict[str, Any]]


def current_rows(session, answered: set[str]) -> dict[str, Rows]:
    """Every compared row; `answered`: the answers the trail names (the others are compared
    only once they hold a result)."""
    users = {u.id: u for u in all_rows(session, User)}
    emails = {i: u.email for i, u in users.items()}
    facilities = {f.id: f for f in all_rows(session, Facility)}
    codes = {i: f.code for i, f in facilities.items()}
    evidence = {e.id: e for e in all_rows(session, Evidence)}
    answers = all_rows(session, Answer)
    return {"audit": _audits(session, answers, emails, codes),
            "answer": _answers(answers, answered), "finding": _findings(session, answers),
            "action": _actions(session, emails, evidence),
            "evidence": _evidence(evidence.values()), "links": _links(session, evidence),
            "user": _users(session, users, codes),
            "facility": {f.code: {"name": f.name, "entity_type": f.entity_type,
                                  "country": f.country, "manager": emails.get(f.manager_id),
                                  "manager_id": f.manager_id, "time_zone": f.time_zone}
                         for f in facilities.values()},
            **_risk(session, codes)}


def _audits(session, answers, emails, codes) -> Rows:
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.audit_id] = counts.get(answer.audit_id, 0) + 1
    return {display_id("audit", a.id): {
        "status": a.status, "period": a.period, "facility": codes.get(a.facility_id),
        "lead": emails.get(a.lead_id), "due": a.due.isoformat() if a.due else None,
        "checklist": f"{a.checklist_id}@{a.checklist_version}",
        "checklist_hash": a.checklist_hash, "criteria": counts.get(a.id, 0),
        "status_reason": a.status_reason,
        "closed_at": a.closed_at.isoformat() if a.closed_at else None}
        for a in all_rows(session, Audit)}


def _answers(answers, answered: set[str]) -> Rows:
    rows = {}
    for a in answers:
        ref = f"{display_id('audit', a.audit_id)} {a.criterion_id}"
        if a.result is not None or ref in answered:
            rows[ref] = {"result": a.result, "note": a.note}
    return rows


def _findings(session, answers) -> Rows:
    levels = {(a.audit_id, a.criterion_id): a.level for a in answers}
    return {display_id("finding", f.id): {
        "status": f.status, "severity": f.severity, "audit": display_id("audit", f.audit_id),
        "result": f.result, "note": f.note, "status_reason": f.status_reason,
        "severity_reason": f.severity_reason, "criterion": f.criterion_id,
        "level": levels.get((f.audit_id, f.criterion_id), f.level)}
        for f in all_rows(session, Finding)}


def _actions(session, emails, evidence) -> Rows:
    notes: dict[int, list] = {}
    for n in all_rows(session, ActionNote):
        sha = evidence[n.evidence_id].sha256 if n.evidence_id in evidence else None
        notes.setdefault(n.action_id, []).append([n.event, n.text, sha])
    return {display_id("action", c.id): {
        "status": c.status, "owner": emails.get(c.owner_id), "due": c.due.isoformat(),
        "plan": c.plan, "root_cause": c.root_cause, "notes": notes.get(c.id, []),
        "finding": c.finding_id and display_id("finding", c.finding_id),
        "risk_assessment": c.risk_assessment_id and display_id("risk", c.risk_assessment_id)}
        for c in all_rows(session, CorrectiveAction)}


def _evidence(evidence) -> Rows:
    return {display_id("evidence", e.id): {
        "sha256": e.sha256, "size": e.size, "name": e.original_name, "media_type": e.media_type,
        "valid_until": e.valid_until.isoformat() if e.valid_until else None}
        for e in evidence}


def _links(session, evidence) -> Rows:
    links: dict[str, list[str]] = {}
    for link in all_rows(session, EvidenceLink):
        sha = evidence[link.evidence_id].sha256 if link.evidence_id in evidence else "(none)"
        links.setdefault(display_id("audit", link.audit_id), []).append(
            f"{link.criterion_id} {sha[:12]}")
    return {audit: {"evidence": sorted(found)} for audit, found in links.items()}


def _users(session, users, codes) -> Rows:
    grants: dict[int, list[str]] = {}
    for g in all_rows(session, RoleGrant):
        place = codes.get(g.facility_id, "?") if g.facility_id is not None else "*"
        grants.setdefault(g.user_id, []).append(f"{g.role}@{place}")
    return {u.email: {"name": u.name, "active": u.active, "grants": sorted(grants.get(u.id, []))}
            for u in users.values()}


def _risk(session, codes) -> dict[str, Rows]:
    assessments = {display_id("risk", r.id): {
        "facility": codes.get(r.facility_id), "year": r.year, "status": r.status,
        "cargo_flow": r.cargo_flow, "process": r.process,
        "assessed_on": r.assessed_on.isoformat() if r.assessed_on else None}
        for r in all_rows(session, RiskAssessment)}
    items = {display_id("risk_item", i.id): {
        "assessment": display_id("risk", i.assessment_id), "kind": i.kind, "name": i.name,
        "rating": i.rating, "criterion": i.criterion_id}
        for i in all_rows(session, RiskItem)}
    return {"risk": assessments, "risk_item": items}


def pinned_checklists(session) -> list[str]:
    """Each pinned checklist must still hash to its content hash and name the checklist its
    audits say they pinned."""
    found = []
    pinned_by: dict[str, list[Audit]] = {}
    for audit in all_rows(session, Audit):
        pinned_by.setdefault(audit.checklist_hash, []).append(audit)
    for row in all_rows(session, CriteriaSnapshot):
        audits = pinned_by.get(row.content_hash, [])
        what = f"the checklist {row.checklist_id}@{row.checklist_version} pinned by " + (
            ", ".join(display_id("audit", a.id) for a in audits[:3]) or "no audit")
        try:
            catalog = catalog_from_snapshot(row.snapshot)
        except (ValueError, KeyError, TypeError):
            found.append(f"{what} was edited: it no longer matches its content hash")
            continue
        if catalog.content_hash != row.content_hash or any(
                f"{a.checklist_id}@{a.checklist_version}" != f"{catalog.id}@{catalog.version}"
                for a in audits):
            found.append(f"{what} is stored under another checklist's hash")
    return found
