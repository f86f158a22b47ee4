"""Users, their roles and facilities. The first user of an empty database must be an admin and
acts as themself; after that only admins add users and facilities."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput, PermissionDenied
from audit_engine.domain.formats.mail import is_valid_address
from audit_engine.domain.formats.times import check_zone
from audit_engine.domain.rules.catalog import ENTITY_TYPES
from audit_engine.domain.rules.lifecycle import Role, parse_choice
from audit_engine.domain.rules.permissions import require
from audit_engine.services.administration.account_links import queue_invitation
from audit_engine.services.administration.languages import Check, chosen_language
from audit_engine.services.lookup import (
    actor_with_grants,
    email_of,
    facility_by_code,
    user_by_email,
)
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.people import Facility, RoleGrant, User
from audit_engine.storage.queries.facilities import facilities_with_codes
from audit_engine.storage.queries.lookups import facility_with_code, user_with_email
from audit_engine.storage.queries.people import (
    user_count,
    users_with_grants,
)

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def add_user(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor | None,
    email: str,
    name: str,
    roles: Sequence[str],
    facilities: Sequence[str] = (),
) -> NewUser:
    email, roles = check_new_user(email, name, roles)
    with uow:
        _, view = _added(uow, clock.now(), actor, email, name, roles, facilities)
        uow.commit()
    return view


def invite_user(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, name: str,
                roles: Sequence[str],
                facilities: Sequence[str], public_url: str, mail_domain: str,
                language: str | None = None, check: Check | None = None) -> NewUser:
    """The web's Invite: the user added (reading `language`, else their facility's default)
    and mailed a link to choose a password in it, in one transaction (a refusal of either
    leaves nothing written)."""
    email, roles = check_new_user(email, name, roles)
    spoken = chosen_language(language, check)
    with uow:
        now = clock.now()
        user, view = _added(uow, now, actor, email, name, roles, facilities, spoken)
        queue_invitation(uow, now, user, actor, public_url, mail_domain)
        uow.commit()
    return view


def _added(uow: UnitOfWork, now, actor: Actor | None, email: str, name: str, roles: list[str],
           facilities: Sequence[str], language: str | None = None) -> tuple[User, NewUser]:
    session = uow.session
    adder = _user_adder(session, actor, email, roles)
    if user_with_email(session, email):
        raise Conflict.said("user %(email)s exists already", email=email)
    places = [facility_by_code(session, code) for code in facilities]
    return insert_user(uow, now, adder, email, name, roles, places, language)


def insert_user(uow: UnitOfWork, now, adder: Actor, email: str, name: str, roles: Sequence[str],
                places: Sequence[Facility],
                language: str | None = None) -> tuple[User, NewUser]:
    """Store a checked new user with `roles` at `places` (none: every facility), reading
    `language` (a checked code; None: their facility's default), on the trail."""
    session = uow.session
    user = User(email=email, name=name.strip(), created_at=now, language=language)
    session.add(user)
    session.flush()
    for role in roles:
        for place in places or [None]:
            session.add(RoleGrant(user_id=user.id, role=role, facility_id=place and place.id))
    view = NewUser(email, user.name, tuple(roles), tuple(p.code for p in places) or ("*",),
                   language)
    append_event(uow, now, adder, "user.add", f"user:{email}", asdict(view))
    return user, view


def check_new_user(email: str, name: str, roles: Sequence[str]) -> tuple[str, list[str]]:
    email = valid_email(email)
    roles = [str(parse_choice(Role, r, "role")) for r in roles]
    if not roles:
        raise InvalidInput.said("choose at least one role")
    if not name.strip():
        raise InvalidInput.said("the name must not be empty")
    return email, roles


def _user_adder(session, actor: Actor | None, email: str, roles: list[str]) -> Actor:
    """Who adds the user: the first user of an empty database (an admin) adds themself,
    through the door the call came in by (`init` and `users add`: the CLI); after that an
    admin, named by --as."""
    if user_count(session) == 0:
        if Role.ADMIN not in roles:
            raise PermissionDenied("the first user of an empty database must be an admin")
        return Actor(email, actor.via if isinstance(actor, Actor) else "cli")
    if not actor:
        raise InvalidInput("who is acting? pass --as EMAIL or set AUDIT_ENGINE_USER")
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "user.add")
    return actor


