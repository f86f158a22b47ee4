"""The tick's reminder scan: find what is due as of `now` and enqueue one outbox row each.

Every query is a range on an indexed date column (fieldwork start, audit due, action due,
closing time), so the cost follows what is due, not table size. Rows are keyed (rule,
subject, date) and inserted with ON CONFLICT DO NOTHING: running a tick twice, or two
schedulers at once, queues nothing twice. After downtime the next tick sends what was missed,
once: a stage whose window is still open, today's overdue notice, this week's digest.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

from audit_engine.domain.lifecycle import ActionStatus, AuditStatus, display_id
from audit_engine.domain.reminders import WEEKDAYS, Rule, iso_week, stage_for
from audit_engine.services.calendar.reminder_rules import effective_rules
from audit_engine.services.mail import outbox
from audit_engine.services.mail.recipients import (
    audit_team,
    compliance_officers,
    facility_manager,
    managers,
    without_opt_outs,
)
from audit_engine.storage.models.lifecycle import Answer, Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.scheduling import FieldworkWindow

OPEN_AUDIT = (AuditStatus.PLANNED.value, AuditStatus.FIELDWORK.value)
OPEN_ACTION = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)
FINAL_REPORT_CATCH_UP = timedelta(days=30)


class Scan:
    """One reminder scan inside one write transaction; collects rows, enqueues at the end."""

    def __init__(self, session, now: datetime, mail_domain: str) -> None:
        self.session, self.now, self.today = session, now, now.date()
        self.domain = mail_domain
        self.rules = effective_rules(session)
        self.rows: list[dict] = []

    def add(
        self,
        rule: Rule,
        key: str,
        recipients,
        template: str | None = None,
        context=None,
        attachments=None,
    ) -> None:
        recipients = without_opt_outs(self.session, rule, recipients)
        if recipients:
            self.rows.append(
                outbox.outbox_row(
                    rule=rule.key,
                    key=key,
                    recipients=recipients,
                    template=template or rule.key,
                    context=context or {},
                    now=self.now,
                    mail_domain=self.domain,
                    attachments=attachments,
                )
            )

    def active(self, key: str) -> Rule | None:
        rule = self.rules[key]
        return rule if rule.enabled else None


def queue_due_reminders(session, now: datetime, mail_domain: str) -> int:
    scan = Scan(session, now, mail_domain)
    for step in (
        _fieldwork_starting,
        _audit_due,
        _action_due,
        _actions_overdue,
        _weekly_digest,
        _final_reports,
    ):
        step(scan)
    return outbox.enqueue(session, scan.rows)


def _within(column, today: date, days: tuple[int, ...]):
    return column.between(today, today + timedelta(days=max(days)))


def _audit_context(session, audit: Audit, facility: Facility) -> dict:
    return {
        "audit": display_id("audit", audit.id),
        "facility": facility.code,
        "facility_name": facility.name,
        "period": audit.period,
        "status": audit.status,
        "due": audit.due.isoformat() if audit.due else None,
    }


def _fieldwork_starting(scan: Scan) -> None:
    rule = scan.active("fieldwork_starting")
    if rule is None or not rule.days:
        return
    rows = scan.session.exec(
        select(FieldworkWindow, Audit, Facility)
        .join(Audit, Audit.id == FieldworkWindow.audit_id)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(
            _within(FieldworkWindow.starts_on, scan.today, rule.days),
            Audit.status == AuditStatus.PLANNED.value,
        )
    ).all()
    for window, audit, facility in rows:
        left = (window.starts_on - scan.today).days
        stage = stage_for(left, rule.days)
        if stage is None:
            continue
        context = {
            **_audit_context(scan.session, audit, facility),
            "days_left": left,
            "starts_on": window.starts_on.isoformat(),
            "ends_on": window.ends_on.isoformat(),
        }
        scan.add(
            rule,
            f"{context['audit']}:{window.starts_on}:d{stage}",
            audit_team(scan.session, audit),
            context=context,
        )


def _audit_due(scan: Scan) -> None:
    rule = scan.active("audit_due")
    if rule is None or not rule.days:
        return
    rows = scan.session.exec(
        select(Audit, Facility)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(_within(Audit.due, scan.today, rule.days), Audit.status.in_(OPEN_AUDIT))
    ).all()
    unanswered = (
        dict(
            scan.session.exec(
                select(Answer.audit_id, func.count())
                .where(Answer.audit_id.in_([a.id for a, _ in rows]), Answer.result.is_(None))
                .group_by(Answer.audit_id)
            ).all()
        )
        if rows
        else {}
    )
    for audit, facility in rows:
        left = (audit.due - scan.today).days
        stage = stage_for(left, rule.days)
        if stage is None:
            continue
        context = {
            **_audit_context(scan.session, audit, facility),
            "days_left": left,
            "unanswered": unanswered.get(audit.id, 0),
        }
        scan.add(
            rule,
            f"{context['audit']}:{audit.due}:d{stage}",
            audit_team(scan.session, audit),
            context=context,
        )


def _action_rows(scan: Scan, condition) -> list:
    return scan.session.exec(
        select(CorrectiveAction, User.email, Audit.facility_id)
        .join(User, User.id == CorrectiveAction.owner_id)
        .join(Audit, Audit.id == CorrectiveAction.audit_id)
        .where(condition, CorrectiveAction.status.in_(OPEN_ACTION))
    ).all()


def _action_context(action: CorrectiveAction, owner: str, today: date, codes: dict) -> dict:
    return {
        "action": display_id("action", action.id),
        "finding": display_id("finding", action.finding_id),
        "audit": display_id("audit", action.audit_id),
        "owner": owner,
        "due": action.due.isoformat(),
        "days_left": (action.due - today).days,
        "days_overdue": (today - action.due).days,
        "plan": action.plan[:500],
        "status": action.status,
        "facility": codes.get(action.audit_id, ""),
    }


def _facility_codes(session, facility_ids) -> dict[int, str]:
    ids = sorted(set(facility_ids))
    return (
        dict(session.exec(select(Facility.id, Facility.code).where(Facility.id.in_(ids))).all())
        if ids
        else {}
    )


def _action_due(scan: Scan) -> None:
    rule = scan.active("action_due")
    if rule is None or not rule.days:
        return
    rows = _action_rows(scan, _within(CorrectiveAction.due, scan.today, rule.days))
    codes = _facility_codes(scan.session, (f for _, _, f in rows))
    for action, owner, facility_id in rows:
        stage = stage_for((action.due - scan.today).days, rule.days)
        if stage is not None:
            context = _action_context(
                action, owner, scan.today, {action.audit_id: codes[facility_id]}
            )
            scan.add(rule, f"{context['action']}:{action.due}:d{stage}", [owner], context=context)


def _actions_overdue(scan: Scan) -> None:
    """Daily to the owner; once to the facility manager and once to compliance officers when
    an action has been overdue long enough."""
    daily, manager_rule, officer_rule = (
        scan.active(k)
        for k in ("action_overdue", "action_escalation_manager", "action_escalation_compliance")
    )
    active = [r for r in (daily, manager_rule, officer_rule) if r and r.days]
    if not active:
        return
    first = min(min(r.days) for r in active)
    rows = _action_rows(scan, CorrectiveAction.due <= scan.today - timedelta(days=first))
    codes = _facility_codes(scan.session, (f for _, _, f in rows))
    officers = compliance_officers(scan.session) if officer_rule else []
    for action, owner, facility_id in rows:
        context = _action_context(action, owner, scan.today, {action.audit_id: codes[facility_id]})
        late, ref = context["days_overdue"], context["action"]
        if daily and daily.days and late >= min(daily.days):
            scan.add(daily, f"{ref}:{action.due}:{scan.today}", [owner], context=context)
        if manager_rule and manager_rule.days and late >= min(manager_rule.days):
            manager = facility_manager(scan.session, facility_id)
            scan.add(
                manager_rule, f"{ref}:{action.due}", [manager] if manager else [], context=context
            )
        if officer_rule and officer_rule.days and late >= min(officer_rule.days):
            scan.add(officer_rule, f"{ref}:{action.due}", officers, context=context)


def _weekly_digest(scan: Scan) -> None:
    rule = scan.active("weekly_digest")
    if rule is None or scan.today.weekday() < WEEKDAYS.index(rule.weekday or "mon"):
        return
    week = iso_week(scan.today)
    for email, facility_ids in managers(scan.session).items():
        codes = sorted(_facility_codes(scan.session, facility_ids).values())
        overdue = scan.session.exec(
            select(func.count())
            .select_from(CorrectiveAction)
            .join(Audit, Audit.id == CorrectiveAction.audit_id)
            .where(
                Audit.facility_id.in_(facility_ids),
                CorrectiveAction.due < scan.today,
                CorrectiveAction.status.in_(OPEN_ACTION),
            )
        ).one()
        context = {"manager": email, "week": week, "facilities": codes, "overdue": overdue}
        scan.add(
            rule,
            f"{email}:{week}",
            [email],
            context=context,
            attachments=[
                {"kind": "report", "report": "portfolio", "filename": f"portfolio-{week}.pdf"}
            ],
        )


def _final_reports(scan: Scan) -> None:
    rule = scan.active("final_report")
    if rule is None:
        return
    rows = scan.session.exec(
        select(Audit, Facility)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(
            Audit.closed_at >= scan.now - FINAL_REPORT_CATCH_UP,
            Audit.closed_at <= scan.now,
            Audit.status == AuditStatus.CLOSED.value,
        )
    ).all()
    for audit, facility in rows:
        manager = facility_manager(scan.session, facility.id)
        context = {
            **_audit_context(scan.session, audit, facility),
            "closed_on": audit.closed_at.date().isoformat(),
        }
        scan.add(
            rule,
            f"{context['audit']}:{context['closed_on']}",
            [manager] if manager else [],
            context=context,
            attachments=[
                {
                    "kind": "final_report",
                    "audit_id": audit.id,
                    "filename": f"{context['audit']}-{facility.code}-final.pdf",
                }
            ],
        )
