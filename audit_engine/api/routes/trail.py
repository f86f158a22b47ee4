"""The audit trail: one audit's events; verify the whole chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from audit_engine.api.routes.common import NOT_FOUND, Caller, caller, services
from audit_engine.api.schemas.trail import EventOut, VerifyOut
from audit_engine.api.state import ApiServices

router = APIRouter(tags=["trail"])


@router.get("/audits/{audit}/trail", response_model=list[EventOut], responses=NOT_FOUND)
def audit_trail(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The audit's events, oldest first, with their hashes."""
    from audit_engine.services.audits.listing import require_visible
    from audit_engine.services.trail import show_log

    number = require_visible(app.uow(), actor=who.actor, kind="audit", ref=audit)
    return show_log(app.uow(), number)


@router.get("/trail/verify", response_model=VerifyOut)
def verify(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Walk the whole hash chain (admins): ok, or the first bad event."""
    from audit_engine.services.administration.reads import require_admin
    from audit_engine.services.anchoring.anchor import verify_log

    require_admin(app.uow(), actor=who.actor, what="verify the trail")
    report = verify_log(app.uow())
    return {"ok": report.ok, "events": report.events, "problem": report.problem}
