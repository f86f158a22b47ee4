"""Webhook events into the outbox, in the transaction that caused them.

An event becomes one outbox row per subscribed endpoint, with a dedupe key (endpoint, event,
subject) so it is queued once however often its cause runs. The row keeps the payload; the
dispatcher signs it at each attempt with the endpoint's secrets of that moment (both while a
rotation overlaps), so a retry after a rotation verifies with the new secret.

The services whose trail events stand for a webhook event queue them here as an explicit step
after their append (planning, a workflow step, the stored final report); the trail itself
only records. `action.overdue` has no trail event and is queued by the scheduler's tick.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from audit_engine.storage import outbox as outbox_store
from audit_engine.storage import webhooks as store

RULE = "webhook"
# trail action -> webhook event
FROM_TRAIL = {
    "audit.plan": "audit.opened",
    "audit.submit": "audit.submitted",
    "audit.close": "audit.closed",
    "finding.confirm": "finding.confirmed",
    "action.verify": "action.verified",
    "report.final": "report.final",
}


def queue_from_trail(session, records) -> int:
    """Queue the webhook events that trail records stand for (in the caller's transaction)."""
    wanted = [r for r in records if r.action in FROM_TRAIL]
    if not wanted:
        return 0
    endpoints = store.active_endpoints(session)
    if not endpoints:
        return 0
    rows = []
    for record in wanted:
        event = FROM_TRAIL[record.action]
        data = {"id": record.subject, "actor": record.actor, **_payload(record.payload)}
        rows += _rows(endpoints, event, record.subject, data, record.at)
    return outbox_store.enqueue(session, rows)


def queue_event(session, now: datetime, event: str, key: str, data: dict[str, Any]) -> int:
    """Queue one event for every endpoint that wants it; `key` makes it happen once."""
    return outbox_store.enqueue(session, _rows(store.active_endpoints(session), event, key,
                                               data, now))


def _rows(endpoints, event: str, key: str, data: dict, at: datetime) -> list[dict]:
    rows = []
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        dedupe_key = f"{RULE}:{endpoint.id}:{event}:{key}"
        rows.append({
            "dedupe_key": dedupe_key, "rule": RULE, "recipients": [endpoint.url],
            "template": event, "context": {"endpoint": endpoint.id, "type": event,
                                           "timestamp": at.isoformat(), "data": data},
            "attachments": [], "invite": None, "message_id": message_id(dedupe_key),
            "status": outbox_store.PENDING, "attempts": 0, "next_attempt_at": at,
            "created_at": at,
        })
    return rows


def message_id(dedupe_key: str) -> str:
    """The webhook-id: the same for every attempt of one event to one endpoint, no '.'."""
    return "msg_" + hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]


def _payload(payload) -> dict[str, Any]:
    value = json.loads(payload) if isinstance(payload, str) else (payload or {})
    return {k: v for k, v in value.items() if k not in ("id", "actor", "file")}


def queue_overdue_actions(session, now: datetime) -> int:
    """`action.overdue` once per action and due date, for every unverified action past due
    (domain/rules/overdue.py's rule). Costs nothing when no endpoint wants the event."""
    from audit_engine.domain.rules.lifecycle import display_id
    from audit_engine.domain.rules.overdue import UNVERIFIED, is_overdue
    from audit_engine.storage.webhooks import unverified_due_before

    endpoints = [e for e in store.active_endpoints(session) if "action.overdue" in e.events]
    if not endpoints:
        return 0
    today, rows = now.date(), []
    for action_id, audit_id, status, due in unverified_due_before(session, UNVERIFIED, today):
        if not is_overdue(status, due, today):
            continue
        ref = display_id("action", action_id)
        data = {"id": ref, "audit": display_id("audit", audit_id), "status": status,
                "due": due.isoformat()}
        rows += _rows(endpoints, "action.overdue", f"{ref}:{due.isoformat()}", data, now)
    return outbox_store.enqueue(session, rows)
