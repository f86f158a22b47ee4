"""The single sign-on policy: an admin may require sign-in through the identity provider for
everyone but named break-glass accounts (which keep password and second factor), and sees the
providers as the settings give them, with the address to register at each.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput, SignInRefused
from audit_engine.domain.rules.permissions import require
from audit_engine.domain.rules.sso import SsoRefused
from audit_engine.languages.current import N_
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import accounts as store
from audit_engine.storage import sso as sso_store
from audit_engine.storage.models.accounts import SecurityPolicy
from audit_engine.storage.queries.lookups import user_with_email

PASSWORDS_OFF = N_("passwords are not accepted here: sign in with your organisation's account "
                   "(the button below)")


@dataclass(frozen=True)
class ProviderView:
    key: str
    display_name: str
    issuer: str
    roles: tuple[tuple[str, str, str], ...]  # (group, role, facility code or `*`)
    new_account_domains: tuple[str, ...]


@dataclass(frozen=True)
class SsoOverview:
    required: bool
    break_glass: tuple[str, ...]
    providers: tuple[ProviderView, ...]
    redirect_uri: str  # what each provider must list for this site


def break_glass_of(policy: SecurityPolicy) -> tuple[str, ...]:
    return tuple(e for e in policy.break_glass.split() if e)


def refuse_password_if_sso_only(session, email: str) -> None:
    """SignInRefused when the policy requires single sign-on and `email` is no break-glass
    account (checked before the password: the answer reveals nothing about it)."""
    policy = store.policy(session)
    if policy.sso_required and email.strip().lower() not in break_glass_of(policy):
        raise SignInRefused.said(PASSWORDS_OFF)


def sso_overview(uow: UnitOfWork, sso, *, actor: Actor, redirect_uri: str) -> SsoOverview:
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "user.edit")
        policy = store.policy(session)
        providers = tuple(
            ProviderView(p.key, p.display_name, p.issuer,
                         tuple((m.group, m.role, m.facility) for m in p.roles),
                         p.new_account_domains) for p in sso.providers.values())
        return SsoOverview(policy.sso_required, break_glass_of(policy), providers, redirect_uri)


def set_sso_policy(uow: UnitOfWork, clock: Clock, sso, *, actor: Actor, required: bool,
                   break_glass: str) -> None:
    """Require single sign-on (or not); the break-glass accounts are e-mails of active users
    with a second factor on (or who must set one up at their next sign-in)."""
    emails = tuple(sorted({e.strip().lower() for e in break_glass.replace(",", " ").split()}))
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "user.edit")
        if required and not sso.providers:
            raise InvalidInput.said("no identity provider is set up: single sign-on cannot be "
                                    "required")
        if required and not emails:
            raise InvalidInput.said("name at least one break-glass account (e-mail) that may "
                                    "still sign in with a password")
        for email in emails:
            user = user_with_email(session, email)
            if user is None or not user.active:
                raise InvalidInput.said("break-glass account %(email)s: no active user has it",
                                        email=email)
        policy = session.get(SecurityPolicy, 1) or SecurityPolicy()
        policy.sso_required, policy.break_glass = required, "\n".join(emails)
        policy.updated_by, policy.updated_at = actor.email, clock.now()
        session.add(policy)
        append_event(uow, clock.now(), actor, "security.sso_policy", "security:policy",
                     {"sso_required": required, "break_glass": list(emails)})
        uow.commit()


@dataclass(frozen=True)
class Linkable:
    key: str
    display_name: str
    linked: bool


def my_identities(uow: UnitOfWork, sso, *, actor: Actor) -> tuple[Linkable, ...]:
    """Each provider, and whether the acting person's account is linked to an identity there."""
    with uow.reading():
        user, _ = actor_with_grants(uow.session, actor)
        issuers = {row.issuer for row in sso_store.identities_of(uow.session, user.id)}
    return tuple(Linkable(p.key, p.display_name, p.issuer in issuers)
                 for p in sso.providers.values())


def admin_link(uow: UnitOfWork, clock: Clock, sso, *, actor: Actor, email: str, key: str,
               subject: str) -> None:
    """An admin links a person's identity (the provider's `sub`, as a refused sign-in's
    reference logs it) to their existing account."""
    from audit_engine.services.administration.sso_accounts import link
    from audit_engine.services.lookup import user_by_email

    if key not in sso.providers or not subject.strip():
        raise InvalidInput.said("choose the provider and give the person's subject identifier")
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "user.edit")
        user = user_by_email(session, email)
        try:
            link(uow, clock.now(), user, sso.providers[key], {"sub": subject.strip()},
                 actor)
        except SsoRefused as refused:
            raise Conflict.said(refused.plain) from None  # its words are the page's (SSO_WORDS)

        uow.commit()
