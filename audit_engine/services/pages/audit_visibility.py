"""Who may see an audit: another facility's audit is NotFound, not a hint (`audit.read` of
the read table), checked before any page reads or any web write."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import AuditId, FindingId, display_id
from audit_engine.domain.rules.permissions import Grant, may_read, require_read
from audit_engine.services.audits.read_models import AuditView
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import UnitOfWork


def visible(grants: list[Grant], facility: str) -> bool:
    """Whether the grants read the facility's audits (`audit.read` of the read table)."""
    return may_read(grants, "audit.read", facility)


def load_visible_audit(session, actor: Actor, audit: AuditId | int):
    """The audit, its facility code, the actor and grants; ReadRefused (404 on the web) when
    the actor may not read it."""
    row, code = audit_at_facility(session, audit)
    user, grants = actor_with_grants(session, actor)
    refuse_unseen(actor, grants, code, row.id)
    return row, code, user, grants


def refuse_unseen(actor: Actor, grants: list[Grant], code: str, number: int) -> None:
    require_read(actor, grants, "audit.read", code, f"audit {display_id('audit', number)}")


def check_visible(uow: UnitOfWork, *, actor: Actor, audit: AuditId | int) -> None:
    """NotFound unless the actor may see the audit (before any write through the web)."""
    with uow.reading():
        load_visible_audit(uow.session, actor, audit)


def visible_audits(uow: UnitOfWork, *, actor: Actor) -> list[AuditView]:
    """Every audit the actor may see, newest first."""
    from audit_engine.services.planning.planning import audit_view
    from audit_engine.storage.queries.audits import audits_listed

    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        views = [audit_view(session, row) for row in audits_listed(session, newest_first=True)]
    return [v for v in views if visible(grants, v.facility)]


def finding_audit(uow: UnitOfWork, *, actor: Actor, finding: FindingId) -> str:
    """The display id of a finding's audit, if the actor may see it (NotFound otherwise)."""
    from audit_engine.services.lookup import finding_by_ref

    with uow.reading():
        row = finding_by_ref(uow.session, finding)
        load_visible_audit(uow.session, actor, row.audit_id)
        return display_id("audit", row.audit_id)
