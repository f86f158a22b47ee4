"""How findings and actions are named to people: always with the criterion they are about.

`F-3 · 6.2 Seal verification process` in every report, e-mail and CLI listing, so nobody has to
look up what `F-3` or `CA-5` was about. Pure Python.
"""

from __future__ import annotations

SEPARATOR = " · "


def criterion_label(criterion_id: str, title: str = "") -> str:
    """`6.2 Seal verification process` (just `6.2` when the title is unknown)."""
    return f"{criterion_id} {title}".strip() if title else criterion_id


def finding_label(finding_ref: str, criterion_id: str, title: str = "") -> str:
    """`F-3 · 6.2 Seal verification process`."""
    return f"{finding_ref}{SEPARATOR}{criterion_label(criterion_id, title)}"
