"""Signing in: email and password (argon2id), then the second factor when the user has one.

Failed attempts are counted per account and per client address in the database (see
domain/rules/accounts.py): slowed, then locked for a while; a lock is an event in the trail. The
password is checked outside any transaction (argon2 takes tens of milliseconds by design).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Final

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import SignInRefused, Throttled
from audit_engine.domain.integrity.totp import matching_step
from audit_engine.domain.rules.accounts import (
    ACCOUNT_POLICY,
    ADDRESS_POLICY,
    ThrottleState,
    account_key,
    after_failure,
    refusal,
)
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.words import said
from audit_engine.languages.current import N_
from audit_engine.services.administration import recovery_codes
from audit_engine.services.administration.known_devices import issue, known_key
from audit_engine.services.administration.second_factor import totp_seed
from audit_engine.services.administration.sso_policy import refuse_password_if_sso_only
from audit_engine.services.administration.web_sessions import (
    ENROL,
    SECOND_FACTOR,
    SIGNED_IN,
    NewSession,
    hash_token,
    open_session,
)
from audit_engine.services.lookup import grants_of
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import accounts as store
from audit_engine.storage.models.accounts import SignInThrottle, UserCredential
from audit_engine.storage.models.people import User
from audit_engine.storage.queries.lookups import user_with_email

WRONG = N_("email or password is wrong")
PRIVILEGED = frozenset({Role.ADMIN.value, Role.COMPLIANCE_OFFICER.value})
SYSTEM: Final = "sign-in"  # the trail's actor for events no signed-in person caused


def _keys(email: str, client: str, device: str | None = None) -> list[tuple[str, object, str]]:
    """What a failure counts against: the account (or, from a known device, that device
    instead) and the client address."""
    first = (device, ACCOUNT_POLICY, said("this browser")) if device else (
        account_key(email), ACCOUNT_POLICY, said("account %(email)s", email=email))
    return [first, (f"address:{client}", ADDRESS_POLICY,
                    said("address %(address)s", address=client))]


def sign_in(uow: UnitOfWork, clock: Clock, hasher, *, email: str, password: str, client: str,
            previous: str | None = None, device: str | None = None) -> NewSession:
    """A new session for the right password (the previous one, if any, is ended: the id
    always changes at sign-in). Throttled or SignInRefused otherwise. `device` is the known
    device cookie, if the browser sent one."""
    email = email.strip().lower()
    with uow.reading():
        session = uow.session
        refuse_password_if_sso_only(session, email)
        user = user_with_email(session, email)
        stored = session.get(UserCredential, user.id) if user else None
        password_hash = stored.password_hash if stored else None
        keys = _keys(email, client, known_key(password_hash, email, device, clock.now()))
        _refuse_if_throttled(session, keys, clock.now())
    # verify first, always: with no stored hash it checks a dummy one (same time as a wrong
    # password); then `password_hash is None` only tells the type checker what verify proved
    if not (hasher.verify(password_hash, password) and user.active) or password_hash is None:
        _count_failure(uow, clock, keys)
        raise SignInRefused.said(WRONG)
    with uow:
        session = uow.session
        now = clock.now()
        store.clear_throttle(session, keys[0][0])
        if previous:
            store.end_session(session, hash_token(previous))
        user = session.get(User, user.id)
        if hasher.needs_rehash(password_hash):
            password_hash = _rehash(session, user, hasher.hash(password))
        stage = _stage_after_password(session, user, stored)
        opened = open_session(session, user, stage, client, now)
        append_event(uow, now, Actor(user.email, "web"), "user.sign_in", f"user:{user.email}",
                     {"client": client, "stage": stage})
        uow.commit()
    return _with_device(opened, password_hash, now)


def _with_device(opened: NewSession, password_hash: str, now: datetime) -> NewSession:
    """A fully signed-in browser becomes a known device (a new cookie at every sign-in)."""
    if opened.stage != SIGNED_IN:
        return opened
    return replace(opened, device=issue(password_hash, opened.email, now))


def _rehash(session, user: User, hashed: str) -> str:
    """A hash made with older parameters is replaced (the password is at hand only now)."""
    credential = store.credential(session, user.id)
    credential.password_hash = hashed
    session.add(credential)
    return hashed


def _stage_after_password(session, user: User, credential: UserCredential | None) -> str:
    if credential is not None and credential.totp_enabled_at is not None:
        return SECOND_FACTOR
    policy = store.policy(session)
    if policy.sso_required:  # a break-glass account: password and second factor, always
        return ENROL
    if policy.totp_required_for_privileged and _privileged(session, user):
        return ENROL
    return SIGNED_IN


def _privileged(session, user: User) -> bool:
    return any(g.role in PRIVILEGED for g in grants_of(session, user))


def second_factor(uow: UnitOfWork, clock: Clock, hasher, *, token: str, code: str, client: str,
                  device: str | None = None) -> NewSession:
    """Finish a sign-in with the authenticator code or an unused recovery code; the session
    id changes again."""
    id_hash = hash_token(token)
    with uow:
        session = uow.session
        now = clock.now()
        row = store.web_session(session, id_hash)
        if row is None or row.stage != SECOND_FACTOR:
            raise SignInRefused.said("sign in with your password first")
        user = session.get(User, row.user_id)
        credential = session.get(UserCredential, user.id)
        known = known_key(credential.password_hash, user.email, device, now)
        keys = _keys(user.email, client, known)
        _refuse_if_throttled(session, keys, now)
        how = _second_factor_proof(uow, hasher, credential, code, now)
        if how:
            store.end_session(session, id_hash)
            opened = open_session(session, user, SIGNED_IN, client, now)
            append_event(uow, now, Actor(user.email, "web"), "user.second_factor",
                         f"user:{user.email}", {"client": client, "with": how})
            uow.commit()
            return _with_device(opened, credential.password_hash, now)
    _count_failure(uow, clock, keys)
    raise SignInRefused.said("the code is wrong or was used already")


def _second_factor_proof(uow: UnitOfWork, hasher, credential: UserCredential, code: str,
                         now) -> str:
    """What `code` is ("app code", "recovery code", used up now) or "" when it is neither."""
    if recovery_codes.is_recovery_code(code):
        used = recovery_codes.redeem(uow.session, hasher, credential.user_id, code, now)
        return "recovery code" if used else ""
    step = matching_step(totp_seed(uow, credential), code, now, credential.totp_last_step)
    if step is None:
        return ""
    credential.totp_last_step = step
    uow.session.add(credential)
    return "app code"


def _refuse_if_throttled(session, keys, now: datetime) -> None:
    rows = store.throttle_rows(session, [key for key, _, _ in keys])
    for key, policy, what in keys:
        row = rows.get(key)
        if row is None:
            continue
        why = refusal(_state(row), policy, now, what)
        if why:  # said: a page words it in its reader's language
            raise Throttled.said(why.message, **why.values)


def _count_failure(uow: UnitOfWork, clock: Clock, keys) -> None:
    """One more failure for each key, in its own transaction; a new lock goes in the trail."""
    with uow:
        session = uow.session
        now = clock.now()
        rows = store.lock_throttles(session, [key for key, _, _ in keys])
        for key, policy, _ in keys:
            row = rows[key]
            before = _state(row)
            after = after_failure(before, policy, now)
            row.failures, row.last_failure_at, row.locked_until = (
                after.failures, after.last_failure, after.locked_until or before.locked_until
            )
            session.add(row)
            if after.locked_until and after.locked_until != before.locked_until:
                payload = {"failures": after.failures, "until": after.locked_until.isoformat()}
                append_event(uow, now, SYSTEM, "sign_in.lock", key, payload)
        uow.commit()


def _state(row: SignInThrottle) -> ThrottleState:
    return ThrottleState(row.failures, row.last_failure_at, row.locked_until)
