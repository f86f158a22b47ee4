"""A facility's manager invited on the spot: a new person added with the manager role at that
facility, named its manager and sent an invitation link, in one transaction with the facility
(added or changed), so a refusal anywhere leaves nothing written. `add_facility` is the web's
"Add a facility": a manager picked from the users, or invited."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.formats.times import check_zone
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.permissions import require
from audit_engine.services.administration import people
from audit_engine.services.administration.account_links import queue_invitation
from audit_engine.services.administration.languages import Check, chosen_language
from audit_engine.services.lookup import actor_with_grants, facility_by_code
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import directory
from audit_engine.storage.queries.lookups import user_with_email


@dataclass(frozen=True)
class NewManager:
    """Who to invite: their email and name."""

    email: str
    name: str


@dataclass(frozen=True)
class Mailing:
    """Where the invitation's link points and whose Message-IDs it carries."""

    public_url: str
    mail_domain: str


def add_facility(uow: UnitOfWork, clock: Clock, *, actor: Actor, code: str, name: str,
                 entity_type: str,
                 country: str | None, manager: str | None, invite: NewManager | None,
                 mailing: Mailing, time_zone: str | None = None,
                 language: str | None = None, check: Check | None = None) -> None:
    """`facility add` whose manager is picked (`manager`, an email) or invited (`invite`);
    `language`: its people's default (the invited manager's invitation is in it)."""
    if invite is None:
        people.add_facility(uow, clock, actor=actor, code=code, name=name,
                            entity_type=entity_type, country=country, manager=manager,
                            time_zone=time_zone, language=language, check=check)
        return
    if manager:
        raise InvalidInput.said("pick a manager from the list or invite a new one, not both")
    code = people.check_new_facility(code, name, entity_type, country)
    zone = check_zone(time_zone) if time_zone else None
    spoken = chosen_language(language, check)
    email, _ = people.check_new_user(invite.email, invite.name, [Role.MANAGER])
    with uow:
        facility = people.insert_facility(uow, clock.now(), actor, code=code, name=name,
                                          entity_type=entity_type, country=country,
                                          manager=None, time_zone=zone, language=spoken)
        _invite(uow, clock.now(), actor, facility, NewManager(email, invite.name), mailing)
        uow.commit()


def invite_manager(uow: UnitOfWork, clock: Clock, *, actor: Actor, code: str, manager: NewManager,
                   mailing: Mailing, language: str | None = None,
                   check: Check | None = None) -> str:
    """An existing facility's manager replaced by a new person, invited; their email.
    `language`: theirs (the invitation is in it); None: the facility's default."""
    email, _ = people.check_new_user(manager.email, manager.name, [Role.MANAGER])
    spoken = chosen_language(language, check)
    with uow:
        session = uow.session
        facility = facility_by_code(session, code)
        _invite(uow, clock.now(), actor, facility, NewManager(email, manager.name), mailing,
                spoken)
        uow.commit()
    return email


def _invite(uow: UnitOfWork, now, actor: Actor, facility, manager: NewManager,
            mailing: Mailing, language: str | None = None) -> None:
    session = uow.session
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "user.add")
    require(actor, grants, "facility.edit")
    if user_with_email(session, manager.email):
        raise Conflict.said("%(email)s has an account already: pick them from the list",
                            email=manager.email)

    user, _ = people.insert_user(uow, now, actor, manager.email, manager.name,
                                 [Role.MANAGER], [facility], language)
    before = facility.manager_id
    facility.manager_id = user.id
    directory.save(session, facility)
    append_event(uow, now, actor, "facility.edit", f"facility:{facility.code}",
                 {"manager_id": {"from": before, "to": user.id}})
    queue_invitation(uow, now, user, actor, mailing.public_url, mailing.mail_domain)
