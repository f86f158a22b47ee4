"""Webhook endpoints, registered by admins: add, list, remove, rotate the secret.

What they are told and how is in services/webhook_events.py (queueing) and webhook_delivery.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound, PermissionDenied
from audit_engine.domain.integrity import webhooks as rules
from audit_engine.domain.rules.permissions import holds
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import webhooks as store
from audit_engine.storage.models.api import WebhookEndpoint


@dataclass(frozen=True)
class WebhookView:
    id: int
    url: str
    events: tuple[str, ...]
    description: str
    active: bool
    created_by: str
    created_at: datetime
    rotating_until: datetime | None


@dataclass(frozen=True)
class WebhookWithSecret:
    webhook: WebhookView
    secret: str  # shown once


def webhook_view(row: WebhookEndpoint, now: datetime) -> WebhookView:
    overlap = row.previous_expires_at if row.previous_secret else None
    return WebhookView(
        row.id, row.url, tuple(row.events), row.description, row.active, row.created_by,
        row.created_at, overlap if overlap and overlap > now else None,
    )


def _require_admin(session, actor: Actor, what: str) -> None:
    _, grants = actor_with_grants(session, actor)
    if not holds(grants, {"admin"}, None):
        raise PermissionDenied(f"{actor} may not {what}: needs role admin")


def add_webhook(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, url: str, events, description: str = "",
    allow_http: bool = False,
    allow_private: bool = False,
) -> WebhookWithSecret:
    url = rules.check_url(url, allow_http=allow_http, allow_private=allow_private)
    chosen = rules.check_events(events)
    now, secret = clock.now(), rules.new_secret()
    with uow:
        session = uow.session
        _require_admin(session, actor, "register webhooks")
        row = WebhookEndpoint(url=url, events=chosen, description=description.strip(),
                              secret=uow.secrets.seal(rules.SEALED_AS, secret),
                              created_by=actor.email, created_at=now)
        session.add(row)
        session.flush()
        payload = {"url": url, "events": chosen}
        append_event(uow, now, actor, "webhook.add", f"webhook:{row.id}", payload)
        uow.commit()
        return WebhookWithSecret(webhook_view(row, now), secret)


def list_webhooks(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> list[WebhookView]:
    with uow.reading():
        _require_admin(uow.session, actor, "read webhooks")
        return [webhook_view(r, clock.now()) for r in store.all_endpoints(uow.session)]


def remove_webhook(uow: UnitOfWork, clock: Clock, *, actor: Actor, webhook: int) -> WebhookView:
    """Stop telling the endpoint anything (queued deliveries to it fail as removed)."""
    with uow:
        session = uow.session
        _require_admin(session, actor, "remove webhooks")
        row = _endpoint(session, webhook)
        row.active = False
        session.add(row)
        append_event(uow, clock.now(), actor, "webhook.remove", f"webhook:{row.id}", {})
        uow.commit()
        return webhook_view(row, clock.now())


def rotate_secret(uow: UnitOfWork, clock: Clock, *, actor: Actor, webhook: int,
                  overlap_hours: int = 24):
    """A new secret; the old one keeps signing too for `overlap_hours` (both signatures are
    sent), so receivers can switch without missing a delivery."""
    now, secret = clock.now(), rules.new_secret()
    with uow:
        session = uow.session
        _require_admin(session, actor, "rotate webhook secrets")
        row = _endpoint(session, webhook)
        row.previous_secret = row.secret
        row.secret = uow.secrets.seal(rules.SEALED_AS, secret)
        row.previous_expires_at = now + timedelta(hours=overlap_hours)
        session.add(row)
        payload = {"overlap_hours": overlap_hours}
        append_event(uow, now, actor, "webhook.rotate", f"webhook:{row.id}", payload)
        uow.commit()
        return WebhookWithSecret(webhook_view(row, now), secret)


def _endpoint(session, number: int) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, number)
    if row is None or not row.active:
        raise NotFound(f"webhook {number} not found")
    return row
