"""Changing a facility after it was added (admins): name, country, manager, time zone, its
people's default language, and its entity type while it has no audit (an audit's checklist was
chosen for that type)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, TransitionNotAllowed
from audit_engine.domain.formats.times import check_zone
from audit_engine.domain.rules.catalog import ENTITY_TYPES
from audit_engine.domain.rules.permissions import require
from audit_engine.services.administration.languages import Check, chosen_language
from audit_engine.services.lookup import actor_with_grants, facility_by_code, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import directory

MAX_NAME = 200


@dataclass(frozen=True)
class FacilityChanged:
    code: str
    changes: dict  # field -> {"from": old, "to": new}


def edit_facility(uow: UnitOfWork, clock: Clock, *, actor: Actor, code: str,
                  name: str | None = None,
                  country: str | None = None, manager: str | None = None,
                  entity_type: str | None = None,
                  time_zone: str | None = None, language: str | None = None,
                  check: Check | None = None) -> FacilityChanged:
    """Only the fields given change; `time_zone` "" goes back to the server's zone,
    `language` "" to English (its people's default, checked by `check`)."""
    wanted = _checked(name, country, entity_type)
    if time_zone is not None:
        wanted["time_zone"] = check_zone(time_zone) if time_zone.strip() else None
    if language is not None:
        wanted["language"] = chosen_language(language.strip(), check)
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "facility.edit")
        facility = facility_by_code(session, code)
        if manager is not None:
            wanted["manager_id"] = user_by_email(session, manager, "manager").id
        if "entity_type" in wanted and wanted["entity_type"] != facility.entity_type \
                and directory.facility_has_audit(session, facility.id):
            raise TransitionNotAllowed.said(
                "facility %(code)s has audits: its entity type cannot change",
                code=facility.code)
        changes = {field: {"from": getattr(facility, field), "to": value}
                   for field, value in wanted.items() if getattr(facility, field) != value}
        if not changes:
            raise InvalidInput.said("nothing to change: give a new name, country, manager, "
                                    "entity type, time zone or language")
        for field, change in changes.items():
            setattr(facility, field, change["to"])
        directory.save(session, facility)
        append_event(uow, clock.now(), actor, "facility.edit", f"facility:{facility.code}",
                     changes)
        uow.commit()
    return FacilityChanged(facility.code, changes)


def _checked(name, country, entity_type) -> dict:
    wanted: dict = {}
    if name is not None:
        if not name.strip() or len(name.strip()) > MAX_NAME:
            raise InvalidInput.said("the name must be 1 to %(limit)s characters",
                                    limit=MAX_NAME)
        wanted["name"] = name.strip()
    if country is not None:
        if not re.fullmatch(r"[A-Za-z]{2}", country):
            raise InvalidInput.said("country %(country)r is not a two-letter ISO code",
                                    country=country)
        wanted["country"] = country.upper()
    if entity_type is not None:
        if entity_type not in ENTITY_TYPES:
            raise InvalidInput.said("entity type %(entity_type)r is not one of: %(known)s",
                                    entity_type=entity_type, known=", ".join(ENTITY_TYPES))

        wanted["entity_type"] = entity_type
    return wanted
