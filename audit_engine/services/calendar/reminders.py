"""The tick's reminder scan: find what is due as of `now` and enqueue one outbox row each.

Every query is a range on an indexed date column (fieldwork start, audit due, action due,
closing time), so the cost follows what is due, not table size. Rows are keyed (rule,
subject, date) and inserted with ON CONFLICT DO NOTHING: running a tick twice, or two
schedulers at once, queues nothing twice. After downtime the next tick sends what was missed,
once: a stage whose window is still open, today's overdue notice, this week's digest.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property

from audit_engine.domain.formats.times import moment_text, wall_clock, zone_name
from audit_engine.domain.rules.facility_risk import audit_overdue, days_audit_overdue
from audit_engine.domain.rules.lifecycle import NOT_SUBMITTED, AuditStatus, display_id
from audit_engine.domain.rules.permissions import Grant
from audit_engine.domain.rules.reminders import Rule, stage_for
from audit_engine.services.calendar.action_reminders import queue_action_reminders
from audit_engine.services.calendar.digests import queue_weekly_digests
from audit_engine.services.calendar.fieldwork_window import FIELDWORK_HOURS
from audit_engine.services.calendar.reminder_rules import effective_rules
from audit_engine.services.mail import outbox
from audit_engine.services.mail.links import audit_path, readable_by_all
from audit_engine.services.mail.recipients import (
    audit_team,
    managers_or_officers,
    without_opt_outs,
)
from audit_engine.services.mail.role_holders import active_grants, officers
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries import reminder_scans as scans

FINAL_REPORT_CATCH_UP = timedelta(days=30)


class Scan:
    """One reminder scan inside one write transaction; collects rows, enqueues at the end."""

    def __init__(self, session, now: datetime, mail_domain: str) -> None:
        self.session, self.now, self.today = session, now, now.date()
        self.domain = mail_domain
        self.rules = effective_rules(session)
        self.rows: list[dict] = []

    @cached_property
    def grants(self) -> dict[str, list[Grant]]:
        """Every active user's grants (role_holders.active_grants), read once per scan: each
        due audit's link and recipients, the action reminders and the digests use them."""
        return active_grants(self.session)

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


def queue_due_reminders(session, now: datetime, mail_domain: str, *,
                        skip_empty_digests: bool = True) -> int:
    scan = Scan(session, now, mail_domain)
    for step in (
        _fieldwork_starting,
        _audit_due,
        _audit_overdue,
        queue_action_reminders,  # one message a day per person (calendar/action_reminders.py)
        lambda s: queue_weekly_digests(s, skip_empty_digests),
        _final_reports,
    ):
        step(scan)
    return outbox.enqueue(session, scan.rows)


def _last_day(today: date, days: tuple[int, ...]) -> date:
    """The end of a rule's window: its longest lead time from today."""
    return today + timedelta(days=max(days))


def _audit_context(session, audit: Audit, facility: Facility) -> dict:
    return {
        "audit": display_id("audit", audit.id),
        "facility": facility.code,
        "facility_name": facility.name,
        "period": audit.period,
        "status": audit.status,
        "due": audit.due.isoformat() if audit.due else None,
        "time_zone": zone_name(facility.time_zone),  # the zone the mail's times are in
    }


def _fieldwork_starting(scan: Scan) -> None:
    rule = scan.active("fieldwork_starting")
    if rule is None or not rule.days:
        return
    rows = scans.windows_starting(scan.session, scan.today, _last_day(scan.today, rule.days),
                                  AuditStatus.PLANNED.value)
    for window, audit, facility in rows:
        left = (window.starts_on - scan.today).days
        stage = stage_for(left, rule.days)
        if stage is None:
            continue
        context = {
            **_audit_context(scan.session, audit, facility),
            "days_left": left,
            "starts_on": window.starts_on.isoformat(),
            "starts_at": moment_text(wall_clock(window.starts_on, FIELDWORK_HOURS[0],
                                                facility.time_zone), facility.time_zone),
            "ends_on": window.ends_on.isoformat(),
        }
        _to_team(scan, rule, f"{context['audit']}:{window.starts_on}:d{stage}", audit,
                 facility, context)


def _audit_due(scan: Scan) -> None:
    rule = scan.active("audit_due")
    if rule is None or not rule.days:
        return
    rows = scans.audits_due(scan.session, scan.today, _last_day(scan.today, rule.days),
                            NOT_SUBMITTED)
    unanswered = scans.unanswered_counts(scan.session, [a.id for a, _ in rows])
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
        _to_team(scan, rule, f"{context['audit']}:{audit.due}:d{stage}", audit, facility,
                 context)


def _to_team(scan: Scan, rule: Rule, key: str, audit: Audit, facility: Facility,
             context: dict) -> None:
    """To the audit's team, linking to the audit's page."""
    team = audit_team(scan.session, audit)
    context["link"] = readable_by_all(scan.grants, team, facility.code, audit_path(audit.id))
    scan.add(rule, key, team, context=context)


def _audit_overdue(scan: Scan) -> None:
    """Once per audit and due date, as soon as it is past due and not submitted
    (domain.rules.facility_risk.audit_overdue): to the lead and the compliance officers."""
    rule = scan.active("audit_overdue")
    if rule is None:
        return
    rows = scans.audits_due(scan.session, date(2000, 1, 1), scan.today - timedelta(days=1),
                            NOT_SUBMITTED)
    rows = [(a, f) for a, f in rows if audit_overdue(a.status, a.due, scan.today)]
    unanswered = scans.unanswered_counts(scan.session, [a.id for a, _ in rows])
    officers_now = officers(scan.grants) if rows else []
    for audit, facility in rows:
        context = {**_audit_context(scan.session, audit, facility),
                   "days_overdue": days_audit_overdue(audit.status, audit.due, scan.today),
                   "unanswered": unanswered.get(audit.id, 0)}
        people = sorted(set(audit_team(scan.session, audit, lead_only=True)) | set(officers_now))
        context["link"] = readable_by_all(scan.grants, people, facility.code,
                                          audit_path(audit.id))
        scan.add(rule, f"{context['audit']}:{audit.due}", people, context=context)


def _final_reports(scan: Scan) -> None:
    rule = scan.active("final_report")
    if rule is None:
        return
    rows = scans.audits_closed_between(scan.session, scan.now - FINAL_REPORT_CATCH_UP,
                                       scan.now, AuditStatus.CLOSED.value)
    for audit, facility in rows:
        recipients, unmanaged = managers_or_officers(scan.grants, facility.code)
        context = {
            **_audit_context(scan.session, audit, facility),
            "closed_on": audit.closed_at.date().isoformat(),
            "no_manager": unmanaged,
            "link": readable_by_all(scan.grants, recipients, facility.code,
                                    audit_path(audit.id)),
        }
        scan.add(
            rule,
            f"{context['audit']}:{context['closed_on']}",
            recipients,
            context=context,
            attachments=[
                {
                    "kind": "final_report",
                    "audit_id": audit.id,
                    "filename": f"{context['audit']}-{facility.code}-final.pdf",
                }
            ],
        )
