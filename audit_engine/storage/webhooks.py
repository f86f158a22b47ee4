"""Queries on webhook endpoints."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.api import WebhookEndpoint


def active_endpoints(session: Session) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
    return list(session.exec(query.order_by(WebhookEndpoint.id)))


def all_endpoints(session: Session) -> list[WebhookEndpoint]:
    return list(session.exec(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def unverified_due_before(session: Session, statuses, day):
    """(action id, audit id, status, due) of actions in `statuses` due before `day`."""
    from audit_engine.storage.models.lifecycle import CorrectiveAction as A

    query = select(A.id, A.audit_id, A.status, A.due).where(
        A.status.in_(statuses), A.due < day
    )
    return list(session.exec(query.order_by(A.id)))
