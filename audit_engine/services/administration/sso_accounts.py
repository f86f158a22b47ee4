"""Who a provider's ID token names here, and the roles its groups give.

A person is found by the issuer and `sub` of a linked identity, never by e-mail alone: an
existing account with the same e-mail is refused (its owner links it while signed in, or an
admin does). Without a link, an account is created only for the provider's listed e-mail
domains. The group mapping is applied at every sign-in; its grants carry the provider's key
(`mapped_by`), so hand grants are never revoked by it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.sso import (
    IDENTITY_PROVIDER,
    Provider,
    SsoRefused,
    mapped_roles,
    may_create,
)
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import SystemActor, append_event
from audit_engine.storage import directory
from audit_engine.storage import sso as store
from audit_engine.storage.models.people import RoleGrant, User
from audit_engine.storage.models.sso import SsoIdentity
from audit_engine.storage.queries.lookups import user_with_email


def email_claim(claims: dict[str, Any], provider: Provider) -> str:
    """The verified e-mail of the claims (SsoRefused `email` when absent or unverified)."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SsoRefused("email", f"no email claim (claims: {sorted(claims)})", provider.key)
    if claims.get("email_verified") is False:
        raise SsoRefused("email", f"email {email!r} is not verified", provider.key)
    return email.strip().lower()


def wanted_roles(claims: dict[str, Any], provider: Provider) -> set[tuple[str, str]]:
    return mapped_roles(claims.get(provider.groups_claim), provider.roles)


def person_for(uow: UnitOfWork, now: datetime, provider: Provider, claims: dict[str, Any]) -> User:
    """The linked user, or a new one for a listed domain; refused otherwise."""
    session = uow.session
    linked = store.identity(session, provider.issuer, claims["sub"])
    if linked is not None:
        user = session.get(User, linked.user_id)
        linked.last_sign_in_at = now
        linked.email = str(claims.get("email", ""))[:254]
        session.add(linked)
    else:
        user = _new_person(uow, now, provider, claims)
    if not user.active:
        raise SsoRefused("deactivated", f"{user.email} is deactivated", provider.key)
    return user


def _new_person(uow: UnitOfWork, now: datetime, provider: Provider, claims: dict[str, Any]) -> User:
    session = uow.session
    email = email_claim(claims, provider)
    if user_with_email(session, email) is not None:
        raise SsoRefused("taken", f"{email} exists and is not linked to sub {claims['sub']!r} "
                                  f"at {provider.issuer}", provider.key)
    if not may_create(email, provider):
        raise SsoRefused("domain", f"{email}: domain not in {list(provider.new_account_domains)}",
                         provider.key)
    if provider.roles and not wanted_roles(claims, provider):
        raise SsoRefused("no_role", no_role_detail(claims, provider), provider.key)
    name = str(claims.get("name") or email)[:200]
    user = User(email=email, name=name, created_at=now)
    session.add(user)
    session.flush()
    link(uow, now, user, provider, claims, IDENTITY_PROVIDER)
    append_event(uow, now, IDENTITY_PROVIDER, "user.add", f"user:{email}",
                 {"name": name, "provider": provider.key, "subject": claims["sub"]})
    return user


def link(uow: UnitOfWork, now: datetime, user: User, provider: Provider, claims: dict[str, Any],
         by: Actor | SystemActor) -> None:
    """Link (issuer, sub) to `user`; refused when it names another account already."""
    session = uow.session
    linked = store.identity(session, provider.issuer, claims["sub"])
    if linked is not None and linked.user_id != user.id:
        raise SsoRefused("linked_elsewhere", f"sub {claims['sub']!r} is linked to user "
                                             f"#{linked.user_id}", provider.key)
    if linked is None:
        session.add(SsoIdentity(issuer=provider.issuer, subject=claims["sub"], user_id=user.id,
                                email=str(claims.get("email", ""))[:254],
                                linked_by=by.email if isinstance(by, Actor) else by,
                                linked_at=now))
        append_event(uow, now, by, "user.sso_link", f"user:{user.email}",
                     {"provider": provider.key, "issuer": provider.issuer,
                      "subject": claims["sub"]})


def apply_roles(uow: UnitOfWork, now: datetime, user: User, provider: Provider,
                claims: dict[str, Any]) -> None:
    """Grant what the groups give and revoke the provider's grants they no longer give;
    each change is a trail event by the identity provider. Hand grants are left alone."""
    session = uow.session
    if not provider.roles:
        return
    wanted = wanted_roles(claims, provider)
    held = {(g.role, code): g for g, code in store.grants_with_codes(session, user.id)}
    places = store.facility_ids(session, {f for _, f in wanted if f != "*"})
    for role, code in sorted(wanted - set(held)):
        if code != "*" and code not in places:
            continue  # a facility the table names that does not exist (yet)
        session.add(RoleGrant(user_id=user.id, role=role, facility_id=places.get(code),
                              mapped_by=provider.key))
        _trail(uow, now, "user.grant", user, role, code, provider)
    for (role, code), grant in held.items():
        if grant.mapped_by == provider.key and (role, code) not in wanted:
            directory.remove(session, grant)
            _trail(uow, now, "user.revoke", user, role, code, provider)


def _trail(uow: UnitOfWork, now, change: str, user: User, role: str, code: str, provider) -> None:
    append_event(uow, now, IDENTITY_PROVIDER, change, f"user:{user.email}",
                 {"role": role, "facility": code, "provider": provider.key})


def no_role_detail(claims: dict[str, Any], provider: Provider) -> str:
    return (f"claim {provider.groups_claim!r} = {claims.get(provider.groups_claim)!r} "
            f"matches no row of the role table")
