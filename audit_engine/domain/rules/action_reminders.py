"""One reminder a day per person about corrective actions: who is told about which action.

Pure Python. The scheduler's scan gathers the facts (the unverified actions due soon or
overdue, with each facility's managers and each action's verifiers) and this module sorts them
into one message per person, in sections:

- mine_overdue: the person's own open or in-progress actions past due (every day);
- mine_due_soon: their own actions entering a reminder stage (14 and 3 days before, once each);
- to_verify: actions implemented but not verified and past due (every day, to the verifiers:
  the audit's lead and the facility's auditors, never the implementer);
- escalated_manager: open actions overdue long enough, to each manager of the facility
  (domain.permissions.is_manager_of) except the owner;
- escalated_compliance: to the compliance officers, when overdue longer still, or at the
  manager's threshold when the owner is the facility's manager (nobody is escalated to about
  their own action) or when the facility has no manager at all.

A message is sent on a day when a section that repeats daily has items, or when an item of a
once-only section is not in the person's previous message (a new stage or a new escalation).
"Overdue" is domain/rules/overdue.py's rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit_engine.domain.rules.overdue import IMPLEMENTED, days_overdue
from audit_engine.domain.rules.reminders import stage_for

# (key, rule key that governs it, repeats daily), in the message's order. Their headings and
# short names are words of the message: report_templates/email/_words.txt.
SECTIONS = (
    ("mine_overdue", "action_overdue", True),
    ("mine_due_soon", "action_due", False),
    ("to_verify", "action_overdue", True),
    ("escalated_manager", "action_escalation_manager", False),
    ("escalated_compliance", "action_escalation_compliance", False),
)
RULE_OF = {key: rule for key, rule, _ in SECTIONS}
DAILY = {key for key, _, daily in SECTIONS if daily}
MESSAGE_RULE = "action_reminder"  # the outbox rule and template of the daily message


@dataclass(frozen=True)
class RemindedAction:
    ref: str  # CA-5
    label: str  # F-3 · 6.2 Seal verification process
    facility: str
    audit: str
    owner: str  # e-mail
    owner_label: str  # "Name <e-mail>"
    due: date
    status: str
    plan: str = ""
    managers: tuple[str, ...] = ()  # the facility's managers
    verifiers: tuple[str, ...] = ()  # who may verify it (never its implementer)
    criterion: dict[str, str] | None = None  # formats.labels.criterion_ref: the label's
    # criterion, named by the mail in its reader's language


@dataclass(frozen=True)
class Thresholds:
    """From the reminder rules; None (or no stages) when a rule is disabled."""

    overdue: int | None = 1
    due_stages: tuple[int, ...] = (14, 3)
    manager: int | None = 7
    compliance: int | None = 30


def item(action: RemindedAction, today: date, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "action": action.ref,
        "label": action.label,
        "facility": action.facility,
        "audit": action.audit,
        "owner": action.owner_label,
        "due": action.due.isoformat(),
        "days_left": max((action.due - today).days, 0),
        "days_overdue": days_overdue(action.status, action.due, today),
        "status": action.status,
        "plan": action.plan[:300],
        "new": False,
        "criterion": action.criterion,
    }


def sections_by_person(actions: Iterable[RemindedAction], officers: Sequence[str], today: date,
                       limits: Thresholds) -> dict[str, Any]:
    """{email: {section key: [item, ...]}} for everyone with something to hear about."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def add(person: str, section: str, action: RemindedAction, key: str) -> None:
        out.setdefault(person, {}).setdefault(section, []).append(item(action, today, key))

    for action in sorted(actions, key=lambda a: (a.due, a.ref)):
        for person, section, key in _recipients(action, officers, today, limits):
            add(person, section, action, key)
    return out


def _recipients(action: RemindedAction, officers: Sequence[str], today: date,
                limits: Thresholds) -> Iterator[tuple[str, str, str]]:
    late = days_overdue(action.status, action.due, today)
    ref = action.ref
    if action.status == IMPLEMENTED:
        if late and limits.overdue is not None and late >= limits.overdue:
            for person in action.verifiers:
                yield person, "to_verify", f"{ref}:{action.due}"
        return
    if late == 0:
        stage = stage_for((action.due - today).days, limits.due_stages)
        if stage is not None:
            yield action.owner, "mine_due_soon", f"{ref}:d{stage}"
        return
    if limits.overdue is not None and late >= limits.overdue:
        yield action.owner, "mine_overdue", f"{ref}:{action.due}"
    yield from _escalations(action, officers, late, limits)


def _escalations(action: RemindedAction, officers: Sequence[str], late: int,
                 limits: Thresholds) -> Iterator[tuple[str, str, str]]:
    key = f"{action.ref}:{action.due}"
    # Nobody else to escalate to at the manager's threshold: the owner manages the facility,
    # or the facility has no manager at all (then the officers hear of it, not nobody).
    owner_manages = action.owner in action.managers or not action.managers
    if limits.manager is not None and late >= limits.manager:
        for manager in action.managers:
            if manager != action.owner:
                yield manager, "escalated_manager", key
    to_officers = (limits.compliance is not None and late >= limits.compliance) or (
        owner_manages and limits.manager is not None and late >= limits.manager)
    if to_officers:
        for officer in officers:
            if officer != action.owner:
                yield officer, "escalated_compliance", key


def with_news(sections: dict[str, list[dict[str, Any]]], earlier_keys: set[str]) -> bool:
    """Mark items the person's previous message did not list as new; True when today's
    message is due (a daily section has items, or a once-only section has a new item)."""
    due = False
    for section, items in sections.items():
        for entry in items:
            entry["new"] = entry["key"] not in earlier_keys
            if section in DAILY or entry["new"]:
                due = True
    return due


def message_context(person: str, name: str, day: date, sections: dict[str, Any]) -> dict[str, Any]:
    ordered = [{"key": key, "entries": sections[key], "note": ""}
               for key, _, _ in SECTIONS if sections.get(key)]
    return {"person": person, "name": name, "day": day.isoformat(), "sections": ordered,
            "count": sum(len(s["entries"]) for s in ordered)}


def listed_keys(context: dict[str, Any] | None) -> set[str]:
    """The item keys an earlier daily message listed."""
    if not context:
        return set()
    return {entry["key"] for section in context.get("sections", ())
            for entry in section.get("entries", ())}
