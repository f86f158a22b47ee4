"""One row by what people type: a user by e-mail, a facility by code, an audit with its
facility's code, a user's grants.

Hot-path statements are built once: constructing a SELECT costs more CPU than SQLite takes to
run it. Core (table) statements on the connection skip the ORM layer where no entity is wanted.
"""

from __future__ import annotations

from sqlalchemy import bindparam, literal_column, union_all
from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, RoleGrant, User

_FACILITY = Facility.__table__.c
_GRANT = RoleGrant.__table__.c
_USER_BY_EMAIL = select(User).where(User.email == bindparam("email"))
_FACILITY_BY_CODE = select(Facility).where(Facility.code == bindparam("code"))
_GRANTS = union_all(
    select(literal_column("0").label("kind"), _GRANT.role, _FACILITY.code)
    .select_from(RoleGrant.__table__)
    .outerjoin(Facility.__table__, _FACILITY.id == _GRANT.facility_id)
    .where(_GRANT.user_id == bindparam("user_id")),
    select(literal_column("1"), literal_column("'manager'"), _FACILITY.code).where(
        _FACILITY.manager_id == bindparam("user_id")
    ),
).order_by("kind")
_AUDIT_AT_FACILITY = (
    select(Audit, Facility.code)
    .join(Facility, Facility.id == Audit.facility_id)
    .where(Audit.id == bindparam("audit_id"))
)


def user_with_email(session: Session, email: str) -> User | None:
    """The user whose stored (lower-case) e-mail is exactly `email`."""
    return session.execute(_USER_BY_EMAIL, {"email": email}).scalars().first()


def facility_with_code(session: Session, code: str) -> Facility | None:
    return session.execute(_FACILITY_BY_CODE, {"code": code}).scalars().first()


def grant_rows(session: Session, user_id: int) -> list[tuple[str, str | None]]:
    """(role, facility code or None) of the user's role grants, then ('manager', code) of
    each facility they are the named manager of. One round trip."""
    rows = session.connection().execute(_GRANTS, {"user_id": user_id})
    return [(role, code) for _, role, code in rows]


def audit_with_facility_code(session: Session, audit_id: int) -> tuple[Audit, str] | None:
    found = session.execute(_AUDIT_AT_FACILITY, {"audit_id": audit_id}).first()
    return None if found is None else (found[0], found[1])
