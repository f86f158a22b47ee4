"""Personal API tokens: create (the secret is returned once), list, revoke, authenticate.

A token acts as its user, with that user's roles and facility scope at the time of each
request (grants are read per request, never copied into the token); a read-only token
additionally may not write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotAuthenticated, NotFound, PermissionDenied
from audit_engine.domain.integrity import tokens
from audit_engine.domain.rules.permissions import holds
from audit_engine.services.lookup import actor_with_grants, email_of
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import tokens as store
from audit_engine.storage.models.api import ApiToken

TOUCH_EVERY = timedelta(seconds=60)  # last use is written at most this often per token


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    owner: str
    prefix: str
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    state: str  # active | expired | revoked


@dataclass(frozen=True)
class CreatedToken:
    token: TokenView
    secret: str  # shown once, never stored


@dataclass(frozen=True)
class TokenIdentity:
    """Who a presented token acts as."""

    token_id: int
    email: str
    read_only: bool


def token_view(row: ApiToken, owner: str, now: datetime) -> TokenView:
    why = tokens.usable(row.revoked_at, row.expires_at, now)
    state = "active" if why is None else ("revoked" if row.revoked_at else "expired")
    return TokenView(
        row.id, row.name, owner, row.prefix, row.read_only, row.created_at, row.expires_at,
        row.last_used_at, row.revoked_at, state,
    )


def create_token(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, name: str, expires_days: int | None = None,
    read_only: bool = False
) -> CreatedToken:
    name = tokens.check_name(name)
    now = clock.now()
    expires_at = tokens.expiry(now, expires_days)
    secret = tokens.new_secret()
    with uow:
        session = uow.session
        user, _ = actor_with_grants(session, actor)
        row = ApiToken(
            user_id=user.id, name=name, token_hash=tokens.hash_secret(secret),
            prefix=secret[: tokens.SHOWN_PREFIX], read_only=read_only, created_at=now,
            expires_at=expires_at,
        )
        session.add(row)
        session.flush()
        payload = {"name": name, "read_only": read_only, "expires_at": _iso(expires_at)}
        append_event(uow, now, actor, "token.create", f"token:{row.id}", payload)
        uow.commit()
        return CreatedToken(token_view(row, user.email, now), secret)


def list_tokens(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                everyone: bool = False) -> list[TokenView]:
    """The actor's own tokens; an admin may ask for everyone's."""
    now = clock.now()
    with uow.reading():
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        if everyone and not holds(grants, {"admin"}, None):
            raise PermissionDenied(f"{actor} may not list other users' tokens: needs role admin")
        rows = store.tokens_of(session, None if everyone else user.id)
        return [token_view(row, owner, now) for row, owner in rows]


def revoke_token(uow: UnitOfWork, clock: Clock, *, actor: Actor, token_id: int) -> TokenView:
    """Revoke one's own token (an admin: anyone's). Revoking twice changes nothing."""
    now = clock.now()
    with uow:
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        row = session.get(ApiToken, token_id)
        if row is None or (row.user_id != user.id and not holds(grants, {"admin"}, None)):
            raise NotFound.said("token %(token)s not found", token=token_id)

        owner = actor.email if row.user_id == user.id else _owner(session, row)
        if row.revoked_at is None:
            row.revoked_at = now
            session.add(row)
            append_event(uow, now, actor, "token.revoke", f"token:{row.id}", {"owner": owner})
            uow.commit()
        return token_view(row, owner, now)


def authenticate(uow: UnitOfWork, clock: Clock, secret: str) -> TokenIdentity:
    """The identity of a presented secret; NotAuthenticated when unknown, revoked or expired.
    Revocation and expiry take effect at once: every request reads the row."""
    if not tokens.looks_like_token(secret):
        raise NotAuthenticated("the bearer token is not an audit-engine API token")
    now = clock.now()
    with uow.reading():
        found = store.token_by_hash(uow.session, tokens.hash_secret(secret))
    if found is None:
        raise NotAuthenticated("the bearer token is unknown")
    row, email = found
    why = tokens.usable(row.revoked_at, row.expires_at, now)
    if why:
        raise NotAuthenticated(why)
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        with uow:
            store.touch(uow.session, row.id, now)
            uow.commit()
    return TokenIdentity(row.id, email, row.read_only)


def _owner(session, row: ApiToken) -> str:
    return email_of(session, row.user_id) or "?"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
