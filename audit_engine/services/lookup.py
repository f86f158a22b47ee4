"""Loading what a use case acts on, by the ids people type; NotFound when it names nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.domain.errors import NotFound, StaleRecord
from audit_engine.domain.lifecycle import display_id, parse_id
from audit_engine.domain.permissions import Grant
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, RoleGrant, User


def user_by_email(session: Session, email: str, what: str = "user") -> User:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(f"{what} {email!r} not found")
    return user


def facility_by_code(session: Session, code: str) -> Facility:
    facility = session.exec(select(Facility).where(Facility.code == code.strip())).first()
    if facility is None:
        raise NotFound(f"facility {code!r} not found")
    return facility


def grants_of(session: Session, user: User) -> list[Grant]:
    """The user's role grants, with facility codes; managing a facility counts as a grant."""
    rows = session.exec(
        select(RoleGrant.role, Facility.code)
        .select_from(RoleGrant)
        .outerjoin(Facility, Facility.id == RoleGrant.facility_id)
        .where(RoleGrant.user_id == user.id)
    ).all()
    grants = [Grant(role, code) for role, code in rows]
    managed = session.exec(select(Facility.code).where(Facility.manager_id == user.id)).all()
    return grants + [Grant("manager", code) for code in managed]


def actor_with_grants(session: Session, email: str) -> tuple[User, list[Grant]]:
    user = user_by_email(session, email, "acting user")
    return user, grants_of(session, user)


def audit_by_ref(session: Session, ref: str | int, expected_version: int | None = None) -> Audit:
    number = ref if isinstance(ref, int) else parse_id("audit", ref)
    audit = session.get(Audit, number)
    if audit is None:
        raise NotFound(f"audit {display_id('audit', number)} not found")
    if expected_version is not None and audit.version != expected_version:
        raise StaleRecord(f"audit {display_id('audit', number)} (now version {audit.version})")
    return audit


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
    user = session.get(User, user_id)
    return user.email if user else None
