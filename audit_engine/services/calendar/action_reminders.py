"""The tick's corrective-action reminders: one message a day per person, listing them all.

One outbox row per person and day (dedupe key `action_reminder:<email>:<day>`), so a second
tick the same day, or two schedulers at once, queue nothing twice. Who hears about what is
domain/rules/action_reminders.py; this module gathers the facts in a handful of queries (unverified
actions due soon or overdue, the role holders, names, opt-outs, each person's previous message).
"""

from __future__ import annotations

from datetime import timedelta

from audit_engine.domain.formats.labels import criterion_ref, finding_label
from audit_engine.domain.rules import action_reminders as plan
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.overdue import UNVERIFIED
from audit_engine.services.mail import outbox
from audit_engine.services.mail.links import action_path, readable_by_all
from audit_engine.services.mail.role_holders import (
    managers_by_facility,
    officers,
    verifiers,
)
from audit_engine.services.risk.views import risk_action_label_of
from audit_engine.storage.outbox import latest_context_before
from audit_engine.storage.queries import reminder_scans as scans
from audit_engine.storage.queries.people import emails_by_id, names_by_email
from audit_engine.storage.queries.reminder_settings import opt_outs_by_email
from audit_engine.storage.snapshots import criterion_titles


def thresholds(rules) -> plan.Thresholds:
    def first(key):
        rule = rules[key]
        return min(rule.days) if rule.enabled and rule.days else None

    due = rules["action_due"]
    return plan.Thresholds(overdue=first("action_overdue"),
                           due_stages=tuple(due.days) if due.enabled else (),
                           manager=first("action_escalation_manager"),
                           compliance=first("action_escalation_compliance"))


def queue_action_reminders(scan) -> None:
    """Append today's daily messages to `scan.rows` (services.reminders.Scan)."""
    limits = thresholds(scan.rules)
    horizon = scan.today + timedelta(days=max(limits.due_stages, default=0))
    grants = scan.grants
    facts = action_facts(scan.session, grants, horizon)
    if not facts:
        return
    by_person = plan.sections_by_person(facts, officers(grants), scan.today, limits)
    names = names_by_email(scan.session, by_person)
    opted = opt_outs_by_email(scan.session, by_person)
    for person, sections in sorted(by_person.items()):
        sections = {key: items for key, items in sections.items()
                    if not _opted_out(scan.rules[plan.RULE_OF[key]], opted.get(person, set()))}
        earlier = plan.listed_keys(previous_message(scan.session, person, scan.today))
        if sections and plan.with_news(sections, earlier):
            context = plan.message_context(person, names.get(person, ""), scan.today, sections)
            _link_entries(context, grants, person)
            scan.rows.append(outbox.outbox_row(
                rule=plan.MESSAGE_RULE, key=f"{person}:{scan.today}", recipients=[person],
                template=plan.MESSAGE_RULE, context=context, now=scan.now,
                mail_domain=scan.domain))


def action_facts(session, grants, horizon) -> list[plan.RemindedAction]:
    """Unverified actions due by `horizon`: an audit's, and a risk assessment's action-plan
    items (no finding, no audit: their facility is the assessed one)."""
    rows = scans.actions_due_by(session, UNVERIFIED, horizon)
    if not rows:
        return []
    titles = criterion_titles(session, {r[2] for r in rows if r[2]})
    emails = emails_by_id(session, [r[3] for r in rows] + [r[0].implemented_by_id for r in rows])
    managers = managers_by_facility(grants, {r[4] for r in rows})
    return [
        plan.RemindedAction(
            ref=display_id("action", action.id),
            label=_label(session, action, criterion, titles.get(checklist, {})),
            facility=code, audit=_source(action), owner=owner,
            owner_label=f"{name} <{owner}>" if name else owner, due=action.due,
            status=action.status, plan=action.plan, managers=tuple(managers[code]),
            verifiers=tuple(verifiers(grants, code, emails.get(lead),
                                      emails.get(action.implemented_by_id))),
            criterion=criterion_ref(checklist, criterion, display_id("finding", action.finding_id))
            if action.finding_id else None)
        for action, criterion, checklist, lead, code, owner, name in rows
    ]


def _label(session, action, criterion: str | None, titles: dict[str, str]) -> str:
    """As in the reports: the finding and criterion, or the risk assessment and its item."""
    if action.finding_id is None:
        return risk_action_label_of(session, action)
    return finding_label(display_id("finding", action.finding_id), criterion or "",
                         titles.get(criterion or "", ""))


def _source(action) -> str:
    """Where the action comes from: its audit, or its risk assessment."""
    if action.audit_id is not None:
        return display_id("audit", action.audit_id)
    return display_id("risk", action.risk_assessment_id)


def _link_entries(context: dict, grants, person: str) -> None:
    """Each action links to its page, where the person may read it (an audit's facility)."""
    for section in context["sections"]:
        for entry in section["entries"]:
            entry["link"] = readable_by_all(grants, [person], entry["facility"],
                                            action_path(entry["action"]))


def _opted_out(rule, opted: set[str]) -> bool:
    return not rule.mandatory and bool(opted & {rule.key, "*"})


def previous_message(session, person: str, today) -> dict | None:
    """The context of the person's latest daily message before today (keys sort by date)."""
    prefix = f"{plan.MESSAGE_RULE}:{person}:"
    return latest_context_before(session, prefix, f"{prefix}{today.isoformat()}")
