"""The weekly digest: to each manager, about the facilities whose portfolio they may read.

Recipients are the people who manage at least one facility (domain.permissions.is_manager_of).
The scope of each digest, and of the portfolio PDF attached to it, is every facility whose
portfolio the recipient may read (the `portfolio.read` rule of domain/rules/permissions.py, as on
the web's portfolio): a manager who also audits elsewhere gets only the facilities they manage.
A digest with nothing to report (no unverified corrective action and no open audit in scope) is
skipped unless the setting `digest_skip_empty` is off.
Overdue is domain/rules/overdue.py's rule, as in the attached report.
"""

from __future__ import annotations

from datetime import timedelta

from audit_engine.domain.formats.labels import criterion_ref
from audit_engine.domain.rules.facility_risk import audit_overdue, days_audit_overdue
from audit_engine.domain.rules.lifecycle import OPEN_AUDIT, display_id
from audit_engine.domain.rules.overdue import days_overdue, is_overdue
from audit_engine.domain.rules.permissions import managed_facilities, readable_facilities
from audit_engine.domain.rules.reminders import WEEKDAYS, iso_week
from audit_engine.services.mail.links import DASHBOARD, action_path, readable_by_all
from audit_engine.storage.outbox import latest_context_before
from audit_engine.storage.queries import reminder_scans as scans
from audit_engine.storage.queries.facilities import facility_codes
from audit_engine.storage.queries.people import names_by_email

DUE_WITHIN = timedelta(days=30)


def queue_weekly_digests(scan, skip_empty: bool = True) -> None:
    rule = scan.active("weekly_digest")
    if rule is None or scan.today.weekday() < WEEKDAYS.index(rule.weekday or "mon"):
        return
    week = iso_week(scan.today)
    grants = scan.grants
    codes = facility_codes(scan.session)
    recipients = sorted(p for p, held in grants.items() if managed_facilities(held))
    actions, audits = _open_actions(scan.session), _open_audits(scan.session)
    names = names_by_email(scan.session, recipients)
    for person in recipients:
        scope = portfolio_scope(grants[person], codes)
        context = digest_context(person, names.get(person, ""), week, scope, actions, audits,
                                 scan.today)
        _link_lines(context, grants[person])
        earlier = previous_digest(scan.session, person, week)
        if skip_empty and not worth_sending(context, earlier):
            continue
        context["attached"] = wants_pdf(scan.session, person)
        scan.add(rule, f"{person}:{week}", [person], context=context, attachments=[
            {"kind": "report", "report": "portfolio", "filename": f"portfolio-{week}.pdf",
             "facilities": scope}] if context["attached"] else [])


def previous_digest(session, person: str, week: str) -> dict | None:
    prefix = f"weekly_digest:{person}:"
    return latest_context_before(session, prefix, f"{prefix}{week}")


def listed(context: dict | None) -> set[str]:
    """The lines a digest listed: overdue actions and audits, audits due soon."""
    if not context:
        return set()
    return ({f"action:{a['action']}" for a in context.get("overdue_actions", ())}
            | {f"overdue:{a['audit']}" for a in context.get("overdue_audits", ())}
            | {f"due:{a['audit']}" for a in context.get("audits_due", ())})


def worth_sending(context: dict, earlier: dict | None) -> bool:
    """Something overdue (an action past due and not verified, an audit past due and not
    submitted), or a line the person's previous digest did not list (new). Each line
    is marked `new` for the message."""
    before = listed(earlier)
    for key, lines in (("action", context["overdue_actions"]),
                       ("overdue", context["overdue_audits"]), ("due", context["audits_due"])):
        for line in lines:
            line["new"] = f"{key}:{line.get('action') or line['audit']}" not in before
    return bool(context["overdue_actions"] or context["overdue_audits"]
                or listed(context) - before)


def wants_pdf(session, person: str) -> bool:
    """The portfolio PDF rides along only for those who asked for it (their preferences)."""
    from audit_engine.storage.inbox import attaches_pdf

    return attaches_pdf(session, person, "weekly_digest")


def _link_lines(context: dict, held) -> None:
    """Each line links to its page where the manager may read it; the digest to the dashboard."""
    grants = {context["manager"]: held}
    for line in context["overdue_actions"]:
        line["link"] = readable_by_all(grants, grants, line["facility"],
                                       action_path(line["action"]))
    for line in context["audits_due"] + context["overdue_audits"]:
        line["link"] = readable_by_all(grants, grants, line["facility"],
                                       f"/audits/{line['audit']}")
    context["link"] = DASHBOARD


def portfolio_scope(held, every_code) -> list[str]:
    """The facilities whose portfolio someone holding `held` may read, sorted."""
    readable = readable_facilities(held, "portfolio.read")
    return sorted(c for c in every_code if readable is None or c in readable)


def digest_context(person, name, week, scope, actions, audits, today) -> dict:
    inside = set(scope)
    mine = [a for a in actions if a["facility"] in inside]
    overdue = [dict(a, days_overdue=days_overdue(a["status"], a["due_date"], today))
               for a in mine if is_overdue(a["status"], a["due_date"], today)]
    overdue.sort(key=lambda a: (-a["days_overdue"], a["action"]))
    open_audits = [a for a in audits if a["facility"] in inside]
    due_soon = [a for a in open_audits
                if a["due_date"] and today <= a["due_date"] <= today + DUE_WITHIN]
    late = [dict(a, days_overdue=days_audit_overdue(a["status"], a["due_date"], today))
            for a in open_audits if audit_overdue(a["status"], a["due_date"], today)]
    return {
        "manager": person, "name": name, "week": week, "facilities": list(scope),
        "overdue": len(overdue),
        "overdue_actions": [{k: v for k, v in a.items() if k != "due_date"} for a in overdue],
        "open_actions": len(mine), "open_audits": len(open_audits),
        "audits_due": [{k: v for k, v in a.items() if k != "due_date"} for a in due_soon],
        "overdue_audits": [{k: v for k, v in a.items() if k != "due_date"} for a in late],
    }


def _open_actions(session) -> list[dict]:
    """Every unverified action: an audit's, named by its finding and criterion, and a risk
    assessment's action-plan item, named by its assessment (the portfolio's one query)."""
    from audit_engine.services.reports.portfolio_data import open_action_views

    return [{
        "action": view.id, "label": view.label, "facility": view.facility_code,
        "owner": f"{view.owner_name} <{view.owner}>" if view.owner_name else view.owner,
        "status": view.status, "due": view.due.isoformat() if view.due else None,
        "due_date": view.due,
        "criterion": criterion_ref(view.checklist_hash, view.criterion_id, view.finding_id),
    } for view in open_action_views(session, None)]


def _open_audits(session) -> list[dict]:
    rows = scans.audits_in(session, OPEN_AUDIT)
    return [{"audit": display_id("audit", a.id), "facility": code, "period": a.period,
             "due": a.due.isoformat() if a.due else "", "due_date": a.due, "status": a.status}
            for a, code in rows]
