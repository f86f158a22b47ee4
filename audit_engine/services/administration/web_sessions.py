"""Web sessions: who a session cookie names, keeping it alive, ending it.

The cookie holds a random id; the database holds its SHA-256 only. A session is at stage
`signed_in`, or waits for the second factor (`second_factor`), or must first enrol one
(`enrol_second_factor`, when the security policy requires it for the user's role).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.accounts import SessionPolicy
from audit_engine.services.lookup import grants_of
from audit_engine.services.mail import inbox
from audit_engine.services.mail.languages import ENGLISH
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import accounts as store
from audit_engine.storage.models.accounts import WebSession
from audit_engine.storage.models.people import User

SIGNED_IN, SECOND_FACTOR, ENROL = "signed_in", "second_factor", "enrol_second_factor"
STAGES = (SIGNED_IN, SECOND_FACTOR, ENROL)


@dataclass(frozen=True)
class NewSession:
    """What the edge sets as the cookie (`token`) right after a sign-in step."""

    token: str
    stage: str
    email: str
    device: str | None = None  # the known-device cookie, once fully signed in


@dataclass(frozen=True)
class WebIdentity:
    """The signed-in person behind a session cookie."""

    email: str
    name: str
    stage: str
    csrf_token: str
    roles: frozenset[str]
    session_hash: str
    unread: int = 0  # unread items in the in-app inbox (the bell on every page)
    language: str = "en"  # what they read: theirs, else their facility's default, else English
    also: Any = None  # what the caller asked to read with the identity (`current_identity`)

    @property
    def signed_in(self) -> bool:
        return self.stage == SIGNED_IN

    @property
    def actor(self) -> Actor:
        """Who acts, for the services: this person, through the web (the trail records both)."""
        return Actor(self.email, "web")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session, user: User, stage: str, client: str, now: datetime,
                 provider: str | None = None) -> NewSession:
    """Add a fresh session (new random id, new CSRF token) to the current transaction;
    `provider`: the identity provider it was opened through, if any."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id_hash=hash_token(token),
            user_id=user.id,
            stage=stage,
            csrf_token=secrets.token_urlsafe(32),
            client=client[:100],
            created_at=now,
            last_seen_at=now,
            provider=provider,
        )
    )
    return NewSession(token, stage, user.email)


def current_identity(uow: UnitOfWork, clock: Clock, policy: SessionPolicy, token: str | None,
                     *, also: Callable[..., Any] | None = None) -> WebIdentity | None:
    """The identity of a live session, or None (unknown, expired, or the user deactivated).
    An expired session is deleted; last-seen is written at most every policy.touch_every.
    `also(session, user, grants)`: a further read for a fully signed-in session, in the same
    transaction (a whole page's navigation counts); its result is the identity's `also`."""
    if not token:
        return None
    id_hash, now = hash_token(token), clock.now()
    with uow.reading():
        session = uow.session
        found = store.web_session_with_user(session, id_hash, inbox.kept_since(now))
        if found is None:
            return None
        row, user = found.row, found.user
        alive = user.active and not policy.expired(row.created_at, row.last_seen_at, now)
        grants = grants_of(session, user) if alive else []
        language = user.language or found.facility_language or ENGLISH
        extra = also(session, user, grants) if also and alive and row.stage == SIGNED_IN else None
        identity = WebIdentity(user.email, user.name, row.stage, row.csrf_token,
                               frozenset(g.role for g in grants), id_hash,
                               found.unread if alive else 0, language, extra)
        touch = now - row.last_seen_at > policy.touch_every
    if not alive:
        end_session(uow, token)
        return None
    if touch:
        _touch(uow, id_hash, now)
    return identity


def _touch(uow: UnitOfWork, id_hash: str, now: datetime) -> None:
    with uow:
        store.touch_session(uow.session, id_hash, now)
        uow.commit()


def end_session(uow: UnitOfWork, token: str | None) -> str | None:
    """Sign out: the session row goes; the cookie names nothing any more. The identity
    provider it was opened through (if any) is returned: its own sign-out is offered."""
    if not token:
        return None
    with uow:
        row = store.web_session(uow.session, hash_token(token))
        provider = row.provider if row else None
        store.end_session(uow.session, hash_token(token))
        uow.commit()
    return provider

