"""Findings: per audit, one (ETag: its audit's version), confirm or dismiss."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from audit_engine.api.preconditions import expected_version, set_etag
from audit_engine.api.routes.common import (
    NOT_FOUND,
    PRECONDITION,
    REFUSED,
    Caller,
    caller,
    plain,
    services,
)
from audit_engine.api.schemas.findings import FindingOut, FindingTransitionIn
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId, FindingId

router = APIRouter(tags=["findings"])


@router.get("/audits/{audit}/findings", response_model=list[FindingOut], responses=NOT_FOUND)
def list_(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The audit's findings (drafted when it was submitted)."""
    from audit_engine.services.pages.reads import findings_for

    return plain(findings_for(app.uow(), actor=who.actor, audit=AuditId(audit)))


@router.get("/findings/{finding}", response_model=FindingOut, responses=NOT_FOUND)
def show(
    finding: str, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """One finding; its ETag is its audit's version (the audit is the unit of change)."""
    from audit_engine.services.pages.reads import dossier_for

    wanted = FindingId(finding)
    dossier = dossier_for(app.uow(), app.clock, actor=who.actor, ref=wanted)
    set_etag(response, dossier.audit.version)
    return plain(next(v for v in dossier.findings if v.id == wanted))


@router.post(
    "/findings/{finding}/transitions",
    response_model=FindingOut,
    responses={**NOT_FOUND, **REFUSED, **PRECONDITION},
)
def decide(
    finding: str, body: FindingTransitionIn, response: Response,
    who: Caller = Depends(caller), app: ApiServices = Depends(services),
    version: int = Depends(expected_version),
):
    """Confirm (optionally changing the severity, with a reason) or dismiss a draft."""
    from audit_engine.services.review.findings import confirm_finding, dismiss_finding

    if body.event == "confirm":
        view = confirm_finding(
            app.uow(), app.clock, actor=who.actor, finding=FindingId(finding),
            severity=body.severity, reason=body.reason, expected_version=version,
        )
    else:
        view = dismiss_finding(
            app.uow(), app.clock, actor=who.actor, finding=FindingId(finding), reason=body.reason,
            expected_version=version,
        )
    set_etag(response, view.version)  # what the service wrote, not a second read
    return plain(view)

