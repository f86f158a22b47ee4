"""Verifying the trail: the chain, its keys, the head and the checkpoints kept outside.

What is checked without the key (structure): contiguous sequence numbers, each event naming
its predecessor's hash, the head naming the last event, legacy (unkeyed) events' SHA-256, and
every checkpoint's event still present with the recorded hash. With the key: every keyed
event's HMAC and every checkpoint's signature too. A key the verifier does not hold is
reported as "not checked", never as fine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from audit_engine.domain.integrity.checkpoints import Checkpoint, mac_problem
from audit_engine.domain.integrity.trail import (
    GENESIS,
    KEY_EVENT,
    EventRecord,
    TrailKeys,
    hash_matches,
)


@dataclass(frozen=True)
class Head:
    seq: int = 0
    hash: str = GENESIS


@dataclass(frozen=True)
class TrailReport:
    events: int
    problems: tuple[str, ...] = ()
    checkpoints: int = 0
    keyed: int = 0  # events under a key
    unchecked: tuple[str, ...] = ()  # why some keys could not be checked
    restores: tuple[str, ...] = ()  # restores from backup, and what each set aside

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> str | None:
        return self.problems[0] if self.problems else None


@dataclass
class _Walk:
    keys: TrailKeys | None
    checkpoints: dict[int, list[Checkpoint]]
    problems: list[str] = field(default_factory=list)
    missing_keys: set[str] = field(default_factory=set)
    count: int = 0
    keyed: int = 0
    last_seq: int = 0
    prev: str = GENESIS
    prev_key: str | None = None
    broken: bool = False

    def step(self, event: EventRecord) -> None:
        self.count += 1
        if self.broken:
            return
        problem = self._link(event) or self._hash(event) or self._checkpoint(event)
        if problem:
            self.problems.append(problem)
            self.broken = True  # later links follow from this one; the first break is named
            return
        self.last_seq, self.prev, self.prev_key = event.seq, event.hash, event.key_id

    def _link(self, event: EventRecord) -> str | None:
        expected = self.last_seq + 1
        if event.seq != expected:
            return f"event #{expected} is missing (deleted) before event #{event.seq}"
        if event.prev_hash != self.prev:
            return (f"event #{event.seq} does not follow event #{self.last_seq} "
                    "(deleted, inserted or reordered)")
        return None

    def _hash(self, event: EventRecord) -> str | None:
        edited = (f"event #{event.seq} ({event.action} {event.subject}) was edited: "
                  "its content no longer matches its hash")
        if event.key_id is None:
            must_be_keyed = self.keyed or (
                self.keys is not None and self.keys.keyed_after is not None
                and event.seq > self.keys.keyed_after)
            if must_be_keyed:
                return (f"event #{event.seq} ({event.action} {event.subject}) carries no key "
                        "where every event is keyed: written or rewritten without the key")
            return None if hash_matches(event, None) else edited
        self.keyed += 1
        if event.key_id != self.prev_key and event.action != KEY_EVENT:
            return (f"event #{event.seq} switches to key {event.key_id} without a "
                    f"{KEY_EVENT} event: written or rewritten without the key")
        key = self.keys.get(event.key_id) if self.keys else None
        if key is None:
            self.missing_keys.add(event.key_id)
            return None
        return None if hash_matches(event, key) else edited

    def _checkpoint(self, event: EventRecord) -> str | None:
        for checkpoint in self.checkpoints.get(event.seq, ()):
            if checkpoint.hash != event.hash:
                return (f"event #{event.seq} is not the event {checkpoint.where()} saw: "
                        "the chain was rewritten at or before it")
        return None


def verify_trail(events: Iterable[EventRecord], head: Head, keys: TrailKeys | None,
                 checkpoints: Sequence[Checkpoint] = ()) -> TrailReport:
    """Walk the events in seq order; name the first break, then head and checkpoint problems."""
    held, restores = _set_aside_by_restores(checkpoints)
    by_seq: dict[int, list[Checkpoint]] = defaultdict(list)
    for checkpoint in held:
        by_seq[checkpoint.seq].append(checkpoint)
    walk = _Walk(keys, by_seq)
    for event in events:
        walk.step(event)
    problems = list(walk.problems)
    if not walk.broken:
        problems += _head_problems(walk, head)
    problems += _beyond_the_end(walk, held)
    problems += [p for p in (mac_problem(c, keys) for c in checkpoints) if p]
    return TrailReport(walk.count, tuple(problems), len(checkpoints), walk.keyed,
                       _unchecked(walk, keys, checkpoints), restores)


def _set_aside_by_restores(checkpoints: Sequence[Checkpoint]
                           ) -> tuple[list[Checkpoint], tuple[str, ...]]:
    """The checkpoints to hold the trail against, and one line per restore: a checkpoint
    written before a restore's checkpoint that saw an event after the restored one belongs to
    the history the restore gave up. (Its signature is still checked.)"""
    restores = sorted((c for c in checkpoints if c.restore), key=lambda c: c.at)
    held, said = [], []
    for checkpoint in checkpoints:
        if not any(r.at > checkpoint.at and checkpoint.seq > r.seq for r in restores):
            held.append(checkpoint)
    for r in restores:
        gone = [c for c in checkpoints if c.at < r.at and c.seq > r.seq]
        aside = f"; {len(gone)} earlier checkpoints up to event #{max(c.seq for c in gone)} " \
                "set aside" if gone else ""
        said.append(f"restored from backup at event #{r.seq} on {r.at:%Y-%m-%d %H:%M} UTC"
                    f"{aside}")
    return held, tuple(said)


def _head_problems(walk: _Walk, head: Head) -> list[str]:
    if head.seq != walk.last_seq:
        return [f"the trail ends at event #{walk.last_seq} but the head says #{head.seq}: "
                f"events after #{walk.last_seq} were deleted"]
    if head.hash != walk.prev:
        return [f"event #{walk.last_seq} does not match the head hash (edited)"]
    return []


def _beyond_the_end(walk: _Walk, checkpoints: Sequence[Checkpoint]) -> list[str]:
    if walk.broken:
        return []
    later = [c for c in checkpoints if c.seq > walk.last_seq]
    if not later:
        return []
    last = max(later, key=lambda c: c.seq)
    what = "the trail is empty" if walk.count == 0 else f"the trail ends at #{walk.last_seq}"
    return [f"{last.where()} recorded event #{last.seq}, but {what}: events were deleted "
            "and the head reset"]


def _unchecked(walk: _Walk, keys: TrailKeys | None,
               checkpoints: Sequence[Checkpoint]) -> tuple[str, ...]:
    if keys is None or not keys.keys:
        if walk.keyed or any(c.key_id for c in checkpoints):
            where = f" ({keys.source})" if keys and keys.source else ""
            return (f"no trail key available{where}: keyed hashes and checkpoint signatures "
                    "were not checked",)
        return ()
    missing = set(walk.missing_keys)
    missing |= {c.key_id for c in checkpoints if c.key_id and keys.get(c.key_id) is None}
    return tuple(f"key {k} is not in {keys.source or 'the key file'}: what it signed was "
                 "not checked" for k in sorted(missing))
