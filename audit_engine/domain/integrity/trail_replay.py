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

UNKNOWN = object()  # the trail does not say: not compared


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
    results_at_submit: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def record(self, kind: str, ref: str) -> Record:
        return self.kinds.setdefault(kind, {}).setdefault(ref, {})

    def set(self, kind: str, ref: str, seq: int, **values: Any) -> None:
        record = self.record(kind, ref)
        for name, value in values.items():
            record[name] = Fact(value, seq)


def replay(events: Iterable[EventRecord]) -> Replayed:
    state = Replayed()
    for event in events:
        handler = _HANDLERS.get(event.action) or _HANDLERS.get(event.action.split(".")[0] + ".*")
        if handler:
            handler(state, event, json.loads(event.payload))
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
    state.results_at_submit[e.subject] = {
        ref[len(prefix):]: rec["result"].value for ref, rec in answers.items()
        if ref.startswith(prefix) and "result" in rec}
    findings = state.kinds.setdefault("finding", {})
    for ref, record in findings.items():
        if record.get("audit", Fact(None, 0)).value == e.subject and ref not in listed \
                and record["status"].value == "draft":
            state.set("finding", ref, e.seq, status="dismissed")
    for ref in listed:
        if ref not in findings or findings[ref]["status"].value == "draft":
            state.set("finding", ref, e.seq, status="draft", audit=e.subject, severity=UNKNOWN)


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
    state.set("finding", e.subject, e.seq, status=p.get("to"))
    if p.get("severity_to"):
        state.set("finding", e.subject, e.seq, severity=p["severity_to"])


def _action_added(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("action", e.subject, e.seq, status="open", owner=p.get("owner"), due=p.get("due"),
              plan=p.get("plan"), root_cause=p.get("root_cause") or "")


def _action(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("action", e.subject, e.seq, status=p.get("to"))
    if p.get("evidence"):
        state.evidence_by_action.add(p["evidence"])


def _final(state: Replayed, e: EventRecord, p: dict) -> None:
    state.set("final_report", e.subject, e.seq, sha256=p.get("sha256"), file=p.get("file"))


_HANDLERS = {
    "audit.plan": _plan, "audit.carry_forward": _carry_forward, "audit.*": _audit_transition,
    "answer.record": _answer, "evidence.add": _evidence, "finding.*": _finding,
    "action.add": _action_added, "action.*": _action, "report.final": _final,
}

LABELS = {"audit": "audit", "answer": "answer", "finding": "finding", "action": "action",
          "evidence": "evidence", "final_report": "final report of"}


def expected_severity(state: Replayed, finding: dict[str, Any]) -> str | None:
    """A drafted finding's severity follows from its answer at the last submit."""
    results = state.results_at_submit.get(finding.get("audit", ""), {})
    severity = severity_for(finding.get("level") or "", results.get(finding.get("criterion")))
    return severity.value if severity else None


def differences(state: Replayed, rows: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Every mismatch between the replayed trail and `rows` (kind -> id -> field -> value)."""
    found: list[str] = []
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
        if want is UNKNOWN and kind == "finding" and name == "severity":
            want = expected_severity(state, actual)
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
