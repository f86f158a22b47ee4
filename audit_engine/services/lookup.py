"""Loading what a use case acts on, by the ids people type; NotFound when it names nothing."""

from __future__ import annotations

from audit_engine.domain.actor import Actor, checked_actor
from audit_engine.domain.errors import NotFound, PermissionDenied, StaleRecord
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, FindingId, ReadableId, display_id
from audit_engine.domain.rules.permissions import Grant
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.risk import RiskAssessment
from audit_engine.storage.queries.lookups import (
    audit_with_facility_code,
    facility_with_code,
    grant_rows,
    user_with_email,
)


def user_by_email(session, email: str, what: str = "user") -> User:
    found = user_with_email(session, email.strip().lower())
    if found is None:
        raise NotFound.said("%(what)s %(email)r not found", what=what, email=email)
    return found


def facility_by_code(session, code: str) -> Facility:
    facility = facility_with_code(session, code.strip())
    if facility is None:
        raise NotFound.said("facility %(code)r not found", code=code)
    return facility


def grants_of(session, user: User) -> list[Grant]:
    """The user's role grants, with facility codes; managing a facility counts as a grant."""
    return [Grant(role, code) for role, code in grant_rows(session, user.id)]


def actor_with_grants(session, actor: Actor) -> tuple[User, list[Grant]]:
    """The acting user and their grants; a deactivated user cannot act; a bare e-mail is
    refused (TypeError): an Actor carries its channel to the trail."""
    user = user_by_email(session, checked_actor(actor).email, "acting user")
    if not user.active:
        raise PermissionDenied(f"{user.email} is deactivated and cannot act")
    return user, grants_of(session, user)


def row_number(id_type: type[ReadableId], ref: ReadableId | int) -> int:
    """The row number of an id parsed at the edge (or of a row's own id). Text that is no
    typed id is still parsed here, the one place, for callers outside the typed code (tests,
    scripts)."""
    if isinstance(ref, id_type):
        return ref.number
    return ref if isinstance(ref, int) else id_type(ref).number


def audit_by_ref(session, ref: AuditId | int, expected_version: int | None = None) -> Audit:
    number = row_number(AuditId, ref)
    audit = session.get(Audit, number)
    if audit is None:
        raise NotFound.said("audit %(ref)s not found", ref=display_id("audit", number))
    check_version(audit, expected_version)
    return audit


def audit_at_facility(
    session, ref: AuditId | int, expected_version: int | None = None
) -> tuple[Audit, str]:
    """The audit and its facility's code, in one query (what a write under an audit needs)."""
    number = row_number(AuditId, ref)
    found = audit_with_facility_code(session, number)
    if found is None:
        raise NotFound.said("audit %(ref)s not found", ref=display_id("audit", number))
    audit, code = found
    check_version(audit, expected_version)
    return audit, code


def check_version(audit: Audit, expected_version: int | None) -> None:
    """StaleRecord unless the audit is at `expected_version` (None: any)."""
    if expected_version is not None and audit.version != expected_version:
        raise StaleRecord(f"audit {display_id('audit', audit.id)} (now version {audit.version})")


def finding_by_ref(session, ref: FindingId | int) -> Finding:
    number = row_number(FindingId, ref)
    finding = session.get(Finding, number)
    if finding is None:
        raise NotFound.said("finding %(ref)s not found", ref=display_id("finding", number))
    return finding


def action_by_ref(session, ref: ActionId | int) -> CorrectiveAction:
    number = row_number(ActionId, ref)
    action = session.get(CorrectiveAction, number)
    if action is None:
        raise NotFound.said("corrective action %(ref)s not found", ref=display_id("action", number))
    return action


def facility_of(session, audit: Audit) -> Facility:
    return session.get(Facility, audit.facility_id)


def email_of(session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)  # the identity map answers repeats (list views)
    return user.email if user else None


def risk_action_facility(session, assessment_id: int) -> tuple[int, str]:
    """(facility id, code) of the assessment an action-plan item belongs to."""
    row = session.get(RiskAssessment, assessment_id)
    return row.facility_id, session.get(Facility, row.facility_id).code
