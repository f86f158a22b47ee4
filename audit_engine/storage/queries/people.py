"""Users by the keys other rows carry: e-mails by id, names by e-mail; users with grants."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_
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


# A user's facility default language, correlated to the enclosing query's `User`: the first
# facility (by id) they hold a role at or manage that sets one (the web reads it with every
# session, the mails for every recipient).
FACILITY_LANGUAGE = (
    select(Facility.language)
    .where(Facility.language.is_not(None),
           or_(Facility.manager_id == User.id,
               Facility.id.in_(select(RoleGrant.facility_id)
                               .where(RoleGrant.user_id == User.id))))
    .order_by(Facility.id).limit(1)
    .scalar_subquery()
)


def languages_by_email(session: Session, emails: Iterable[str]) -> dict[str, str]:
    """{e-mail: language} of the users among `emails` who have one: their own, else the
    default of the first facility (by id) they hold a role at or manage that sets one."""
    wanted = sorted(set(emails))
    if not wanted:
        return {}
    rows = session.exec(select(User.email, func.coalesce(User.language, FACILITY_LANGUAGE))
                        .where(User.email.in_(wanted))).all()
    return {email: language for email, language in rows if language}
