"""Database rows to the managers' views (portfolio, corrective actions); one query per table.

`facilities` limits either view to some facility codes (a manager's digest covers only the
facilities where they hold a role); None means every facility.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from audit_engine.domain.formats.labels import risk_item_phrase
from audit_engine.domain.rules import facility_risk as risk
from audit_engine.domain.rules.lifecycle import display_id, parse_period
from audit_engine.domain.rules.scoring import FAILING, POINTS, natural_key
from audit_engine.services.reports import risk_data
from audit_engine.services.reports.audit_data import facility_view, snapshot_titles
from audit_engine.services.reports.report_lines import risk_lines
from audit_engine.services.reports.views.models import (
    AuditRef,
    AuditSummaryView,
    CategoryView,
    DueAuditView,
    PortfolioView,
    ReportAction,
    ScorePoint,
)
from audit_engine.services.reports.views.portfolio import next_quarter
from audit_engine.services.reports.views.shown import titles_in_language
from audit_engine.storage.action_reports import ActionRow, action_rows
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries import portfolio as stored
from audit_engine.storage.queries.facilities import facilities_with_codes
from audit_engine.storage.queries.people import emails_by_id
from audit_engine.storage.queries.rows import all_rows
from audit_engine.storage.snapshots import snapshots_by_hash

TREND_AUDITS = 4
CADENCE_MONTHS = {"quarter": 3}


def scored_audits(audits: list[Audit]) -> tuple[dict[int, Audit], dict[int, list[Audit]]]:
    """Each facility's latest audit with results, and its last TREND_AUDITS audits with
    results, oldest first (domain/rules/facility_risk.py: planned or unsubmitted audits never
    replace the last results)."""
    rows = {a.id: a for a in audits}
    latest, done = {}, {}
    for facility_id, facts in risk_data.facts_by_facility(audits).items():
        history = risk.results_history(facts, TREND_AUDITS)
        if history:
            latest[facility_id] = rows[history[-1].number]
            done[facility_id] = [rows[f.number] for f in history]
    return latest, done


def scores_by_audit(session, ids: list[int]):
    """(category scores, overall score, failed musts) per audit id. The database sums per
    audit and category, with the points and the failing results of domain/rules/scoring.py, so the
    answers of thousands of audits never come back row by row."""
    sums = stored.category_sums(session, ids, {str(r): p for r, p in POINTS.items()},
                                [r.value for r in FAILING])
    return {audit_id: _scores(by_category) for audit_id, by_category in sums.items()}


def _scores(by_category: dict[str, tuple[float, int, int]]):
    earned = sum(e for e, _, _ in by_category.values())
    counted = sum(c for _, c, _ in by_category.values())
    return ({c: (e / n if n else None) for c, (e, n, _) in by_category.items()},
            earned / counted if counted else None, sum(f for _, _, f in by_category.values()))


def pinned_checklists(session, audits, texts=None) -> dict[str, tuple[dict, list, frozenset]]:
    """(criterion titles, categories, ids shown in English) per pinned checklist hash, one
    query for all audits."""
    return pinned_by_hash(session, {a.checklist_hash for a in audits}, texts)


def pinned_by_hash(session, hashes, texts=None) -> dict[str, tuple[dict, list, frozenset]]:
    """`texts`: catalog id -> its text in the report's language (None: the report is English)."""
    return {content_hash: titles_in_language(*snapshot_titles(snapshot),
                                             texts(snapshot.get("id", "")) if texts else None,
                                             texts is not None)
            for content_hash, snapshot in snapshots_by_hash(session, hashes).items()}


def portfolio_categories(latest: dict[int, Audit], pinned) -> tuple[CategoryView, ...]:
    seen: dict[str, CategoryView] = {}
    for audit in latest.values():
        for category in pinned[audit.checklist_hash][1]:
            seen.setdefault(category.id, category)
    return tuple(sorted(seen.values(), key=lambda c: natural_key(c.id)))


def open_action_views(session, facilities: dict[int, Facility] | None,
                      pinned=None, texts=None) -> tuple[ReportAction, ...]:
    """Every unverified action at `facilities` (None: everywhere), audits' actions and risk
    action-plan items alike."""
    rows = action_rows(session, facility_ids=None if facilities is None else list(facilities))
    missing = {r.checklist_hash for r in rows} - set(pinned or {})
    pinned = {**(pinned or {}), **pinned_by_hash(session, missing, texts)}
    views = []
    for row in rows:
        titles, _, english = pinned.get(row.checklist_hash, ({}, [], frozenset()))
        views.append(action_row_view(row, titles, english))
    return tuple(views)


def action_row_view(row: ActionRow, titles: dict[str, str],
                    english: frozenset | None = None) -> ReportAction:
    criterion = row.criterion_id or ""
    item = risk_item_phrase(row.item_kind, row.item_name, row.item_rating)
    return ReportAction(
        id=display_id("action", row.id), owner=row.owner_email, due=row.due, status=row.status,
        plan=row.plan, root_cause=row.root_cause or "", verified_at=row.verified_at,
        finding_id=display_id("finding", row.finding_id) if row.finding_id else "",
        audit_id=display_id("audit", row.audit_id) if row.audit_id else "",
        facility_code=row.facility_code, facility_name=row.facility_name,
        owner_name=row.owner_name or "", criterion_id=criterion,
        criterion_title=titles.get(criterion, ""),
        risk_assessment_id=(display_id("risk", row.risk_assessment_id)
                            if row.risk_assessment_id else ""),
        risk_year=row.risk_year, risk_item=item, in_english=criterion in (english or ()),
        checklist_hash=row.checklist_hash or "")


