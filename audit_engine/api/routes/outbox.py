"""/outbox: messages waiting, sent and failed (read only; `outbox.read`: admins and compliance
officers of every facility)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query

from audit_engine.api.routes.common import Caller, caller, plain, services
from audit_engine.api.schemas.base import Record
from audit_engine.api.state import ApiServices

router = APIRouter(tags=["outbox"])


@router.get("/outbox", response_model=list[Record])
def outbox(
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    status: Literal["pending", "sending", "sent", "failed"] | None = Query(None),
    limit: int = Query(200, ge=1, le=1000),
):
    """Messages, newest first: e-mails and webhook deliveries."""
    from audit_engine.services.mail.reads import outbox_for

    return plain(outbox_for(app.uow, actor=who.actor, status=status, limit=limit))
