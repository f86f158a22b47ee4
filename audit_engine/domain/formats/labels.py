"""How findings and actions are named to people: always with the criterion they are about.

`F-3 · 6.2 Seal verification process` in every report, e-mail and CLI listing, so nobody has to
look up what `F-3` or `CA-5` was about. Pure Python.
"""

from __future__ import annotations

import re

SEPARATOR = " · "


def criterion_label(criterion_id: str, title: str = "") -> str:
    """`6.2 Seal verification process` (just `6.2` when the title is unknown)."""
    return f"{criterion_id} {title}".strip() if title else criterion_id


def finding_label(finding_ref: str, criterion_id: str, title: str = "") -> str:
    """`F-3 · 6.2 Seal verification process`."""
    return f"{finding_ref}{SEPARATOR}{criterion_label(criterion_id, title)}"


def risk_action_label(assessment_ref: str, year: int | None, item: str = "") -> str:
    """`RA-2 · Risk assessment 2026, action plan for threat "Cargo theft" (high)`: an
    action-plan item (step 4 of the Five Step Risk Assessment) has no finding or criterion, so
    it is named by its assessment and, when it addresses one, the rated threat or
    vulnerability (`item`, see `risk_item_phrase`)."""
    what = f"Risk assessment {year}" if year else "Risk assessment"
    return f"{assessment_ref}{SEPARATOR}{what}, action plan" + (f" for {item}" if item else "")


_RISK_LABEL = re.compile(r'(?P<ref>\S+) · Risk assessment(?: (?P<year>\d{4}))?, action plan'
                         r'(?: for (?P<kind>\w+) "(?P<name>.*)" \((?P<rating>\w+)\))?')


def risk_action_parts(label: str) -> dict[str, str] | None:
    """The parts of a `risk_action_label` (ref, year, kind, name, rating; a part it lacks is
    None), so a page or mail can word it in its reader's language; None for any other label."""
    found = _RISK_LABEL.fullmatch(label)
    return found.groupdict() if found else None


def risk_item_phrase(kind: str | None, name: str | None, rating: str | None) -> str:
    """`threat "Cargo theft" (high)`; "" when the action addresses no rated item."""
    return f'{kind} "{name}" ({rating})' if name else ""


def criterion_ref(checklist_hash: str | None, criterion_id: str | None,
                  finding_ref: str) -> dict[str, str] | None:
    """What a queued mail carries beside a finding's label so that the mail names the
    criterion in its reader's language (services/mail/criteria.py): the pinned checklist, the
    criterion and the finding. None when the action has no finding (a risk action-plan item)."""
    if not checklist_hash or not criterion_id:
        return None
    return {"checklist": checklist_hash, "id": criterion_id, "finding": finding_ref}
