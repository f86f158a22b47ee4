"""Who reads which language: a person's own (set by them on their account, or by an
administrator) and a facility's default for the people there with none set.

`check` is the composition root's language check (bootstrap.languages.Languages.checked): an
unknown code is refused naming the languages there are. An empty choice clears the setting.
"""

from __future__ import annotations

from collections.abc import Callable

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.permissions import require
from audit_engine.services.lookup import actor_with_grants, facility_by_code, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import directory

Check = Callable[..., str]


def chosen_language(language: str | None, check: Check | None) -> str | None:
    """A checked language code, or None for an empty choice (the facility's default)."""
    if not language:
        return None
    if check is None:
        raise TypeError("a language was given without the check of the ones there are")
    return check(language, where="language")


def set_user_language(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str,
                      language: str | None,
                      check: Check) -> str | None:
    """Set `email`'s language (their own, or anyone's for those who may edit people)."""
    chosen = chosen_language(language, check)
    with uow:
        session = uow.session
        me, grants = actor_with_grants(session, actor)
        user = user_by_email(session, email)
        if user.id != me.id:
            require(actor, grants, "user.edit")
        _record_language(uow, clock, actor, user, "user.language", f"user:{user.email}", chosen)
        uow.commit()
    return chosen


def set_facility_language(uow: UnitOfWork, clock: Clock, *, actor: Actor, code: str,
                          language: str | None,
                          check: Check) -> str | None:
    """Set the default language of a facility's mail (people with none of their own)."""
    chosen = chosen_language(language, check)
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        facility = facility_by_code(session, code)
        require(actor, grants, "facility.edit", facility=facility.code)
        _record_language(uow, clock, actor, facility, "facility.language",
                         f"facility:{facility.code}", chosen)
        uow.commit()
    return chosen


def _record_language(uow: UnitOfWork, clock: Clock, actor: Actor, row, action: str,
                     subject: str, chosen: str | None) -> None:
    """Set a user's or a facility's `language` and record the change on the trail."""
    before, row.language = row.language, chosen
    directory.save(uow.session, row)
    append_event(uow, clock.now(), actor, action, subject,
                 {"language": {"from": before, "to": chosen}})
