"""Database rows to the managers' views (portfolio, corrective actions); one query per table."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from audit_engine.domain.lifecycle import ActionStatus, AuditStatus, display_id, parse_period
from audit_engine.domain.scoring import natural_key
from audit_engine.services.reports.audit_data import (
    action_view,
    emails_by_id,
    facility_view,
    snapshot_titles,
)
from audit_engine.services.reports.views.audit import score
from audit_engine.services.reports.views.models import (
    ActionView,
    AnswerView,
    AuditSummaryView,
    CategoryView,
    DueAuditView,
    PortfolioView,
)
from audit_engine.services.reports.views.portfolio import next_quarter
from audit_engine.storage.models.lifecycle import Answer, Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility


def latest_audits(audits: list[Audit]) -> dict[int, Audit]:
    """Each facility's latest audit by period (cancelled ones do not count)."""
    latest: dict[int, Audit] = {}
    for audit in sorted(audits, key=lambda a: (a.period, a.id)):
        if audit.status != AuditStatus.CANCELLED:
            latest[audit.facility_id] = audit
    return latest


def scores_by_audit(session: Session, ids: list[int]):
    """(category scores, overall score) per audit id, from one query over the answers."""
    grouped: dict[int, list[AnswerView]] = defaultdict(list)
    if ids:
        rows = session.exec(select(Answer.audit_id, Answer.category, Answer.result)
                            .where(Answer.audit_id.in_(ids))).all()
        for audit_id, category, result in rows:
            grouped[audit_id].append(AnswerView("", category, "", "", result))
    result = {}
    for audit_id, answers in grouped.items():
        by_category: dict[str, list[AnswerView]] = defaultdict(list)
        for answer in answers:
            by_category[answer.category_id].append(answer)
        result[audit_id] = ({c: score(a) for c, a in by_category.items()}, score(answers))
    return result


def portfolio_categories(latest: dict[int, Audit]) -> tuple[CategoryView, ...]:
    seen: dict[str, CategoryView] = {}
    for audit in latest.values():
        for category in snapshot_titles(audit.criteria_snapshot)[1]:
            seen.setdefault(category.id, category)
    return tuple(sorted(seen.values(), key=lambda c: natural_key(c.id)))


def open_action_views(session: Session, audits: dict[int, Audit],
                      codes: dict[int, str]) -> tuple[ActionView, ...]:
    actions = session.exec(select(CorrectiveAction)
                           .where(CorrectiveAction.status != ActionStatus.VERIFIED.value)
                           .order_by(CorrectiveAction.id)).all()
    emails = emails_by_id(session, [a.owner_id for a in actions])
    return tuple(action_view(a, emails, codes.get(audits[a.audit_id].facility_id, ""))
                 for a in actions if a.audit_id in audits)


def due_next_quarter(audits: list[Audit], facilities: dict[int, Facility], emails,
                     quarter: str) -> tuple[DueAuditView, ...]:
    start, end = parse_period(quarter)
    return tuple(DueAuditView(facility_view(facilities[a.facility_id], emails),
                              display_id("audit", a.id), a.period, a.due)
                 for a in audits
                 if a.status not in (AuditStatus.CLOSED, AuditStatus.CANCELLED)
                 and (a.period == quarter or (a.due is not None and start <= a.due <= end)))


def load_portfolio(session: Session, today: date) -> PortfolioView:
    facilities = {f.id: f for f in session.exec(select(Facility).order_by(Facility.code)).all()}
    audits = session.exec(select(Audit).order_by(Audit.id)).all()
    by_id = {a.id: a for a in audits}
    latest = latest_audits(audits)
    scores = scores_by_audit(session, [a.id for a in latest.values()])
    emails = emails_by_id(session, [f.manager_id for f in facilities.values()])
    summaries = []
    for facility_id, facility in facilities.items():
        audit = latest.get(facility_id)
        cats, overall = scores.get(audit.id, ({}, None)) if audit else ({}, None)
        summaries.append(AuditSummaryView(
            facility_view(facility, emails), display_id("audit", audit.id) if audit else None,
            audit.period if audit else None, audit.status if audit else None, cats, overall))
    quarter = next_quarter(today)
    codes = {f.id: f.code for f in facilities.values()}
    return PortfolioView(categories=portfolio_categories(latest), latest=tuple(summaries),
                         actions=open_action_views(session, by_id, codes),
                         due_next_quarter=due_next_quarter(audits, facilities, emails, quarter),
                         next_quarter=quarter)


def load_actions(session: Session, owner: str | None = None) -> tuple[ActionView, ...]:
    audits = {a.id: a for a in session.exec(select(Audit)).all()}
    codes = dict(session.exec(select(Facility.id, Facility.code)).all())
    actions = open_action_views(session, audits, codes)
    return tuple(a for a in actions if owner is None or a.owner == owner.strip().lower())
