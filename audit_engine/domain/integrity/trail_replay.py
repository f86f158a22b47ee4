"""Replaying the trail into the state it describes, and naming where the records differ.

The trail is the account of what happened; the rows are the current state. Replaying every
event gives the values the trail says each record must have, each with the event that set it:
audits (state, facility, period, lead, due, pinned checklist, reason), answers, evidence files
and their links to criteria, findings, corrective actions and their notes, final reports,
users and their role grants, facilities, risk assessments and their rated items. The handlers
live in trail_replay_work.py and trail_replay_people.py. `differences` holds the rows (plain
dicts, built by services/anchoring/deep_rows.py) against that and names every mismatch.
Fields the trail never recorded are not compared; docs/workflow.md lists both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.integrity.trail_facts import (
    UNKNOWN,
    AtSubmit,
    Fact,
    Links,
    Record,
    Replayed,
)
from audit_engine.domain.integrity.trail_replay_people import HANDLERS as PEOPLE
from audit_engine.domain.integrity.trail_replay_work import HANDLERS as WORK

__all__ = ["COMPARED", "Fact", "Replayed", "differences", "replay"]

_HANDLERS = {**WORK, **PEOPLE}

LABELS = {"audit": "audit", "answer": "answer", "finding": "finding", "action": "action",
          "evidence": "evidence", "links": "evidence links of", "final_report": "final report of",
          "user": "user", "facility": "facility", "risk": "risk assessment",
          "risk_item": "risk item"}

# Every field compared, by kind: docs/workflow.md repeats this list (a test keeps them equal).
COMPARED = {
    "audit": ("status", "facility", "period", "lead", "due", "checklist", "checklist_hash",
              "criteria", "status_reason", "closed_at"),
    "answer": ("result", "note"),
    "evidence": ("sha256", "size", "name", "media_type", "valid_until"),
    "links": ("evidence",),
    "finding": ("audit", "status", "result", "note", "severity", "severity_reason",
                "status_reason"),
    "action": ("status", "owner", "due", "plan", "root_cause", "finding", "risk_assessment",
               "notes"),
    "final_report": ("sha256", "file"),
    "user": ("name", "active", "grants"),
    "facility": ("name", "entity_type", "country", "manager", "manager_id"),
    "risk": ("facility", "year", "status", "cargo_flow", "process", "assessed_on"),
    "risk_item": ("assessment", "kind", "name", "rating", "criterion"),
}


def replay(events: Iterable[EventRecord]) -> Replayed:
    """Every event applied in order; one that cannot be (a forged or malformed payload) is
    named as a problem, never an exception."""
    state = Replayed()
    for event in events:
        handler = _HANDLERS.get(event.action)
        if handler is None:
            continue  # sign-ins, tokens, programmes, mail...: not compared
        try:
            payload = json.loads(event.payload)
            if not isinstance(payload, dict):
                raise TypeError("the payload is not an object")
            handler(state, event, payload)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            state.problems.append(
                f"event #{event.seq} ({event.action} {event.subject}) does not replay: "
                f"{type(error).__name__}: {error}; forged or edited")
    return state


def differences(state: Replayed, rows: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Every mismatch between the replayed trail and `rows` (kind -> id -> field -> value)."""
    found: list[str] = list(state.problems)
    for kind, label in LABELS.items():
        expected, actual = state.kinds.get(kind, {}), rows.get(kind, {})
        for ref in sorted(set(expected) | set(actual), key=_natural):
            found += _compare(state, kind, f"{label} {ref}", expected.get(ref), actual.get(ref))
    return found


def _compare(state: Replayed, kind: str, what: str, expected: Record | None,
             actual: dict[str, Any] | None) -> list[str]:
    if actual is None:
        expected = expected or {}
        if kind == "links" and not expected["evidence"].value.required:
            return []
        seq = min(f.seq for f in expected.values())
        return [f"{what} is in the trail (event #{seq}) but not in the database"]
    if expected is None:
        if kind == "links" and not actual.get("evidence"):
            return []
        if kind == "evidence" and actual.get("sha256") in state.unnamed_evidence:
            return []
        return [f"{what} is in the database but the trail never recorded it"]
    found = []
    for name, fact in expected.items():
        if name not in actual or fact.value is UNKNOWN:
            continue
        problem = _mismatch(fact.value, actual[name], actual)
        if problem:
            found.append(f"{what}: {name} {problem} (event #{fact.seq})")
    return found


def _mismatch(want: Any, have: Any, row: dict[str, Any]) -> str | None:
    if isinstance(want, Links):
        return want.problem(have)
    if isinstance(want, AtSubmit):
        want = want.expected(row)
    if have == want:
        return None
    return f"is {_shown(have)} in the database but {_shown(want)} in the trail"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _natural(ref: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in ref.replace("-", " ").split())
