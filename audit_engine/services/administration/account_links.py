"""Passwords: set by an operator, or through a single-use, expiring link sent by mail
(an invitation for a new user, a reset for a forgotten password)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import AuditEngineError, InvalidInput, NotFound
from audit_engine.domain.formats.times import moment_text
from audit_engine.domain.rules.accounts import (
    INVITATION_VALID,
    RESET_VALID,
    account_key,
    check_password,
)
from audit_engine.domain.rules.permissions import require
from audit_engine.services.administration.web_sessions import hash_token
from audit_engine.services.lookup import actor_with_grants, user_by_email
from audit_engine.services.mail.outbox import enqueue, outbox_row
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import accounts as store
from audit_engine.storage.models.accounts import AccountToken
from audit_engine.storage.models.people import User
from audit_engine.storage.queries.lookups import user_with_email

INVITATION, RESET = "invitation", "reset"
RESET_MAIL_EVERY = timedelta(minutes=5)  # at most one reset mail per account in this time


@dataclass(frozen=True)
class LinkSent:
    email: str
    purpose: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkStatus:
    email: str
    name: str
    purpose: str


def set_password(uow: UnitOfWork, clock: Clock, hasher, *, actor: Actor, email: str,
                 password: str) -> str:
    """An operator sets a user's password (`user set-password`); their sessions end."""
    check_password(password)
    hashed = hasher.hash(password)
    with uow:
        session = uow.session
        user = user_by_email(session, email)
        now = clock.now()
        _store_password(session, user, hashed, now)
        append_event(uow, now, actor, "user.set_password", f"user:{user.email}", {})
        uow.commit()
    return user.email


def _store_password(session, user: User, hashed: str, now: datetime) -> None:
    credential = store.credential(session, user.id)
    credential.password_hash, credential.password_changed_at = hashed, now
    session.add(credential)
    # a new password lifts a lock: the lock message sends the owner here
    store.clear_throttle(session, account_key(user.email))
    store.end_sessions(session, user.id)
    store.retire_tokens(session, user.id, now)


def send_invitation(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, public_url: str,
                    mail_domain: str) -> LinkSent:
    """Mail a user (added already) a link to choose a password; older links stop working."""
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "user.add")
        user = user_by_email(session, email)
        if not user.active:
            raise InvalidInput.said("user %(email)s is deactivated; reactivate before inviting",
                                    email=user.email)
        sent = queue_invitation(uow, clock.now(), user, actor, public_url, mail_domain)
        uow.commit()
    return sent


def queue_invitation(uow: UnitOfWork, now, user: User, actor: Actor, public_url: str,
                     mail_domain: str) -> LinkSent:
    """Inside a caller's transaction: `user`'s invitation link, mailed with the commit."""
    session = uow.session
    sent = _send_link(session, now, user, INVITATION, actor, public_url, mail_domain)
    append_event(uow, now, actor, "user.invite", f"user:{user.email}",
                 {"expires": sent.expires_at.isoformat()})
    return sent


def request_reset(uow: UnitOfWork, clock: Clock, *, email: str, public_url: str,
                  mail_domain: str) -> None:
    """Anyone may ask; a link goes out only to an active user, at most every few minutes.
    The answer is the same whether or not the account exists."""
    email = email.strip().lower()
    with uow:
        session = uow.session
        now = clock.now()
        user = user_with_email(session, email)
        if user is None or not user.active:
            return
        latest = store.latest_token(session, user.id, RESET)
        if latest and now - latest.created_at < RESET_MAIL_EVERY:
            return
        asker = Actor(user.email, "web")  # a reset is asked for, and a link redeemed, on the web
        _send_link(session, now, user, RESET, asker, public_url, mail_domain)
        append_event(uow, now, asker, "user.reset_requested", f"user:{user.email}", {})
        uow.commit()


def _send_link(session, now, user: User, purpose: str, actor: Actor, public_url: str,
               mail_domain: str) -> LinkSent:
    token = secrets.token_urlsafe(32)
    expires = now + (INVITATION_VALID if purpose == INVITATION else RESET_VALID)
    store.retire_tokens(session, user.id, now)
    session.add(AccountToken(token_hash=hash_token(token), user_id=user.id, purpose=purpose,
                             created_by=actor.email, created_at=now, expires_at=expires))
    link = f"{public_url}/password/{token}"
    context = {"name": user.name, "email": user.email, "link": link,
               "expires": moment_text(expires, None)}  # a person's link: the server's zone
    if purpose == INVITATION:
        context.update(_who_and_where(session, user, actor))
    template = "account_invitation" if purpose == INVITATION else "password_reset"
    row = outbox_row(rule=template, key=hash_token(token)[:32], recipients=[user.email],
                     template=template, context=context, now=now, mail_domain=mail_domain)
    enqueue(session, [row])
    return LinkSent(user.email, purpose, expires)


def _who_and_where(session, user: User, actor: Actor) -> dict:
    """Who invited them, and to which roles at which facilities (for the invitation)."""
    from audit_engine.services.lookup import grants_of
    from audit_engine.storage.queries.facilities import all_facilities
    from audit_engine.storage.queries.people import names_by_email

    inviter = actor.email
    name = names_by_email(session, [inviter]).get(inviter)
    names = {f.code: f.name for f in all_facilities(session)}
    return {"invited_by": f"{name} ({inviter})" if name else inviter,
            "grants": [{"role": g.role, "facility": g.facility,
                        "facility_name": names.get(g.facility, "")}
                       for g in sorted(grants_of(session, user),
                                       key=lambda g: (g.role, g.facility or ""))]}


def link_status(uow: UnitOfWork, clock: Clock, token: str) -> LinkStatus:
    """Whom a link is for; NotFound when it is unknown, used or expired."""
    with uow.reading():
        row, user = _live_link(uow.session, token, clock.now())
        return LinkStatus(user.email, user.name, row.purpose)


def redeem_link(uow: UnitOfWork, clock: Clock, hasher, *, token: str, password: str) -> str:
    """Set the password through a link; the link (and every other of the user's) is used up."""
    check_password(password)
    hashed = hasher.hash(password)
    with uow:
        session = uow.session
        now = clock.now()
        row, user = _live_link(session, token, now)
        _store_password(session, user, hashed, now)
        append_event(uow, now, Actor(user.email, "web"), f"user.{row.purpose}_accepted",
                     f"user:{user.email}", {})
        uow.commit()
    return user.email


@dataclass(frozen=True)
class PasswordChoice:
    link: LinkStatus  # whom the link is for
    refused: AuditEngineError | None  # too short, the two differ, or the link used meanwhile


def choose_password(uow: UnitOfWork, clock: Clock, hasher, *, token: str, password: str,
                    repeat: str) -> PasswordChoice:
    """The password page's Save: the password set through a link (typed twice), or why not;
    NotFound when the link is unknown, used or expired before the page was sent."""
    link = link_status(uow, clock, token)
    try:
        if password != repeat:
            raise InvalidInput.said("the two passwords differ")
        redeem_link(uow, clock, hasher, token=token, password=password)
    except AuditEngineError as error:
        return PasswordChoice(link, error)
    return PasswordChoice(link, None)


def _live_link(session, token: str, now: datetime) -> tuple[AccountToken, User]:
    row = session.get(AccountToken, hash_token(token))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise NotFound.said("this link is unknown, used already or expired; ask for a new one")
    user = session.get(User, row.user_id)
    if not user.active:
        raise NotFound.said("this link is unknown, used already or expired; ask for a new one")
    return row, user
