"""Hand-offs: when one person's step makes work for another, tell them at once.

The service that takes the step hands its trail event here (`tell`, in the transaction that
records it), so a hand-off exists if and only if its cause committed. One outbox row per
event, keyed by the event's trail position: queued once, sent once.

- audit submitted -> its approvers (compliance officers and managers of the facility; never
  the submitter);
- corrective action added or reassigned -> its owner (whatever the due date);
- action implemented -> those who may verify it (the audit's lead and team and the facility's
  auditors, else the compliance officers; never the implementer);
- action rejected -> its owner, with the reason.

Each message links to the page where the recipient acts, when they may read it.
"""

from __future__ import annotations

import json

from audit_engine.domain.rules.permissions import PERMISSIONS, holds
from audit_engine.services.mail.links import action_path, audit_path, readable_by_all
from audit_engine.services.mail.recipients import without_opt_outs
from audit_engine.services.mail.role_holders import active_grants, verifiers
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.handoffs import action_facts, audit_facts
from audit_engine.storage.queries.people import names_by_email
from audit_engine.storage.queries.reminder_settings import rules_in_force
from audit_engine.storage.queries.teams import team_emails

# trail action -> (rule and template, who)
EVENTS = {
    "audit.submit": "audit_submitted",
    "action.add": "action_assigned",
    "action.reassign": "action_assigned",
    "action.implement": "action_implemented",
    "action.reject": "action_rejected",
}


def tell(uow: UnitOfWork, *records) -> int:
    """Queue the hand-offs of these trail records in the uow's open transaction (the unit of
    work names the mail domain of their Message-IDs)."""
    return queue_handoffs(uow.session, records, uow.mail_domain or "localhost")


def queue_handoffs(session, records, mail_domain: str) -> int:
    """Queue a hand-off for each trail record that is one (in the caller's transaction)."""
    wanted = [r for r in records if r.action in EVENTS]
    if not wanted:
        return 0
    from audit_engine.services.mail import outbox  # it appends trail events: import late

    rules, grants = rules_in_force(session), active_grants(session)
    rows = []
    for record in wanted:
        rule = rules[EVENTS[record.action]]
        made = _message(session, grants, record) if rule.enabled else None
        if made is None:
            continue
        recipients, context = made
        recipients = without_opt_outs(session, rule, recipients)
        if recipients:
            rows.append(outbox.outbox_row(
                rule=rule.key, key=f"{record.subject}:{record.seq}", recipients=recipients,
                template=rule.key, context=context, now=record.at, mail_domain=mail_domain))
    return outbox.enqueue(session, rows)


def _message(session, grants, record) -> tuple[list[str], dict] | None:
    actor = record.actor  # a stored event: its actor column holds the e-mail
    payload = json.loads(record.payload) if isinstance(record.payload, str) else {}
    if record.action == "audit.submit":
        facts = audit_facts(session, record.subject)
        approvers = sorted(p for p, held in grants.items()
                           if p != actor and holds(held, PERMISSIONS["audit.approve"],
                                                   facts["facility"]))
        return approvers, _context(session, grants, approvers, facts, actor,
                                   audit_path(facts["audit_id"]))
    facts = action_facts(session, record.subject)
    if facts is None:
        return None
    if record.action == "action.implement":
        team = team_emails(session, facts["audit_id"]) if facts["audit_id"] else ()
        people = verifiers(grants, facts["facility"], facts["lead"], actor, team)
    else:
        people = [facts["owner"]] if facts["owner"] and facts["owner"] in grants else []
    context = _context(session, grants, people, facts, actor, action_path(record.subject))
    context["reason"] = payload.get("note") or ""
    return people, context


def _context(session, grants, people, facts: dict, by: str, path: str) -> dict:
    """`by`: the e-mail of who took the step (as the trail records it)."""
    name = names_by_email(session, [by]).get(by)
    return {**{k: v for k, v in facts.items() if k not in ("audit_id", "lead")},
            "by": f"{name} ({by})" if name else by,
            "link": readable_by_all(grants, people, facts["facility"], path)}


