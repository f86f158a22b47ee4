"""Checking a piece of the trail on its own, without the database: pure, for `archive verify`.

An audit's events are interleaved with other audits' events on one chain, so an archive holds
the contiguous run of events from the audit's first to its last, the other audits' events
reduced to seq, prev_hash and hash (their content is not the audit's to hand over). What can
be checked from that alone:

- linkage: every event names the previous one's hash (nothing inserted, removed or reordered
  inside the run);
- content: each of the audit's plain SHA-256 events still hashes to its recorded hash; a keyed
  event (HMAC, `key_id` set) is checked only where the key is, so its content check is
  reported as not done;
- the chain head at close is an `audit.close` event of the run, and the final report's
  recorded SHA-256 is that of the PDF in the archive.

The first event's predecessor and the run's place in the whole chain are not checkable
offline: compare the head at close with the live trail (`log verify`) or a published
checkpoint. This function is the one place that knows the rules; the trail's owners extend it
when the chain's scheme changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from audit_engine.domain.integrity.trail import EventRecord, event_hash

SEGMENT_FORMAT = "audit-engine/trail-segment@1"
CLOSE_EVENT = "audit.close"
FINAL_EVENT = "report.final"


@dataclass(frozen=True)
class SegmentReport:
    problems: tuple[str, ...]
    checked: tuple[str, ...]  # what was verified, one line each
    not_checked: tuple[str, ...] = field(default=())  # what cannot be verified offline

    @property
    def ok(self) -> bool:
        return not self.problems


def event_record(event: dict[str, Any]) -> EventRecord:
    keyed = {"key_id": event["key_id"]} if event.get("key_id") is not None else {}
    return EventRecord(event["seq"], datetime.fromisoformat(event["at"]), event["actor"],
                       event["action"], event["subject"], event["audit_id"], event["payload"],
                       event["prev_hash"], event["hash"], **keyed)


def segment_event(record: EventRecord, own: bool) -> dict[str, Any]:
    """How an event goes into an archive: whole when it is the audit's, else redacted."""
    if not own:
        return {"seq": record.seq, "prev_hash": record.prev_hash, "hash": record.hash,
                "redacted": True}
    return {"seq": record.seq, "at": record.at.isoformat(timespec="microseconds"),
            "actor": record.actor, "action": record.action, "subject": record.subject,
            "audit_id": record.audit_id, "payload": record.payload,
            "prev_hash": record.prev_hash, "hash": record.hash,
            "key_id": record.__dict__.get("key_id")}


def check_segment(segment: dict[str, Any], pdf_sha256: str | None) -> SegmentReport:
    """Everything about a trail segment that can be checked without the database or a key."""
    try:
        events = sorted(segment["events"], key=lambda e: e["seq"])
        own = [e for e in events if not e.get("redacted")]
        problems = _linkage(events) + _audit_of(own, segment["audit_id"])
        checked = [f"linkage of events #{events[0]['seq']}..#{events[-1]['seq']}"] if events \
            else []
        content, plain, not_checked = _content(own)
        problems += content
        checked += [f"content hash of the audit's {plain} plain SHA-256 events"] if plain else []
        problems += _head(own, segment.get("head_at_close") or {})
        problems += _final_report(own, pdf_sha256)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return SegmentReport((f"the trail segment is malformed ({type(exc).__name__}: {exc})",),
                             ())
    checked += ["chain head at close", "final report SHA-256 recorded in the trail"]
    not_checked.append("the segment's place in the whole chain (compare the head at close "
                       "with `log verify` or a published checkpoint)")
    return SegmentReport(tuple(problems), tuple(checked) if not problems else (),
                         tuple(not_checked))


def _linkage(events: Sequence[dict[str, Any]]) -> list[str]:
    if not events:
        return ["the trail segment holds no events"]
    for before, event in zip(events, events[1:], strict=False):
        if event["seq"] != before["seq"] + 1:
            return [f"trail event #{before['seq'] + 1} is missing from the segment"]
        if event["prev_hash"] != before["hash"]:
            return [f"trail event #{event['seq']} does not follow event #{before['seq']} "
                    "(edited, inserted or reordered)"]
    return []


def _audit_of(own: Sequence[dict[str, Any]], audit_id: int) -> list[str]:
    strays = [e["seq"] for e in own if e["audit_id"] != audit_id]
    return [f"trail event #{strays[0]} is not the audit's"] if strays else []


def _content(own: Sequence[dict[str, Any]]) -> tuple[list[str], int, list[str]]:
    """Plain SHA-256 events are recomputed; keyed (HMAC) ones need the trail key."""
    plain = [e for e in own if e.get("key_id") is None]
    for event in plain:
        if event_hash(event_record(event)) != event["hash"]:
            return [f"trail event #{event['seq']} ({event['action']}) was edited: its content "
                    "no longer matches its hash"], 0, []
    keyed = len(own) - len(plain)
    note = [f"the content hash of {keyed} keyed (HMAC) events: it needs the trail key; "
            "`log verify` on the live system checks it"] if keyed else []
    return [], len(plain), note


def _head(own: Sequence[dict[str, Any]], head: dict[str, Any]) -> list[str]:
    match = [e for e in own if e["seq"] == head.get("seq")]
    if not match or match[0]["hash"] != head.get("hash") or match[0]["action"] != CLOSE_EVENT:
        return ["the chain head at close is not the audit's close event in the segment"]
    return []


def _final_report(own: Sequence[dict[str, Any]], pdf_sha256: str | None) -> list[str]:
    import json

    finals = [json.loads(e["payload"]) for e in own if e["action"] == FINAL_EVENT]
    if not finals:
        return ["the trail records no final report"]
    if pdf_sha256 is not None and finals[-1].get("sha256") != pdf_sha256:
        return ["report.pdf is not the final report the trail recorded (SHA-256 differs)"]
    return []
