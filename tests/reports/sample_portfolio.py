"""A hand-built portfolio (facilities, scores, trends, actions of every age), no database."""

from __future__ import annotations

from datetime import date, timedelta

from audit_engine.services.reports.views.models import (
    AuditRef,
    AuditSummaryView,
    CategoryView,
    DueAuditView,
    PortfolioView,
    ReportAction,
    ReportFacility,
    ScorePoint,
)

TODAY = date(2027, 5, 3)
CATEGORY_NAMES = ("Security Vision and Responsibility", "Risk Assessment", "Business Partners",
                  "Cybersecurity", "Conveyance and Instruments of International Traffic Security",
                  "Seal Security", "Procedural Security", "Agricultural Security",
                  "Physical Security", "Physical Access Controls", "Personnel Security",
                  "Education, Training and Awareness")
LONG_PLAN = ("Replace the seal log with a numbered register, train all dock staff on the "
             "seven-point inspection and the VVTT seal check, and audit the logs every day.")[:150]
assert len(LONG_PLAN) == 150


def categories() -> tuple[CategoryView, ...]:
    return tuple(CategoryView(str(n), name) for n, name in enumerate(CATEGORY_NAMES, start=1))


def facility(n: int) -> ReportFacility:
    country = ("MX", "US", "CA")[n % 3]
    return ReportFacility(code=f"{country}-{n:03d}", name=f"Plant {n} assembly and distribution",
                        entity_type="foreign_manufacturer", country=country,
                        manager=f"manager{n}@example.com", manager_name=f"Manager {n}")


def summary(n: int) -> AuditSummaryView:
    cats = categories()
    scores = {c.id: ((n * 7 + int(c.id) * 13) % 101) / 100 for c in cats}
    scores["1"] = 1.0  # a full score: "100%" must stay one token
    if n % 5 == 0:
        scores["8"] = None
    overall = sum(v for v in scores.values() if v is not None) / 11
    trend = tuple(ScorePoint(f"2026-Q{q}", min(1.0, overall - 0.05 * (4 - q) + 0.02 * (n % 3)))
                  for q in range(1, 5))
    failed = tuple(f"6.{k}" for k in range(1, n % 4 + 1))
    open_musts = failed[: n % 3]  # the rest remediated (verified closed)
    late = (AuditRef(f"A-{100 + n}", "2027-Q1", "fieldwork", date(2027, 3, 31)),)
    return AuditSummaryView(
        facility(n), f"A-{n}", "2027-Q1", "closed" if n % 2 else "remediation", scores, overall,
        failed_musts=len(failed), trend=trend[-(n % 4 + 1):], cadence_months=3,
        last_audited=date(2027, 3, 31) if n % 6 else date(2026, 9, 30),
        last_period="2027-Q1" if n % 6 else "2026-Q3",
        open_musts=open_musts, remediated_musts=failed[len(open_musts):],
        open_must_categories=("6",) if open_musts else (),
        remediated_must_categories=("6",) if failed[len(open_musts):] else (),
        overdue_audits=late if n % 7 == 0 else (), assessment_overdue=n % 5 == 1)


def actions(facilities: int) -> tuple[ReportAction, ...]:
    result = []
    for n in range(1, facilities * 3 + 1):
        place = facility(n % facilities + 1)
        late = (-5, 3, 45, 75, 120)[n % 5]
        result.append(ReportAction(
            id=f"CA-{n}", finding_id=f"F-{n}", owner=f"owner{n % 4}@example.com",
            owner_name=f"Owner Number{n % 4}", due=TODAY - timedelta(days=late),
            status=("open", "in_progress", "implemented")[n % 3], plan=LONG_PLAN,
            audit_id=f"A-{n % facilities + 1}", facility_code=place.code,
            facility_name=place.name, criterion_id="6.2",
            criterion_title="Seal verification process"))
    return tuple(result)


def portfolio(facilities: int = 12, scope: tuple[str, ...] = ()) -> PortfolioView:
    latest = tuple(summary(n) for n in range(1, facilities + 1))
    latest += (AuditSummaryView(facility(facilities + 1), None, None, None, {}, None,
                                cadence_months=3),)
    return PortfolioView(
        categories=categories(), latest=latest, actions=actions(facilities),
        due_next_quarter=(DueAuditView(facility(1), "A-99", "2027-Q3", date(2027, 9, 30)),
                          DueAuditView(facility(2), None, "2027-Q3", None)),
        next_quarter="2027-Q3", scope=scope)
