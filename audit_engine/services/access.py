"""Reads for the acting user: the read table (domain/permissions.READS) applied to them.

One check for every entry point. An object at a facility they may not read is ReadRefused: the
CLI prints it (exit 3, naming the missing role and the facility), the web and the API answer
404. A list is narrowed to the facilities they may read, or refused when there are none.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, FindingId, ReadableId, display_id
from audit_engine.domain.rules.permissions import require_read, require_some_read
from audit_engine.services.lookup import (
    action_by_ref,
    actor_with_grants,
    audit_at_facility,
    facility_by_code,
    finding_by_ref,
    risk_action_facility,
    row_number,
)
from audit_engine.services.ports import UnitOfWork

_NOUNS = {"audit": "audit", "finding": "finding", "action": "corrective action"}
_ID_TYPES: dict[str, type[ReadableId]] = {"audit": AuditId, "finding": FindingId,
                                          "action": ActionId}


def reader_scope(
    uow: UnitOfWork, *, actor: Actor, read: str, facility: str | None = None
) -> frozenset[str] | None:
    """The facilities `actor` may read under `read` (None: every one); narrowed to `facility`
    when given (ReadRefused if they may not read there); PermissionDenied when none."""
    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
        if facility is not None:
            facility_by_code(uow.session, facility)  # NotFound (exit 4) names a typo
    scope = require_some_read(actor, grants, read)
    if facility is None:
        return scope
    require_read(actor, grants, read, facility, f"audits of facility {facility}")
    return frozenset({facility})


def require_audit_read(uow: UnitOfWork, *, actor: Actor, kind: str,
                       ref: ReadableId | int) -> int | None:
    """The audit id behind an audit, finding or corrective action the actor may read (None
    for a risk assessment's action-plan item, which has no audit: its facility is the
    assessment's)."""
    number = row_number(_ID_TYPES[kind], ref)
    with uow.reading():
        session = uow.session
        row = None
        if kind == "finding":
            row = finding_by_ref(session, number)
        elif kind == "action":
            row = action_by_ref(session, number)
        if row is not None and row.audit_id is None:  # a risk action-plan item
            audit, code = None, risk_action_facility(session, row.risk_assessment_id)[1]
        else:
            audit, code = audit_at_facility(session, row.audit_id if row else number)
        _, grants = actor_with_grants(session, actor)
    require_read(actor, grants, "audit.read", code, f"{_NOUNS[kind]} {display_id(kind, number)}")
    return audit.id if audit else None


def require_audit_number(uow: Any, *, actor: Actor, ref: AuditId | int) -> int:
    """The number of an audit the actor may read (ReadRefused otherwise)."""
    number = require_audit_read(uow, actor=actor, kind="audit", ref=ref)
    if number is None:  # only a risk action-plan item has no audit; an audit always has one
        raise NotFound(f"audit {ref} not found")
    return number


Service = TypeVar("Service", bound=Callable[..., Any])


def reads_first(kind: str, ref: str) -> Callable[[Service], Service]:
    """A write service that first checks its actor may read the audit, finding or action its
    keyword `ref` names (ReadRefused otherwise: 404 on the web and the API, as for a read), so
    no edge has to call a read check before it."""

    def guard(service: Service) -> Service:
        @functools.wraps(service)
        def guarded(uow: Any, *args: Any, actor: Actor, **kwargs: Any) -> Any:
            require_audit_read(uow, actor=actor, kind=kind, ref=kwargs[ref])
            return service(uow, *args, actor=actor, **kwargs)

        return guarded  # type: ignore[return-value]

    return guard
