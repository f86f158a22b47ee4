"""The web's words for who may do what: one phrase per permission, role and duty rule, and the
plain-words form of every refusal a page shows.

Services and the CLI speak of permission keys (`action.verify`) and role names
(`compliance_officer`); a page never does. A test keeps DOING equal to the permission table, so
a new permission without a phrase fails, and scans every template and refusal for internal
words.
"""

from __future__ import annotations

import re

from audit_engine.domain.errors import (
    AuditEngineError,
    PermissionDenied,
    ReadRefused,
    StorageUnavailable,
    shown_on_the_web,
)
from audit_engine.domain.rules.permissions import PERMISSIONS, READS
from audit_engine.languages.current import N_, error_text, say
from audit_engine.languages.current import gettext as _

ROLE_WORDS = {
    "admin": N_("an administrator"),
    "compliance_officer": N_("a compliance officer"),
    "auditor": N_("an auditor"),
    "manager": N_("the facility's manager"),
    "action_owner": N_("the action's owner"),
}

# A role's name in a list or a menu: the words the reports and mails use for it.
ROLE_NAMES = {
    "admin": N_("administrator"),
    "compliance_officer": N_("compliance officer"),
    "auditor": N_("auditor"),
    "manager": N_("manager"),
    "action_owner": N_("action owner"),
}

OR, NOBODY = N_("or"), N_("nobody")

# What each permission lets someone do, as the end of "Only ... can <doing>".
DOING = {
    "user.add": N_("add people"),
    "user.edit": N_("change people's access"),
    "facility.add": N_("add a facility"),
    "facility.edit": N_("change a facility"),
    "audit.plan": N_("plan an audit"),
    "audit.start": N_("start fieldwork"),
    "audit.submit": N_("submit the audit for review"),
    "audit.return": N_("send the audit back to fieldwork"),
    "audit.approve": N_("approve the findings"),
    "audit.close": N_("close the audit"),
    "audit.cancel": N_("cancel the audit"),
    "answer.record": N_("answer criteria"),
    "evidence.add": N_("add evidence"),
    "finding.confirm": N_("confirm a finding"),
    "finding.dismiss": N_("dismiss a finding"),
    "action.add": N_("add a corrective action"),
    "action.reassign": N_("give an action to someone else"),
    "action.start": N_("start work on the fix"),
    "action.implement": N_("mark the fix as done"),
    "action.verify": N_("verify the fix"),
    "action.reject": N_("send the fix back"),
    "risk.record": N_("work on a risk assessment"),
    "risk.complete": N_("complete a risk assessment"),
    "risk.view": N_("see risk assessments"),
    "trail.rotate_key": N_("change the audit trail's key"),
    "outbox.retry": N_("send a message again"),
}

# What each read covers, as the end of "Only ... can see <reading>".
READING = {
    "audit.read": N_("this facility's audits"),
    "portfolio.read": N_("every facility side by side"),
    "outbox.read": N_("the messages sent"),
}

# Separation-of-duties rules (PermissionDenied.duty): what stands in the way, said to "you".
DUTIES = {
    "lead": N_("only the lead auditor submits the audit"),
    "lead_severity": N_("only the lead auditor changes a finding's severity"),
    "submitter": N_("you submitted this audit, so someone else approves it"),
    "implementer": N_("you worked on this fix (implemented it or added its evidence), so someone"
                   " else verifies it"),
    "owner": N_("only the action's owner or the facility's manager works on it"),
}

# Shell commands some service messages mention, in words for a page.
_COMMAND_ASIDE = re.compile(r"\s*\([^()]*`audit-engine [^`]*`[^()]*\)")
_COMMAND = re.compile(r"(?:run |use |with )?`audit-engine [^`]*`(?: first)?")
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")
_NEEDS_ROLE = re.compile(r"needs role ((?:[a-z_]+)(?: or [a-z_]+)*)")
INTERNAL_WORDS = tuple(sorted({*PERMISSIONS, *READS, *ROLE_WORDS} - {"admin", "auditor",
                                                                      "manager"}))


def role_word(role: str) -> str:
    """'compliance officer': a role's name in a list or a menu (in the page's language)."""
    name = ROLE_NAMES.get(str(role))
    return _(name) if name else str(role).replace("_", " ")


def role_words(roles, say=_) -> str:
    """'a compliance officer or an auditor', in the table's order (`say`: in the page's
    language; `str` keeps a service's English message English)."""
    names = [say(ROLE_WORDS[r]) for r in ROLE_WORDS if r in {str(x) for x in roles}]
    return f" {say(OR)} ".join(names) if names else say(NOBODY)


def who_may(permission: str) -> str:
    """'Only a compliance officer or an auditor can verify the fix'."""
    return _("Only %(who)s can %(doing)s", who=role_words(PERMISSIONS[permission]),
             doing=_(DOING[permission]))


def why_not(permission: str | None, duty: str | None, detail: str | None) -> str:
    """A step someone may take later, and why not now, in one sentence."""
    if duty:
        lead = f"{who_may(permission)}; " if permission and duty != "owner" else ""
        text = lead + _(DUTIES[duty])
    elif detail:
        text = _("Not yet: %(why)s", why=plain(say(detail)))
    else:
        text = who_may(permission) if permission else _("Not now")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def refusal(error: AuditEngineError) -> str:
    """The message a page shows for a refused request, in the page's language: the fixed
    phrases here, and a service's message made with `said` (the services speak English;
    one not made so stays English)."""
    if isinstance(error, StorageUnavailable):  # the store's address is the operator's business
        return _("Files cannot be stored or read just now; nothing was saved. Try again shortly.")
    if isinstance(error, PermissionDenied) and (error.permission or error.duty):
        if error.duty:
            return why_not(error.permission, error.duty, None)
        if error.facility:
            return _("%(who_may)s at %(facility)s.", who_may=who_may(error.permission),
                     facility=error.facility)
        return f"{who_may(error.permission)}."
    if error.words is not None and not isinstance(error, ReadRefused):
        return plain(error_text(error))
    return plain(say(shown_on_the_web(error)))  # a refused read's "not found" as said


def plain(text: str) -> str:
    """Internal words in a service message put in everyday words: commands dropped (an
    administrator's job), permission keys and role names spelled out."""
    text = _COMMAND_ASIDE.sub("", text)
    text = _COMMAND.sub("ask an administrator", text)
    text = _OPTION.sub(r"\1", text)  # a command-line option named in a service message
    text = _NEEDS_ROLE.sub(lambda m: "needs to be " + role_words(m.group(1).split(" or "), str),
                           text)
    for key in sorted({**DOING, **READING}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(key)}\b", {**DOING, **READING}[key], text)
    for role, words in ROLE_WORDS.items():  # not twice: "the facility's manager" stays
        text = re.sub(rf"(?<!facility's )\b{role}\b", words.split(" ", 1)[1], text)
    return text
