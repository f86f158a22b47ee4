"""Sending one queued webhook: sign it with the endpoint's secrets of this moment, POST it.

The outbox dispatcher calls `deliver` for rows of the webhook rule, in place of mailing them;
retries, backoff and the failure record are the outbox's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from audit_engine.domain.formats.mail import DeliveryFailed
from audit_engine.domain.integrity import webhooks as rules
from audit_engine.storage.models.api import WebhookEndpoint


@dataclass(frozen=True)
class WebhookDelivery:
    """`sender` is notifications.webhooks.HttpWebhookSender (anything with send(url, body,
    headers) raising DeliveryFailed)."""

    new_uow: Any
    clock: Any
    sender: Any

    def __call__(self, row) -> dict[str, Any]:
        """Deliver; returns what the outbox keeps as 'rendered' (subject and body)."""
        context = row.context
        endpoint, box = self._endpoint(context["endpoint"])
        body = json.dumps(
            {"type": context["type"], "timestamp": context["timestamp"], "data": context["data"]},
            separators=(",", ":"), ensure_ascii=False, sort_keys=True,
        ).encode("utf-8")
        now = self.clock.now()
        timestamp = int(now.timestamp())
        signing = [box.open(rules.SEALED_AS, endpoint.secret)]
        if endpoint.previous_secret and endpoint.previous_expires_at and \
                endpoint.previous_expires_at > now:
            signing.append(box.open(rules.SEALED_AS, endpoint.previous_secret))
        headers = {
            "webhook-id": row.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": rules.signature_header(signing, row.message_id, timestamp, body),
        }
        self.sender.send(endpoint.url, body, headers)
        subject = f"{context['type']} to {endpoint.url}"[:300]
        return {"subject": subject, "body_text": body.decode("utf-8"), "body_html": None}

    def _endpoint(self, number: int):
        """The endpoint row and the box that opens its sealed secrets."""
        with self.new_uow().reading() as uow:
            endpoint = uow.session.get(WebhookEndpoint, number)
        if endpoint is None or not endpoint.active:
            raise DeliveryFailed(f"webhook {number} was removed", retryable=False)
        return endpoint, uow.secrets
