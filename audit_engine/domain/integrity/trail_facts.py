"""What a replay of the trail knows: facts per record, each with the event that set it.

A fact's value is compared with the row's field as is, except three kinds of value: `UNKNOWN`
(the trail does not say: not compared), `AtSubmit` (a drafted finding's result, note and
severity: what its answer was at the submit that drafted it) and `Links` (an audit's evidence
links: those the trail names must be there, and nothing else but what it allows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit_engine.domain.rules.lifecycle import severity_for

UNKNOWN = object()  # the trail does not say: not compared


@dataclass(frozen=True)
class AtSubmit:
    """A drafted finding's result, note or severity: its criterion's answer at the submit that
    last drafted it (the criterion and its level are the finding row's own)."""

    answers: dict[str, tuple[str | None, str]]  # criterion -> (result, note) at that submit
    field: str  # "result", "note" or "severity"

    def expected(self, finding: dict[str, Any]) -> str | None:
        result, note = self.answers.get(str(finding.get("criterion")), (None, ""))
        if self.field == "result":
            return result
        if self.field == "note":
            return note
        severity = severity_for(finding.get("level") or "", result or "")
        return severity.value if severity else None


@dataclass(frozen=True)
class Links:
    """An audit's evidence links as "criterion sha256[:12]" (the carry-forward event names a
    file by that prefix). `required`: named by the trail; `allowed`: made without an event of
    their own (a completed risk assessment linked to 2.1 when an audit is planned)."""

    required: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()
    loose: frozenset[str] = frozenset()  # criteria linked or unlinked to a file of unknown hash

    def plus(self, required: Iterable[str] = (), allowed: Iterable[str] = (),
             loose: Iterable[str] = ()) -> Links:
        return Links(self.required | set(required), self.allowed | set(allowed),
                     self.loose | set(loose))

    def minus(self, gone: Iterable[str]) -> Links:
        return Links(self.required - set(gone), self.allowed - set(gone), self.loose)

    def problem(self, actual: list[str]) -> str | None:
        have = {link for link in actual if link.split(" ", 1)[0] not in self.loose}
        missing = sorted(link for link in self.required - have
                         if link.split(" ", 1)[0] not in self.loose)
        extra = sorted(have - self.required - self.allowed)
        parts = [f"{', '.join(missing)} deleted" if missing else "",
                 f"{', '.join(extra)} never recorded" if extra else ""]
        return "; ".join(p for p in parts if p) or None


@dataclass
class Fact:
    value: Any
    seq: int


Record = dict[str, Fact]


@dataclass
class Replayed:
    """What the trail says, by kind then by id (e.g. "audit" -> "A-1" -> field -> Fact)."""

    kinds: dict[str, dict[str, Record]] = field(default_factory=dict)
    unnamed_evidence: set[str] = field(default_factory=set)  # sha256s stored without an id
    risk_records: dict[str, str] = field(default_factory=dict)  # facility -> its record's sha
    problems: list[str] = field(default_factory=list)  # events that do not replay

    def record(self, kind: str, ref: str) -> Record:
        return self.kinds.setdefault(kind, {}).setdefault(ref, {})

    def set(self, kind: str, ref: str, seq: int, /, **values: Any) -> None:
        record = self.record(kind, ref)
        for name, value in values.items():
            record[name] = Fact(value, seq)

    def value(self, kind: str, ref: str, name: str, default: Any = None) -> Any:
        fact = self.kinds.get(kind, {}).get(ref, {}).get(name)
        return default if fact is None else fact.value

    def link(self, audit: str, seq: int, required: Iterable[str] = (),
             allowed: Iterable[str] = (), gone: Iterable[str] = (),
             loose: Iterable[str] = ()) -> None:
        links = self.value("links", audit, "evidence", Links())
        self.set("links", audit, seq, evidence=links.plus(required, allowed, loose).minus(gone))
