"""The audit trail: one audit's events; verify the whole chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from audit_engine.api.routes.common import NOT_FOUND, Caller, caller, services
from audit_engine.api.schemas.trail import EventOut, VerifyOut
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId

router = APIRouter(tags=["trail"])


@router.get("/audits/{audit}/trail", response_model=list[EventOut], responses=NOT_FOUND)
def audit_trail(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The audit's events, oldest first, with their hashes."""
    from audit_engine.services.pages.reads import trail_for

    return trail_for(app.uow(), actor=who.actor, audit=AuditId(audit))


@router.get("/trail/verify", response_model=VerifyOut)
def verify(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Walk the whole hash chain (admins): ok, or the first bad event."""
    from audit_engine.services.administration.reads import trail_verified_for

    report = trail_verified_for(app.uow(), actor=who.actor)
    return {"ok": report.ok, "events": report.events, "problem": report.problem}
