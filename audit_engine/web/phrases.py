"""The web's words for who may do what: one phrase per permission, role and duty rule, and the
plain-words form of every refusal a page shows.

Services and the CLI speak of permission keys (`action.verify`) and role names
(`compliance_officer`); a page never does. A test keeps DOING equal to the permission table, so
a new permission without a phrase fails, and scans every template and refusal for internal
words.
"""

from __future__ import annotations

import re

from audit_engine.domain.errors import AuditEngineError, PermissionDenied, shown_on_the_web
from audit_engine.domain.rules.permissions import PERMISSIONS, READS

ROLE_WORDS = {
    "admin": "an administrator",
    "compliance_officer": "a compliance officer",
    "auditor": "an auditor",
    "manager": "the facility's manager",
    "action_owner": "the action's owner",
}

# What each permission lets someone do, as the end of "Only ... can <doing>".
DOING = {
    "user.add": "add people",
    "user.edit": "change people's access",
    "facility.add": "add a facility",
    "facility.edit": "change a facility",
    "audit.plan": "plan an audit",
    "audit.start": "start fieldwork",
    "audit.submit": "submit the audit for review",
    "audit.return": "send the audit back to fieldwork",
    "audit.approve": "approve the findings",
    "audit.close": "close the audit",
    "audit.cancel": "cancel the audit",
    "answer.record": "answer criteria",
    "evidence.add": "add evidence",
    "finding.confirm": "confirm a finding",
    "finding.dismiss": "dismiss a finding",
    "action.add": "add a corrective action",
    "action.reassign": "give an action to someone else",
    "action.start": "start work on the fix",
    "action.implement": "mark the fix as done",
    "action.verify": "verify the fix",
    "action.reject": "send the fix back",
    "risk.record": "work on a risk assessment",
    "risk.complete": "complete a risk assessment",
    "risk.view": "see risk assessments",
    "trail.rotate_key": "change the audit trail's key",
    "outbox.retry": "send a message again",
}

# What each read covers, as the end of "Only ... can see <reading>".
READING = {
    "audit.read": "this facility's audits",
    "portfolio.read": "every facility side by side",
    "outbox.read": "the messages sent",
}

# Separation-of-duties rules (PermissionDenied.duty): what stands in the way, said to "you".
DUTIES = {
    "lead": "only the lead auditor submits the audit",
    "lead_severity": "only the lead auditor changes a finding's severity",
    "submitter": "you submitted this audit, so someone else approves it",
    "implementer": "you worked on this fix (implemented it or added its evidence), so someone"
                   " else verifies it",
    "owner": "only the action's owner or the facility's manager works on it",
}

# Shell commands some service messages mention, in words for a page.
_COMMAND_ASIDE = re.compile(r"\s*\([^()]*`audit-engine [^`]*`[^()]*\)")
_COMMAND = re.compile(r"(?:run |use |with )?`audit-engine [^`]*`(?: first)?")
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)")
_NEEDS_ROLE = re.compile(r"needs role ((?:[a-z_]+)(?: or [a-z_]+)*)")
INTERNAL_WORDS = tuple(sorted({*PERMISSIONS, *READS, *ROLE_WORDS} - {"admin", "auditor",
                                                                      "manager"}))


def role_word(role: str) -> str:
    """'compliance officer': a role's name in a list or a menu."""
    words = ROLE_WORDS.get(str(role))
    return words.split(" ", 1)[1].replace("'s", "") if words else str(role).replace("_", " ")


def role_words(roles) -> str:
    """'a compliance officer or an auditor', in the table's order."""
    names = [ROLE_WORDS[r] for r in ROLE_WORDS if r in {str(x) for x in roles}]
    return " or ".join(names) if names else "nobody"


def who_may(permission: str) -> str:
    """'Only a compliance officer or an auditor can verify the fix'."""
    return f"Only {role_words(PERMISSIONS[permission])} can {DOING[permission]}"


def why_not(permission: str | None, duty: str | None, detail: str | None) -> str:
    """A step someone may take later, and why not now, in one sentence."""
    if duty:
        lead = f"{who_may(permission)}; " if permission and duty != "owner" else ""
        text = lead + DUTIES[duty]
    elif detail:
        text = f"Not yet: {plain(detail)}"
    else:
        text = who_may(permission) if permission else "Not now"
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def refusal(error: AuditEngineError) -> str:
    """The message a page shows for a refused request."""
    if isinstance(error, PermissionDenied) and (error.permission or error.duty):
        if error.duty:
            return why_not(error.permission, error.duty, None)
        where = f" at {error.facility}" if error.facility else ""
        return f"{who_may(error.permission)}{where}."
    return plain(shown_on_the_web(error))


def plain(text: str) -> str:
    """Internal words in a service message put in everyday words: commands dropped (an
    administrator's job), permission keys and role names spelled out."""
    text = _COMMAND_ASIDE.sub("", text)
    text = _COMMAND.sub("ask an administrator", text)
    text = _OPTION.sub(r"\1", text)  # a command-line option named in a service message
    text = _NEEDS_ROLE.sub(lambda m: "needs to be " + role_words(m.group(1).split(" or ")),
                           text)
    for key in sorted({**DOING, **READING}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(key)}\b", {**DOING, **READING}[key], text)
    for role, words in ROLE_WORDS.items():  # not twice: "the facility's manager" stays
        text = re.sub(rf"(?<!facility's )\b{role}\b", words.split(" ", 1)[1], text)
    return text
