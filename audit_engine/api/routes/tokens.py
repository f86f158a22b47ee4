"""/tokens: your personal API tokens (list, revoke). Create them with the CLI or web page."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from audit_engine.api.routes.common import (
    NOT_FOUND,
    Caller,
    caller,
    number_id,
    plain,
    services,
)
from audit_engine.api.schemas.webhooks import TokenOut
from audit_engine.api.state import ApiServices

router = APIRouter(prefix="/tokens", tags=["tokens"])
TOKEN_ID = number_id("token_id", "token", "The token's number, from `GET /tokens`.")


@router.get("", response_model=list[TokenOut])
def tokens(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Your tokens, newest first (never their secrets)."""
    from audit_engine.services.integrations.tokens import list_tokens

    return plain(list_tokens(app.uow(), app.clock, actor=who.actor))


@router.delete("/{token_id}", response_model=TokenOut, responses=NOT_FOUND)
def revoke(
    who: Caller = Depends(caller), app: ApiServices = Depends(services), token_id: int = TOKEN_ID
):
    """Revoke a token at once (yours; an admin: anyone's)."""
    from audit_engine.services.integrations.tokens import revoke_token

    return plain(revoke_token(app.uow(), app.clock, actor=who.actor, token_id=token_id))
