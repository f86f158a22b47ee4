"""/webhooks: endpoints told about events, signed per the Standard Webhooks spec (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from audit_engine.api.routes.common import (
    NOT_FOUND,
    Caller,
    caller,
    number_id,
    plain,
    services,
)
from audit_engine.api.schemas.webhooks import RotateIn, WebhookIn, WebhookOut, WebhookSecretOut
from audit_engine.api.state import ApiServices

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
WEBHOOK = number_id("webhook", "webhook", "The endpoint's number, from `GET /webhooks`.")


def _with_secret(made) -> dict:
    return {**plain(made.webhook), "secret": made.secret}


@router.get("", response_model=list[WebhookOut])
def webhooks(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Registered endpoints (never their secrets)."""
    from audit_engine.services.integrations.webhooks import list_webhooks

    return plain(list_webhooks(app.uow(), app.clock, actor=who.actor))


@router.post("", status_code=201, response_model=WebhookSecretOut)
def register(
    body: WebhookIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """Register an https endpoint for events; the answer carries its secret, once."""
    from audit_engine.services.integrations.webhooks import add_webhook

    made = add_webhook(
        app.uow(), app.clock, actor=who.actor, url=body.url, events=body.events,
        description=body.description, allow_http=app.settings.webhook_allow_http,
        allow_private=app.settings.webhook_allow_private,
    )
    response.headers["Location"] = f"/api/v1/webhooks/{made.webhook.id}"
    return _with_secret(made)


@router.post("/{webhook}/rotate", response_model=WebhookSecretOut, responses=NOT_FOUND)
def rotate(
    body: RotateIn, who: Caller = Depends(caller), app: ApiServices = Depends(services),
    webhook: int = WEBHOOK,
):
    """A new secret; the old one keeps signing (both signatures sent) for the overlap."""
    from audit_engine.services.integrations.webhooks import rotate_secret

    made = rotate_secret(
        app.uow(), app.clock, actor=who.actor, webhook=webhook, overlap_hours=body.overlap_hours
    )
    return _with_secret(made)


@router.delete("/{webhook}", response_model=WebhookOut, responses=NOT_FOUND)
def remove(
    who: Caller = Depends(caller), app: ApiServices = Depends(services), webhook: int = WEBHOOK
):
    """Stop delivering to the endpoint."""
    from audit_engine.services.integrations.webhooks import remove_webhook

    return plain(remove_webhook(app.uow(), app.clock, actor=who.actor, webhook=webhook))
