"""Signing in through an identity provider (OpenID Connect authorization code flow, PKCE).

`begin` stores the attempt (the hash of its `state`, its nonce and PKCE verifier) and gives
the provider's address; `finish` takes the attempt back once, exchanges the code, checks the ID
token and then signs the person in, links the identity to the signed-in account, or (an
admin's test) only shows what the claims would give. Every refusal is logged and written to
the trail under the short reference the person sees.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from audit_engine.credentials.oidc import OidcFailure, new_secret
from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import PermissionDenied
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.sso import Provider, SsoRefused
from audit_engine.services.administration import sso_accounts
from audit_engine.services.administration.sign_in import SYSTEM
from audit_engine.services.administration.web_sessions import (
    SIGNED_IN,
    NewSession,
    hash_token,
    open_session,
)
from audit_engine.services.lookup import actor_with_grants, grants_of, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import accounts
from audit_engine.storage import sso as store
from audit_engine.storage.models.people import User
from audit_engine.storage.models.sso import SsoAttempt

log = logging.getLogger("audit_engine.sso")
ATTEMPT_LIFETIME = timedelta(minutes=10)
PURPOSES = ("sign_in", "link", "test")


@dataclass(frozen=True)
class Started:
    url: str  # the provider's authorization address
    state: str  # also kept in a cookie: the callback must come back to the same browser


@dataclass(frozen=True)
class Finished:
    purpose: str
    provider: str
    next_path: str = "/"
    opened: NewSession | None = None  # sign_in
    claims: dict[str, Any] = field(default_factory=dict)  # test
    roles: tuple[tuple[str, str], ...] = ()  # test: what the mapping would give


def begin(uow: UnitOfWork, clock: Clock, sso, *, key: str, purpose: str, redirect_uri: str,
          next_path: str = "/",
          actor: Actor | None = None) -> Started:
    """A new attempt at `key`'s provider (`actor`: who links or tests, signed in)."""
    user = actor.email if actor else None
    try:
        provider = _provider(sso, key)
        if purpose == "test":
            _admin_only(uow, user)
        state, nonce, verifier = new_secret(), new_secret(), new_secret()
        url = sso.clients[key].authorization_url(redirect_uri, provider.scopes, state, nonce,
                                                 verifier)
    except OidcFailure as failure:
        raise record(uow, clock, SsoRefused(failure.kind, failure.detail, key)) from None
    except SsoRefused as refused:
        raise record(uow, clock, refused) from None
    with uow:
        session, now = uow.session, clock.now()
        user_id = user_by_email(session, user).id if user else None
        store.forget_attempts_before(session, now - ATTEMPT_LIFETIME)
        session.add(SsoAttempt(state_hash=hash_token(state), provider=key, purpose=purpose,
                               nonce=nonce, verifier=verifier, user_id=user_id,
                               next_path=next_path[:500], created_at=now))
        uow.commit()
    return Started(url, state)


def finish(uow: UnitOfWork, clock: Clock, sso, *, state: str, expected_state: str | None, code: str,
           error: str, redirect_uri: str, client: str, previous: str | None,
           actor: Actor | None = None) -> Finished:
    """The provider's answer at the callback, checked and acted on (SsoRefused otherwise).
    A link or a test must come back to the person who began it (`actor`, signed in)."""
    try:
        attempt = _take(uow, clock, state, expected_state)
        _same_person(uow, attempt, actor.email if actor else None)
        try:
            claims = _claims(clock, sso, attempt, code, error, redirect_uri)
            return _act(uow, clock, _provider(sso, attempt.provider), attempt, claims, client,
                        previous)
        except OidcFailure as failure:
            raise SsoRefused(failure.kind, failure.detail, attempt.provider) from None
    except SsoRefused as refused:
        raise record(uow, clock, refused) from None


def provider_sign_out(sso, key: str, after: str) -> tuple[str, str] | None:
    """(display name, address) of the provider's own sign-out, when it has one and answers."""
    if key not in sso.providers:
        return None
    try:
        url = sso.clients[key].end_session_url(after)
    except OidcFailure as failure:
        log.warning("no sign-out address from provider %s: %s", key, failure.detail)
        return None
    return (sso.providers[key].display_name, url) if url else None


