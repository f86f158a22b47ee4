"""The administration pages' words for the reminder rules: what each rule sends, to whom, in
the page's language. The English is the rule's own description (domain/rules/reminders.py);
a test keeps the two equal, so a new rule without words here fails."""

from __future__ import annotations

from audit_engine.languages.current import N_

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
