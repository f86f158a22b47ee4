"""Hand-built report views: the render path tested without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from audit_engine.services.reports.views.models import (
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

CLOSED_AT = datetime(2027, 4, 20, 15, 30, tzinfo=UTC)
RESULT_CYCLE = ("compliant", "compliant", "partial", "non_compliant", "not_applicable")


def facility(code: str = "MX-TIJ-01") -> ReportFacility:
    return ReportFacility(code=code, name=f"Tijuana assembly plant {code}",
                        entity_type="foreign_manufacturer", country="MX",
                        manager="manager@example.com")


def categories(count: int) -> tuple[CategoryView, ...]:
    return tuple(CategoryView(str(n), f"Category {n}") for n in range(1, count + 1))


def answers(cats, per_category: int, note: str = "") -> tuple[ReportAnswer, ...]:
    rows = []
    for cat in cats:
        for n in range(1, per_category + 1):
            index = len(rows)
            rows.append(ReportAnswer(
                criterion_id=f"{cat.id}.{n}", category_id=cat.id,
                title=f"Requirement {cat.id}.{n} on seals, access and training",
                level="must" if n % 2 else "should", result=RESULT_CYCLE[index % 5],
                note=note or f"Observed on site, item {index}.",
                evidence_ids=(f"EV-{index % 7 + 1}",)))
    return tuple(rows)


def findings(count: int, due: date, note: str = "") -> tuple[ReportFinding, ...]:
    result = []
    for n in range(1, count + 1):
        action = ReportAction(id=f"CA-{n}", finding_id=f"F-{n}", owner=f"owner{n % 3}@example.com",
                            due=due + timedelta(days=30 * (n % 2)),
                            status=("open", "in_progress", "verified")[n % 3],
                            plan=note or f"Fix the gap {n} and retrain staff.",
                            root_cause="Procedure not followed")
        result.append(ReportFinding(id=f"F-{n}", criterion_id=f"1.{n}",
                                  criterion_title=f"Requirement 1.{n} on seals and access",
                                  severity=("major", "minor", "observation")[n % 3],
                                  status="confirmed", description=note or f"Gap number {n}.",
                                  actions=(action,)))
    return tuple(result)


def evidence(count: int, name: str = "") -> tuple[ReportEvidence, ...]:
    return tuple(ReportEvidence(id=f"EV-{n}", name=name or f"photo-{n}.jpg",
                              sha256=f"{n:064x}", media_type="image/jpeg", size=1000 + n,
                              added_by="auditor@example.com",
                              added_at=datetime(2027, 3, 1, 9, 0, tzinfo=UTC) + timedelta(hours=n),
                              valid_until=date(2028, 3, 1), criteria=("1.1",))
                 for n in range(1, count + 1))


# Every kind of event an audit's trail holds, in a plausible order.
ACTIONS = ("audit.plan", "audit.replan", "audit.fieldwork_moved", "audit.carry_forward",
           "audit.start", "answer.record", "evidence.add", "evidence.link", "evidence.unlink",
           "audit.submit", "audit.return", "finding.confirm", "finding.dismiss", "audit.approve",
           "action.add", "action.reassign", "action.start", "action.implement", "action.reject",
           "action.verify", "audit.close", "report.final", "audit.cancel")


def events(count: int, summary: str = "") -> tuple[ReportEvent, ...]:
    start = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    return tuple(ReportEvent(seq=n, at=start + timedelta(minutes=n), actor="auditor@example.com",
                           action=ACTIONS[(n - 1) % len(ACTIONS)],
                           summary=summary or f"answered item {n}", hash=f"{n:064x}")
                 for n in range(1, count + 1))


def audit(status: str = "closed", n_categories: int = 3, per_category: int = 4,
          n_findings: int = 3, n_evidence: int = 4, n_events: int = 5, note: str = "",
          evidence_name: str = "") -> ReportAudit:
    cats = categories(n_categories)
    return ReportAudit(
        id="A-2027Q1-001", facility=facility(), period="2027-Q1", status=status,
        checklist_id="ctpat-msc", checklist_version="2026.1", checklist_hash="ab" * 32,
        categories=cats, answers=answers(cats, per_category, note),
        findings=findings(n_findings, date(2027, 4, 1), note),
        evidence=evidence(n_evidence, evidence_name), events=events(n_events, note),
        history=(ScorePoint("2026-Q2", 0.61), ScorePoint("2026-Q3", None),
                 ScorePoint("2026-Q4", 0.7)),
        lead_auditor="auditor@example.com", approver="manager@example.com",
        submitted_at=datetime(2027, 3, 20, tzinfo=UTC),
        approved_at=datetime(2027, 3, 25, tzinfo=UTC),
        closed_at=CLOSED_AT if status == "closed" else None, persons=PERSONS)


PERSONS = (PersonView("auditor@example.com", "Alba Auditora", "auditor"),
           PersonView("manager@example.com", "Mario Manager", "manager"),
           PersonView("owner0@example.com", "Olga Owner", "action owner"))
