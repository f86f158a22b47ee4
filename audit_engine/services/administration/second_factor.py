"""The optional second factor (TOTP, RFC 6238) with its recovery codes, and the policy requiring
it for admins and compliance officers."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.integrity.totp import matching_step, new_secret, provisioning_uri
from audit_engine.domain.rules.permissions import require
from audit_engine.services.administration import recovery_codes
from audit_engine.services.administration.web_sessions import SIGNED_IN, hash_token
from audit_engine.services.lookup import actor_with_grants, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import accounts as store
from audit_engine.storage.models.accounts import SecurityPolicy

TOTP_SEED = "totp seed"  # what a sealed seed is bound to (credentials/sealed.py)


def totp_seed(uow: UnitOfWork, credential) -> str:
    """The credential's TOTP seed, unsealed ("" when there is none)."""
    stored = credential.totp_secret
    return uow.secrets.open(TOTP_SEED, stored) if stored else ""


def _account(session, email: str):
    """The user with this e-mail and their credential row."""
    user = user_by_email(session, email)
    return user, store.credential(session, user.id)


def _new_codes(hasher) -> tuple[list[str], list[str]]:
    """New recovery codes and their hashes, made before the transaction (hashing is slow)."""
    codes = recovery_codes.new_codes()
    return codes, recovery_codes.hashes_of(hasher, codes)


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    enabled: bool
    recovery_codes_left: int = 0


def second_factor_state(uow: UnitOfWork, *, actor: Actor) -> Enrolment:
    """The actor's second factor: enabled, or a pending secret to add to an app (made now)."""
    with uow:
        session = uow.session
        user, credential = _account(session, actor.email)
        if credential.totp_enabled_at is None and not credential.totp_secret:
            credential.totp_secret = uow.secrets.seal(TOTP_SEED, new_secret())
            session.add(credential)
        secret, enabled = totp_seed(uow, credential), credential.totp_enabled_at is not None
        left = recovery_codes.unused_count(session, user.id)
        uow.commit()
    uri = "" if enabled else provisioning_uri(secret, actor.email)
    return Enrolment("" if enabled else secret, uri, enabled, left)


def enable_second_factor(uow: UnitOfWork, clock: Clock, hasher, *, actor: Actor, code: str,
                         token: str) -> list[str]:
    """Confirm the pending secret with a code from the app; a session waiting for enrolment
    becomes signed in. The recovery codes, to be shown once."""
    codes, hashes = _new_codes(hasher)
    with uow:
        session, now = uow.session, clock.now()
        user, credential = _account(session, actor.email)
        if credential.totp_enabled_at is not None:
            raise InvalidInput.said("the second factor is on already")
        step = matching_step(totp_seed(uow, credential), code, now)
        if step is None:
            raise InvalidInput.said("code: that is not the code the app shows now; try the next "
                                    "one")
        credential.totp_enabled_at, credential.totp_last_step = now, step
        session.add(credential)
        recovery_codes.store_codes(session, user.id, hashes, now)
        current = store.web_session(session, hash_token(token))
        if current is not None:
            current.stage = SIGNED_IN
            session.add(current)
        append_event(uow, now, actor, "user.second_factor_on", f"user:{actor}",
                     {"recovery_codes": len(codes)})
        uow.commit()
    return codes


def regenerate_recovery_codes(uow: UnitOfWork, clock: Clock, hasher, *, actor: Actor,
                              proof: str) -> list[str]:
    """New recovery codes (the old ones stop working), for a code from the app or the
    password: an open session alone is not enough. The codes, to be shown once."""
    codes, hashes = _new_codes(hasher)
    with uow:
        session, now = uow.session, clock.now()
        user, credential = _account(session, actor.email)
        if credential.totp_enabled_at is None:
            raise InvalidInput.said("turn the second factor on first: recovery codes come with "
                                    "it")
        _check_proof(uow, credential, proof, hasher, now)
        recovery_codes.store_codes(session, user.id, hashes, now)
        append_event(uow, now, actor, "user.recovery_codes", f"user:{user.email}",
                     {"count": len(codes)})
        uow.commit()
    return codes


def disable_second_factor(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str,
                          proof: str = "",
                          hasher=None) -> None:
    """Turn a second factor off: your own (unless policy requires it) with a code from the app
    or your password as `proof` (a session left open is not enough), or anyone's as admin (a
    lost phone)."""
    with uow:
        session = uow.session
        me, grants = actor_with_grants(session, actor)
        if email.strip().lower() != me.email:
            require(actor, grants, "user.add")
        elif store.policy(session).totp_required_for_privileged and any(
            g.role in ("admin", "compliance_officer") for g in grants
        ):
            raise InvalidInput.said("the security policy requires a second factor for your role")
        user, credential = _account(session, email)
        if user.id == me.id:
            _check_proof(uow, credential, proof, hasher, clock.now())
        credential.totp_secret, credential.totp_enabled_at = None, None
        session.add(credential)
        recovery_codes.store_codes(session, user.id, [], clock.now())
        append_event(uow, clock.now(), actor, "user.second_factor_off", f"user:{user.email}",
                     {})
        uow.commit()


def _check_proof(uow: UnitOfWork, credential, proof: str, hasher, now) -> None:
    proof = proof.strip()
    if proof and matching_step(totp_seed(uow, credential), proof, now,
                               credential.totp_last_step) is not None:
        return
    if proof and hasher is not None and hasher.verify(credential.password_hash, proof):
        return
    raise InvalidInput.said("code or password: give a code from your authenticator app or your "
                            "password to turn the second factor off")



def require_second_factor(uow: UnitOfWork, clock: Clock, *, actor: Actor, required: bool) -> bool:
    """An admin requires (or stops requiring) a second factor for admins and officers."""
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "user.add")
        row = session.get(SecurityPolicy, 1) or SecurityPolicy(id=1)
        row.totp_required_for_privileged = required
        row.updated_by, row.updated_at = actor.email, clock.now()
        session.add(row)
        append_event(uow, clock.now(), actor, "security.second_factor_policy", "security",
                     {"required_for_admins_and_officers": required})
        uow.commit()
    return required


def second_factor_required(uow: UnitOfWork) -> bool:
    with uow.reading():
        return store.policy(uow.session).totp_required_for_privileged
