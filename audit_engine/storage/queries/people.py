"""Users by the keys other rows carry: e-mails by id, names by e-mail; users with grants."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, union_all
from sqlmodel import Session, select

from audit_engine.storage.models.people import Facility, RoleGrant, User


def emails_by_id(session: Session, ids: Iterable[int | None] | None = None) -> dict[int, str]:
    """{user id: e-mail} of `ids` (None entries skipped); ids None: of every user."""
    query = select(User.id, User.email)
    if ids is not None:
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            return {}
        query = query.where(User.id.in_(wanted))
    return dict(session.exec(query).all())


def names_by_email(session: Session, emails: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({e for e in emails if e})
    if not wanted:
        return {}
    return dict(session.exec(select(User.email, User.name).where(User.email.in_(wanted))).all())


def user_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def users_with_grants(session: Session) -> list[tuple[str, str, bool, str | None, str | None]]:
    """(e-mail, name, active, role, facility code) per grant, in e-mail then role order; a
    user without a grant appears once with role and code None."""
    return list(session.exec(
        select(User.email, User.name, User.active, RoleGrant.role, Facility.code)
        .select_from(User)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(Facility, Facility.id == RoleGrant.facility_id)
        .order_by(User.email, RoleGrant.role)
    ).all())


def languages_by_email(session: Session, emails: Iterable[str]) -> dict[str, str]:
    """{e-mail: language} of the users among `emails` who have one: their own, else the
    default of the first facility (by id) they hold a role at or manage that sets one."""
    wanted = sorted(set(emails))
    if not wanted:
        return {}
    users = session.exec(select(User.id, User.email, User.language)
                         .where(User.email.in_(wanted))).all()
    found = {email: language for _, email, language in users if language}
    rest = {user_id: email for user_id, email, language in users if not language}
    if rest:
        for user_id, language in _facility_languages(session, list(rest)):
            found.setdefault(rest[user_id], language)
    return found


def facility_language_of(session: Session, user_id: int) -> str | None:
    """The default language of the first facility (by id) the user holds a role at or
    manages that sets one, in one statement (the web reads it on every request)."""
    both = _languages_at_facilities([user_id])
    return session.exec(select(both.c.language).order_by(both.c.facility_id).limit(1)).first()


def _facility_languages(session: Session, user_ids: list[int]) -> list[tuple[int, str]]:
    """(user id, facility language) for the facilities the users hold a role at or manage,
    in facility order."""
    both = _languages_at_facilities(user_ids)
    return list(session.exec(select(both.c.user_id, both.c.language)
                             .order_by(both.c.facility_id, both.c.user_id)).all())


def _languages_at_facilities(user_ids: list[int]):
    """(user_id, facility_id, language) of the facilities the users hold a role at or manage
    that set a language: one UNION ALL, as a subquery."""
    granted = (select(RoleGrant.user_id.label("user_id"), Facility.id.label("facility_id"),
                      Facility.language)
               .join(Facility, Facility.id == RoleGrant.facility_id)
               .where(RoleGrant.user_id.in_(user_ids), Facility.language.is_not(None)))
    managed = (select(Facility.manager_id, Facility.id, Facility.language)
               .where(Facility.manager_id.in_(user_ids), Facility.language.is_not(None)))
    return union_all(granted, managed).subquery()
