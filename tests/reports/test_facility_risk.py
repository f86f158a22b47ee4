"""The one risk definition (domain/rules/facility_risk.py): which audit scores a facility,
what counts as an open must failure, an overdue audit, and the order facilities are ranked in."""

from __future__ import annotations

from datetime import date

from audit_engine.domain.rules import facility_risk as fr

TODAY = date(2027, 2, 10)


def facts(number, period, status, due=None):
    return fr.AuditFacts(number, period, status, due)


def test_planned_and_unsubmitted_audits_never_replace_the_last_results():
    audits = [facts(1, "2026-Q4", "remediation"), facts(3, "2027-Q1", "planned"),
              facts(2, "2026-Q3", "closed"), facts(4, "2027-Q1", "fieldwork")]
    assert fr.audit_with_results(audits).number == 1
    assert fr.audit_with_results([facts(5, "2027-Q1", "planned")]) is None
    assert [a.number for a in fr.results_history(audits)] == [2, 1]


def test_an_audit_is_overdue_when_past_due_and_not_submitted():
    due = date(2026, 12, 31)
    assert fr.audit_overdue("fieldwork", due, TODAY)
    assert fr.audit_overdue("planned", due, TODAY)
    assert not fr.audit_overdue("review", due, TODAY)  # submitted
    assert not fr.audit_overdue("fieldwork", TODAY, TODAY)  # due today: not yet
    assert not fr.audit_overdue("fieldwork", None, TODAY)
    assert fr.days_audit_overdue("fieldwork", due, TODAY) == 41
    assert [a.number for a in fr.overdue_audits(
        [facts(1, "2026-Q4", "fieldwork", due), facts(2, "2027-Q1", "planned", date(2027, 3, 31))],
        TODAY)] == [1]


def test_a_remediated_must_is_history_not_open_risk():
    actions_of = {"6.2": ["verified", "verified"], "7.1": ["verified", "implemented"],
                  "8.4": []}
    open_, remediated = fr.split_must_failures(["6.2", "7.1", "8.4", "9.9"], actions_of)
    assert open_ == ("7.1", "8.4", "9.9")
    assert remediated == ("6.2",)
    assert not fr.finding_closed([])  # no corrective action yet: not closed


def test_overdue_actions_by_age():
    pairs = [("open", date(2027, 1, 1)), ("implemented", date(2027, 2, 1)),
             ("verified", date(2026, 1, 1)), ("open", date(2027, 3, 1)), ("open", None)]
    assert fr.overdue_days(pairs, TODAY) == (40, 9)


def test_ranking_order():
    late = (facts(9, "2026-Q4", "fieldwork", date(2026, 12, 31)),)
    risks = [
        fr.FacilityRisk("CLEAN", 0.99),
        fr.FacilityRisk("NEVER", None),
        fr.FacilityRisk("LOW", 0.60),
        fr.FacilityRisk("FIXED", 0.70, remediated_musts=("6.2", "7.1")),
        fr.FacilityRisk("MUSTS", 0.95, open_musts=("6.2",)),
        fr.FacilityRisk("LATE", None, overdue_audits=late),
        fr.FacilityRisk("ACTS", 0.98, overdue_action_days=(5,)),
        fr.FacilityRisk("OLDACT", 0.98, overdue_action_days=(50,)),
        fr.FacilityRisk("RA", 0.98, assessment_overdue=True),
    ]
    assert [r.facility for r in fr.ranked(risks)] == [
        "MUSTS", "LATE", "OLDACT", "ACTS", "RA", "LOW", "FIXED", "CLEAN", "NEVER"]


def test_a_category_with_a_failed_must_is_never_green():
    from audit_engine.services.reports.views.models import AuditSummaryView
    from audit_engine.services.reports.views.risk import risk_rows
    from tests.reports.sample_portfolio import facility

    def row(**facts):
        summary = AuditSummaryView(facility(1), "A-1", "2026-Q4", "remediation",
                                   {"6": 0.95, "7": 0.95}, 0.95, **facts)
        [made] = risk_rows((summary,), ["6", "7"], (), TODAY)
        return made.overall.band, [c.band for c in made.cells]

    assert row() == ("good", ["good", "good"])
    assert row(open_musts=("6.2",), open_must_categories=("6",)) == ("weak", ["weak", "good"])
    assert row(remediated_musts=("6.2",), remediated_must_categories=("6",)) == \
        ("fair", ["fair", "good"])