def due_next_quarter(session, audits: list[Audit], facilities: dict[int, Facility], emails,
                     quarter: str) -> tuple[DueAuditView, ...]:
    """Audits planned for the quarter (or due in it), and those the programmes will open."""
    start, end = parse_period(quarter)
    planned = [DueAuditView(facility_view(facilities[a.facility_id], emails),
                            display_id("audit", a.id), a.period, a.due)
               for a in audits
               if a.facility_id in facilities and a.status not in risk_data.FINISHED
               and (a.period == quarter or (a.due is not None and start <= a.due <= end))]
    coming = [DueAuditView(facility_view(facilities[p.facility_id], emails), None, p.period,
                           p.due)
              for p in risk_data.programme_audits_due(session, audits, facilities, quarter)]
    return tuple(planned + coming)


def cadences(session) -> dict[int, int]:
    """Facility id -> the shortest cadence (months) of its active audit programmes."""
    out: dict[int, int] = {}
    for facility_id, every in stored.active_program_cadences(session):
        months = CADENCE_MONTHS.get(every, 3)
        out[facility_id] = min(months, out.get(facility_id, months))
    return out


def scoped_facilities(session, codes) -> dict[int, Facility]:
    return {f.id: f for f in facilities_with_codes(session, codes)}


def summaries(facilities, latest, done, scores, emails, cadence, facts) -> tuple:
    result = []
    for facility_id, facility in facilities.items():
        audit = latest.get(facility_id)
        cats, overall, failed = scores.get(audit.id, ({}, None, 0)) if audit else ({}, None, 0)
        history = done.get(facility_id, [])
        last = history[-1] if history else None
        result.append(AuditSummaryView(
            facility_view(facility, emails), display_id("audit", audit.id) if audit else None,
            audit.period if audit else None, audit.status if audit else None, cats, overall,
            failed_musts=failed,
            trend=tuple(ScorePoint(a.period, scores.get(a.id, ({}, None, 0))[1])
                        for a in history),
            cadence_months=cadence.get(facility_id),
            last_audited=last.period_end if last else None,
            last_period=last.period if last else None,
            **facts.get(facility_id, {})))
    return tuple(result)


def live_facts(session, places, latest, audits, today, risk_lines_) -> dict[int, dict]:
    """Per facility: open and remediated must failures of the scored audit, overdue audits,
    an overdue risk assessment (domain/rules/facility_risk.py)."""
    musts = risk_data.must_states(session, [a.id for a in latest.values()])
    overdue_ra = {line.facility for line in risk_lines_ if line.overdue_on(today)}
    late = defaultdict(list)
    for audit in audits:
        if risk.audit_overdue(audit.status, audit.due, today):
            late[audit.facility_id].append(AuditRef(display_id("audit", audit.id), audit.period,
                                                    audit.status, audit.due))
    facts = {}
    for facility_id, facility in places.items():
        audit = latest.get(facility_id)
        state = musts.get(audit.id, risk_data.MustState()) if audit else risk_data.MustState()
        facts[facility_id] = {
            "open_musts": tuple(c for c, _ in state.open),
            "remediated_musts": tuple(c for c, _ in state.remediated),
            "open_must_categories": tuple(sorted({k for _, k in state.open})),
            "remediated_must_categories": tuple(sorted({k for _, k in state.remediated})),
            "overdue_audits": tuple(sorted(late[facility_id], key=lambda r: (r.due, r.id))),
            "assessment_overdue": facility.code in overdue_ra}
    return facts


def load_portfolio(session, today: date, facilities=None, texts=None) -> PortfolioView:
    """`texts`: catalog id -> its text in the report's language (None: English)."""
    places = scoped_facilities(session, facilities)
    audits = [a for a in all_rows(session, Audit) if a.facility_id in places]
    latest, done = scored_audits(audits)
    wanted = {a.id for history in done.values() for a in history}
    scores = scores_by_audit(session, list(wanted))
    emails = emails_by_id(session, [f.manager_id for f in places.values()])
    quarter = next_quarter(today)
    pinned = pinned_checklists(session, audits, texts)
    lines = risk_lines(session, places.values())
    facts = live_facts(session, places, latest, audits, today, lines)
    return PortfolioView(
        categories=portfolio_categories(latest, pinned),
        latest=summaries(places, latest, done, scores, emails, cadences(session), facts),
        actions=open_action_views(session, places if facilities is not None else None, pinned,
                                  texts),
        due_next_quarter=due_next_quarter(session, audits, places, emails, quarter),
        next_quarter=quarter,
        scope=tuple(sorted(f.code for f in places.values())) if facilities is not None else (),
        risk=lines)


def load_actions(session, owner: str | None = None,
                 facilities=None, texts=None) -> tuple[ReportAction, ...]:
    places = scoped_facilities(session, facilities) if facilities is not None else None
    actions = open_action_views(session, places, texts=texts)
    return tuple(a for a in actions if owner is None or a.owner == owner.strip().lower())