@dataclass(frozen=True)
class NewUser:
    email: str
    name: str
    roles: tuple[str, ...]
    facilities: tuple[str, ...]  # ("*",): every facility
    language: str | None = None  # None: their facility's default


@dataclass(frozen=True)
class UserView:
    email: str
    name: str
    active: bool
    roles: tuple[str, ...]  # role, or role@FACILITY when limited to one


@dataclass(frozen=True)
class FacilityView:
    code: str
    name: str
    entity_type: str
    country: str | None
    manager: str | None  # the manager's email
    time_zone: str | None = None  # IANA name; None: the server's zone
    language: str | None = None  # its people's default; None: English


def list_users(uow: UnitOfWork) -> list[UserView]:
    with uow.reading():
        rows = users_with_grants(uow.session)
    users: dict[str, tuple[str, bool, list[str]]] = {}
    for email, name, active, role, code in rows:
        _, _, roles = users.setdefault(email, (name, active, []))
        if role:
            roles.append(f"{role}@{code}" if code else role)
    return [UserView(email, name, active, tuple(roles))
            for email, (name, active, roles) in users.items()]


def add_facility(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    code: str,
    name: str,
    entity_type: str,
    country: str | None = None,
    manager: str | None = None,
    time_zone: str | None = None,
    language: str | None = None,
    check: Check | None = None,
) -> FacilityView:
    code = check_new_facility(code, name, entity_type, country)
    zone = check_zone(time_zone) if time_zone else None
    spoken = chosen_language(language, check)
    with uow:
        session = uow.session
        boss = user_by_email(session, manager, "manager") if manager else None
        facility = insert_facility(uow, clock.now(), actor, code=code, name=name,
                                   entity_type=entity_type, country=country, manager=boss,
                                   time_zone=zone, language=spoken)
        view = facility_view(session, facility)
        uow.commit()
    return view


def insert_facility(uow: UnitOfWork, now, actor: Actor, *, code: str, name: str, entity_type: str,
                    country: str | None, manager: User | None,
                    time_zone: str | None = None, language: str | None = None) -> Facility:
    """Store a checked new facility (`code` from `check_new_facility`; `language` checked),
    on the trail."""
    session = uow.session
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "facility.add")
    if facility_with_code(session, code):
        raise Conflict.said("facility %(code)s exists already", code=code)
    facility = Facility(code=code, name=name.strip(), entity_type=entity_type,
                        country=country.upper() if country else None,
                        manager_id=manager and manager.id, time_zone=time_zone,
                        language=language, created_at=now)
    session.add(facility)
    session.flush()
    append_event(uow, now, actor, "facility.add", f"facility:{code}",
                 asdict(facility_view(session, facility)))
    return facility


def check_new_facility(code: str, name: str, entity_type: str, country: str | None) -> str:
    """The facility code to store (stripped); refuses malformed fields."""
    code = code.strip()
    if not _CODE.match(code):
        raise InvalidInput.said("facility code %(code)r: use letters, digits, '-', '_' or '.' "
                                "(max 40)", code=code)
    if entity_type not in ENTITY_TYPES:
        raise InvalidInput.said("entity type %(entity_type)r is not one of: %(known)s",
                                entity_type=entity_type, known=", ".join(ENTITY_TYPES))
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise InvalidInput.said("country %(country)r is not a two-letter ISO code",
                                country=country)
    if not name.strip():
        raise InvalidInput.said("the name must not be empty")
    return code


def list_facilities(uow: UnitOfWork) -> list[FacilityView]:
    with uow.reading():
        rows = facilities_with_codes(uow.session)
        return [facility_view(uow.session, f) for f in rows]


def facility_view(session, facility: Facility) -> FacilityView:
    return FacilityView(facility.code, facility.name, facility.entity_type, facility.country,
                        email_of(session, facility.manager_id), facility.time_zone,
                        facility.language)


def valid_email(email: str) -> str:
    email = email.strip().lower()
    if not is_valid_address(email):  # the mailer's own rule: every user can be sent mail
        raise InvalidInput.said("%(email)r is not an email address", email=email)

    return email
