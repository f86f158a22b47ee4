"""Evidence links replay through every event that makes or removes one: a file added to
criteria, linked to one more (`evidence.link`), unlinked (`evidence.unlink`); pure, no
database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.integrity.trail_replay import differences, replay

SHA = "ab" * 32


def event(seq: int, action: str, payload: dict) -> EventRecord:
    return EventRecord(seq, datetime(2027, 1, 5, tzinfo=UTC), "lead@example.com", action,
                       "A-1", 1, json.dumps(payload), "0" * 64)


def test_link_and_unlink_replay_into_the_audits_links():
    events = [
        event(1, "evidence.add", {"id": "E-1", "sha256": SHA, "size": 3, "name": "a.pdf",
                                  "criteria": ["1.1"]}),
        event(2, "evidence.link", {"id": "E-1", "criterion": "2.1"}),
        event(3, "evidence.unlink", {"id": "E-1", "criterion": "1.1"}),
    ]
    state = replay(events)
    evidence = {"E-1": {"sha256": SHA, "size": 3, "name": "a.pdf"}}
    now = {"evidence": evidence, "links": {"A-1": {"evidence": [f"2.1 {SHA[:12]}"]}}}
    assert differences(state, now) == []

    kept = {"evidence": evidence, "links": {"A-1": {"evidence": sorted(
        [f"1.1 {SHA[:12]}", f"2.1 {SHA[:12]}"])}}}
    assert differences(state, kept) == [
        f"evidence links of A-1: evidence 1.1 {SHA[:12]} never recorded (event #3)"]
    lost = {"evidence": evidence, "links": {}}
    assert differences(state, lost) == ["evidence links of A-1 is in the trail (event #3) but "
                                        "not in the database"]


def test_a_link_to_a_file_no_event_named_leaves_only_that_criterion_unchecked():
    """A completed risk assessment's record has no evidence.add: the trail knows its hash,
    not its E-n, so a criterion it is linked to or unlinked from is not compared."""
    events = [
        event(1, "evidence.add", {"id": "E-1", "sha256": SHA, "criteria": ["1.1"]}),
        event(2, "evidence.link", {"id": "E-9", "criterion": "2.1"}),
    ]
    state = replay(events)
    assert state.problems == []
    evidence = {"E-1": {"sha256": SHA}}
    for links in ([f"1.1 {SHA[:12]}"], [f"1.1 {SHA[:12]}", "2.1 cdcdcdcdcdcd"]):
        assert differences(state, {"evidence": evidence,
                                   "links": {"A-1": {"evidence": links}}}) == []
    assert differences(state, {"evidence": evidence, "links": {"A-1": {"evidence": []}}})
