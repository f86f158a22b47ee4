"""Replaying the trail into the state it describes, and naming where the records differ.

The trail is the account of what happened; the rows are the current state. Replaying every
event gives, per audit, answer, finding, corrective action, evidence file and final report,
the values the trail says they must have, each with the event that set it. `differences`
holds the rows (plain dicts, built by services/anchoring/deep_check.py) against that and
names every mismatch. Fields the trail never recorded are not compared (see docs/workflow.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.rules.lifecycle import severity_for

DISMISSED_ON_RESUBMIT = "answer changed before resubmission"
UNKNOWN = object()  # the trail does not say: not compared


@dataclass(frozen=True)
class AtSubmit:
    """A drafted finding's result and severity: what its criterion's answer was at the submit
    that last drafted it (the criterion and its level are the finding row's own)."""

    results: dict[str, str | None]  # criterion -> answer result at that submit
    field: str  # "result" or "severity"

    def resolve(self, finding: dict[str, Any]) -> str | None:
        result = self.results.get(finding.get("criterion"))
        if self.field == "result":
            return result
        severity = severity_for(finding.get("level") or "", result or "")
        return severity.value if severity else None


@dataclass
class Fact:
    value: Any
    seq: int


Record = dict[str, Fact]


@dataclass
class Replayed:
    """What the trail says, by kind then by id (e.g. "audit" -> "A-1" -> field -> Fact)."""

    kinds: dict[str, dict[str, Record]] = field(default_factory=dict)
    evidence_by_action: set[str] = field(default_factory=set)  # sha256s of action evidence
    problems: list[str] = field(default_factory=list)  # events that do not replay

    def record(self, kind: str, ref: str) -> Record:
        return self.kinds.setdefault(kind, {}).setdefault(ref, {})

    def set(self, kind: str, ref: str, seq: int, **values: Any) -> None:
        record = self.record(kind, ref)
        for name, value in values.items():
            record[name] = Fact(value, seq)


def replay(events: Iterable[EventRecord]) -> Replayed:
    """Every event applied in order; one that cannot be (a forged or malformed payload) is
    named as a problem, never an exception."""
    state = Replayed()
    for event in events:
        handler = _HANDLERS.get(event.action) or _HANDLERS.get(event.action.split(".")[0] + ".*")
        if handler is None:
            continue
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


def _plan(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("audit", e.subject, e.seq, status="planned", period=p.get("period"),
              facility=p.get("facility"), closed_at=None)


def _audit_transition(state: Replayed, e: EventRecord, p: dict) -> None:
    if "to" not in p:
        return  # carry_forward, fieldwork_moved: no state of the audit row
    state.set("audit", e.subject, e.seq, status=p["to"])
    if e.action == "audit.close":
        state.set("audit", e.subject, e.seq, closed_at=e.at.isoformat())
    if e.action == "audit.submit":
        _drafts(state, e, p.get("findings") or [])


def _drafts(state: Replayed, e: EventRecord, listed: list[str]) -> None:
    """Submit drafts a finding per failing answer; earlier drafts not listed are dismissed."""
    answers = state.kinds.get("answer", {})
    prefix = f"{e.subject} "
    results = {ref[len(prefix):]: rec["result"].value for ref, rec in answers.items()
               if ref.startswith(prefix) and "result" in rec}
    findings = state.kinds.setdefault("finding", {})
    for ref, record in findings.items():
        if _value(record, "audit") == e.subject and ref not in listed \
                and _value(record, "status") == "draft":
            state.set("finding", ref, e.seq, status="dismissed",
                      status_reason=DISMISSED_ON_RESUBMIT)
    for ref in listed:
        new = ref not in findings
        if new or _value(findings[ref], "status") == "draft":
            state.set("finding", ref, e.seq, status="draft", audit=e.subject,
                      result=AtSubmit(results, "result"), severity=AtSubmit(results, "severity"))
        if new:
            state.set("finding", ref, e.seq, status_reason=None)


def _value(record: Record, name: str) -> Any:
    fact = record.get(name)
    return None if fact is None else fact.value


def _carry_forward(state: Replayed, e: EventRecord, p: dict) -> None:
    for item in p.get("reverify") or []:
        criterion = str(item).split(":", 1)[0]
        state.set("answer", f"{e.subject} {criterion}", e.seq, note=UNKNOWN)


def _answer(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("answer", f"{e.subject} {p['criterion']}", e.seq, result=p.get("result"),
              note=p.get("note", ""))


def _evidence(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("evidence", p["id"], e.seq, sha256=p.get("sha256"), size=p.get("size"),
              name=p.get("name"))


def _finding(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("finding", e.subject, e.seq, status=p["to"])
    if e.action == "finding.dismiss":
        state.set("finding", e.subject, e.seq, status_reason=p.get("reason"))
    if p.get("severity_to"):
        state.set("finding", e.subject, e.seq, severity=p["severity_to"])


def _action_added(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("action", e.subject, e.seq, status="open", owner=p.get("owner"), due=p.get("due"),
              plan=p.get("plan"), root_cause=p.get("root_cause") or "")


def _reassign(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("action", e.subject, e.seq, owner=p["to"])


def _action(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("action", e.subject, e.seq, status=p["to"])
    if p.get("evidence"):
        state.evidence_by_action.add(p["evidence"])


def _final(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("final_report", e.subject, e.seq, sha256=p.get("sha256"), file=p.get("file"))


_HANDLERS = {
    "audit.plan": _plan, "audit.carry_forward": _carry_forward, "audit.*": _audit_transition,
    "answer.record": _answer, "evidence.add": _evidence, "finding.*": _finding,
    "action.add": _action_added, "action.reassign": _reassign, "action.*": _action,
    "report.final": _final,
}

LABELS = {"audit": "audit", "answer": "answer", "finding": "finding", "action": "action",
          "evidence": "evidence", "final_report": "final report of"}


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
        seq = min(f.seq for f in expected.values())
        return [f"{what} is in the trail (event #{seq}) but not in the database"]
    if expected is None:
        if kind == "evidence" and actual.get("sha256") in state.evidence_by_action:
            return []
        return [f"{what} is in the database but the trail never recorded it"]
    found = []
    for name, fact in expected.items():
        want = fact.value
        if isinstance(want, AtSubmit):
            want = want.resolve(actual)
        if want is UNKNOWN or name not in actual or actual[name] == want:
            continue
        found.append(f"{what}: {name} is {_shown(actual[name])} in the database but "
                     f"{_shown(want)} in the trail (event #{fact.seq})")
    return found


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _natural(ref: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in ref.replace("-", " ").split())
