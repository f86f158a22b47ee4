"""The administration pages' words for the reminder rules (what each rule sends, to whom) and
for a subscription's last run, in the page's language. A rule's English is its own description
(domain/rules/reminders.py); a test keeps the two equal, so a new rule without words here
fails."""

from __future__ import annotations

import re

from audit_engine.languages.current import N_, gettext

RULE_WORDS = {
    "fieldwork_invite": N_("calendar invite when a fieldwork window is set or moves (lead, team,"
                           " manager)"),
    "fieldwork_starting": N_("fieldwork starts in N days (lead and team)"),
    "audit_due": N_("audit due in N days, with the count of unanswered criteria (lead and team)"),
    "action_due": N_("corrective action due in N days (owner)"),
    "action_overdue": N_("corrective action overdue, daily from N days late (owner; implemented:"
                         " verifiers)"),
    "action_escalation_manager": N_("corrective action N days overdue (managers of the"
                                    " facility, not the owner)"),
    "action_escalation_compliance": N_("corrective action N days overdue (compliance officers;"
                                       " from the manager's N when the owner manages the"
                                       " facility)"),
    "weekly_digest": N_("weekly digest with the portfolio PDF of the recipient's facilities"
                        " (each manager)"),
    "final_report": N_("final report PDF when an audit closes (the facility's managers; none:"
                       " the compliance officers)"),
    "audit_submitted": N_("an audit was submitted: review and approve it (its approvers)"),
    "action_assigned": N_("a corrective action was given to you (its owner)"),
    "action_implemented": N_("a corrective action was implemented: verify it (those who may"
                             " verify it, never the implementer)"),
    "action_rejected": N_("a corrective action was rejected, with the reason (its owner)"),
    "audit_overdue": N_("an audit is past due and not submitted (the lead and the compliance"
                        " officers)"),
    "subscription": N_("scheduled report subscriptions (their recipients)"),
}


# A rule's (or an outbox row's) name on a page: the keys are the command line's and the
# outbox's, never shown.
RULE_NAMES = {
    "fieldwork_invite": N_("Fieldwork invitation"),
    "fieldwork_starting": N_("Fieldwork starting"),
    "audit_due": N_("Audit due"),
    "action_due": N_("Corrective action due"),
    "action_overdue": N_("Corrective action overdue"),
    "action_escalation_manager": N_("Escalation to the facility's managers"),
    "action_escalation_compliance": N_("Escalation to compliance officers"),
    "weekly_digest": N_("Weekly digest"),
    "final_report": N_("Final report"),
    "audit_submitted": N_("Audit submitted"),
    "action_assigned": N_("Corrective action assigned"),
    "action_implemented": N_("Corrective action implemented"),
    "action_rejected": N_("Corrective action rejected"),
    "audit_overdue": N_("Audit overdue"),
    "subscription": N_("Report subscription"),
    "action_reminder": N_("Daily corrective-action reminder"),
    "account_invitation": N_("Invitation"),
    "password_reset": N_("Password reset"),
    "webhook": N_("Webhook"),
    "chat": N_("Chat post"),
}


# A subscription's last run as stored (services/calendar/subscriptions.py: English, for the
# command line): "queued", or "skipped: <why>".
OUTCOMES = {
    "queued": N_("queued"),
    "skipped: no audits yet": N_("skipped: no audits yet"),
    "skipped: no open corrective actions": N_("skipped: no open corrective actions"),
    "skipped: no audit for this facility": N_("skipped: no audit for this facility"),
    "skipped: rule disabled": N_("skipped: the subscription rule is off"),
}
UNCHANGED = re.compile(r"skipped: (\S+) unchanged since the last run")


def outcome_words(stored: str) -> str:
    """A subscription's last run in the page's language (an unknown one as it is stored)."""
    unchanged = UNCHANGED.fullmatch(stored)
    if unchanged:
        return gettext("skipped: %(audit)s unchanged since the last run", audit=unchanged[1])
    return gettext(OUTCOMES[stored]) if stored in OUTCOMES else stored
