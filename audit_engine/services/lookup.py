"""Loading what a use case acts on, by the ids people type; NotFound when it names nothing."""

from __future__ import annotations

from sqlalchemy import bindparam, literal_column, union_all
from sqlmodel import Session, select

from audit_engine.domain.actor import Actor, actor_email
from audit_engine.domain.errors import NotFound, PermissionDenied, StaleRecord
from audit_engine.domain.lifecycle import display_id, parse_id
from audit_engine.domain.permissions import Grant
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, RoleGrant, User

# Hot-path statements are built once: constructing a SELECT costs more CPU than SQLite takes
# to run it. Core (table) statements on the connection skip the ORM layer where no entity is
# wanted.
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


def user_by_email(session: Session, email: Actor | str, what: str = "user") -> User:
    email = actor_email(email)
    found = session.execute(_USER_BY_EMAIL, {"email": email.strip().lower()}).scalars().first()
    if found is None:
        raise NotFound(f"{what} {email!r} not found")
    return found


def facility_by_code(session: Session, code: str) -> Facility:
    facility = session.execute(_FACILITY_BY_CODE, {"code": code.strip()}).scalars().first()
    if facility is None:
        raise NotFound(f"facility {code!r} not found")
    return facility


def grants_of(session: Session, user: User) -> list[Grant]:
    """The user's role grants, with facility codes; managing a facility counts as a grant.
    One round trip: the role grants first, then the managed facilities."""
    rows = session.connection().execute(_GRANTS, {"user_id": user.id})
    return [Grant(role, code) for _, role, code in rows]


def actor_with_grants(session: Session, actor: Actor | str) -> tuple[User, list[Grant]]:
    """The acting user and their grants; a deactivated user cannot act."""
    user = user_by_email(session, actor_email(actor), "acting user")
    if not user.active:
        raise PermissionDenied(f"{user.email} is deactivated and cannot act")
    return user, grants_of(session, user)


def audit_by_ref(session: Session, ref: str | int, expected_version: int | None = None) -> Audit:
    number = ref if isinstance(ref, int) else parse_id("audit", ref)
    audit = session.get(Audit, number)
    if audit is None:
        raise NotFound(f"audit {display_id('audit', number)} not found")
    _check_version(audit, expected_version)
    return audit


def audit_at_facility(
    session: Session, ref: str | int, expected_version: int | None = None
) -> tuple[Audit, str]:
    """The audit and its facility's code, in one query (what a write under an audit needs)."""
    number = ref if isinstance(ref, int) else parse_id("audit", ref)
    found = session.execute(_AUDIT_AT_FACILITY, {"audit_id": number}).first()
    if found is None:
        raise NotFound(f"audit {display_id('audit', number)} not found")
    audit, code = found
    _check_version(audit, expected_version)
    return audit, code


def _check_version(audit: Audit, expected_version: int | None) -> None:
    if expected_version is not None and audit.version != expected_version:
        raise StaleRecord(f"audit {display_id('audit', audit.id)} (now version {audit.version})")


def finding_by_ref(session: Session, ref: str | int) -> Finding:
    number = ref if isinstance(ref, int) else parse_id("finding", ref)
    finding = session.get(Finding, number)
    if finding is None:
        raise NotFound(f"finding {display_id('finding', number)} not found")
    return finding


def action_by_ref(session: Session, ref: str | int) -> CorrectiveAction:
    number = ref if isinstance(ref, int) else parse_id("action", ref)
    action = session.get(CorrectiveAction, number)
    if action is None:
        raise NotFound(f"corrective action {display_id('action', number)} not found")
    return action


def facility_of(session: Session, audit: Audit) -> Facility:
    return session.get(Facility, audit.facility_id)


def email_of(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)  # the identity map answers repeats (list views)
    return user.email if user else None