def record(uow: UnitOfWork, clock: Clock, refused: SsoRefused) -> SsoRefused:
    """Log and trail the technical reason under the reference the person is shown."""
    log.warning("single sign-on refused, reference %s, provider %s: %s: %s",
                refused.reference, refused.provider or "-", refused.kind, refused.detail)
    with uow:
        append_event(uow, clock.now(), SYSTEM, "sso.refused",
                     f"sso:{refused.provider or '-'}",
                     {"reference": refused.reference, "reason": refused.kind,
                      "detail": refused.detail[:1000]})
        uow.commit()
    return refused


def _same_person(uow: UnitOfWork, attempt: SsoAttempt, signed_in_as: str | None) -> None:
    if attempt.user_id is None:
        return
    with uow.reading():
        user = uow.session.get(User, attempt.user_id)
    if signed_in_as is None or user is None or user.email != signed_in_as:
        raise SsoRefused("state", f"begun by user #{attempt.user_id}, come back as "
                                  f"{signed_in_as!r}", attempt.provider)


def _provider(sso, key: str) -> Provider:
    if key not in sso.providers:
        raise SsoRefused("unknown_provider", f"no provider with key {key!r}", key[:40])
    return sso.providers[key]


def _admin_only(uow: UnitOfWork, user: str | None) -> None:
    with uow.reading():
        _, grants = actor_with_grants(uow.session, Actor(user or "", "web"))
    if not any(g.role == Role.ADMIN for g in grants):
        raise PermissionDenied(f"{user} may not test single sign-on", permission="user.edit")


def _take(uow: UnitOfWork, clock: Clock, state: str, expected: str | None) -> SsoAttempt:
    if not state or not expected or state != expected:
        raise SsoRefused("state", f"state {state[:12]!r}... is not the one this browser "
                                  f"started ({(expected or '')[:12]!r}...)")
    with uow:
        attempt = store.take_attempt(uow.session, hash_token(state))
        uow.commit()
    if attempt is None:
        raise SsoRefused("state", "no sign-in under way with this state (used already)")
    if clock.now() - attempt.created_at > ATTEMPT_LIFETIME:
        raise SsoRefused("state", f"the attempt began at {attempt.created_at.isoformat()}, "
                                  f"more than {ATTEMPT_LIFETIME} ago", attempt.provider)
    return attempt


def _claims(clock: Clock, sso, attempt: SsoAttempt, code: str, error: str,
            redirect_uri: str) -> dict[str, Any]:
    if error or not code:
        raise OidcFailure("provider", f"the provider answered error={error or 'no code'}")
    _provider(sso, attempt.provider)  # still in the settings
    client = sso.clients[attempt.provider]
    id_token = client.exchange(code, redirect_uri, attempt.verifier)
    return client.verify(id_token, attempt.nonce, clock.now())


def _act(uow: UnitOfWork, clock: Clock, provider: Provider, attempt: SsoAttempt, claims: dict[str,
         Any],
         client: str, previous: str | None) -> Finished:
    if attempt.purpose == "test":
        roles = tuple(sorted(sso_accounts.wanted_roles(claims, provider)))
        return Finished("test", provider.key, "/admin/sso", claims=claims, roles=roles)
    with uow:
        session, now = uow.session, clock.now()
        if attempt.purpose == "link":
            user = session.get(User, attempt.user_id)
            sso_accounts.link(uow, now, user, provider, claims, Actor(user.email, "web"))
            uow.commit()
            return Finished("link", provider.key, attempt.next_path)
        user = sso_accounts.person_for(uow, now, provider, claims)
        sso_accounts.apply_roles(uow, now, user, provider, claims)
        if not grants_of(session, user):
            uow.commit()  # the revokes stand: the groups changed at the provider
            raise SsoRefused("no_role", sso_accounts.no_role_detail(claims, provider),
                             provider.key)
        if previous:
            accounts.end_session(session, hash_token(previous))
        opened = open_session(session, user, SIGNED_IN, client, now, provider=provider.key)
        append_event(uow, now, Actor(user.email, "web"), "user.sign_in",
                     f"user:{user.email}",
                     {"client": client, "stage": SIGNED_IN, "provider": provider.key})
        uow.commit()
    return Finished("sign_in", provider.key, attempt.next_path, opened)
