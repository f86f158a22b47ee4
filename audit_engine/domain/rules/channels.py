"""How a person is told of each kind of message: by mail, in the app's inbox, both, or not.

Pure Python. Everyone starts with both. A mandatory rule (the admin's choice on the reminder
rules) always reaches the person by mail: they may add or drop the inbox copy, not the mail.
"""

from __future__ import annotations

from audit_engine.domain.words import N_

CHANNELS = ("both", "mail", "inbox", "none")
DEFAULT = "both"
INBOX_DAYS = 90  # how long inbox items are kept
# Kinds a person never chooses: a link to set a password, a report mailed to a list.
NOT_CHOSEN = frozenset({"account_invitation", "password_reset", "subscription", "webhook", "chat"})



# What people read on the preferences page, per kind (the rule keys of domain/rules/reminders):
# English, marked for the catalogue; the page says them in its reader's language.
KIND_NAMES = {
    "audit_submitted": N_("An audit is submitted for your review"),
    "action_assigned": N_("A corrective action is given to you"),
    "action_implemented": N_("A corrective action is ready for your verification"),
    "action_rejected": N_("Your corrective action is rejected"),
    "audit_overdue": N_("An audit is past due and not submitted"),
    "fieldwork_invite": N_("Fieldwork dates (calendar invite)"),
    "fieldwork_starting": N_("Fieldwork starts soon"),
    "audit_due": N_("An audit is due soon"),
    "action_reminder": N_("Your daily corrective-action reminder"),
    "weekly_digest": N_("The weekly digest of your facilities"),
    "final_report": N_("The final report of a closed audit"),
}


def allowed(mandatory: bool) -> tuple[str, ...]:
    return ("both", "mail") if mandatory else CHANNELS


def effective(chosen: str | None, mandatory: bool) -> str:
    """The channel in force: the person's choice when the rule allows it, else both."""
    channel = chosen or DEFAULT
    return channel if channel in allowed(mandatory) else DEFAULT


def by_mail(channel: str) -> bool:
    return channel in ("both", "mail")


def in_inbox(channel: str) -> bool:
    return channel in ("both", "inbox")
