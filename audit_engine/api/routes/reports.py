"""Reports: render an audit's report now; fetch the stored final report of a closed audit."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, Response

from audit_engine.api.routes.common import NOT_FOUND, Caller, caller, services
from audit_engine.api.routes.report_files import rendered
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId

router = APIRouter(prefix="/audits/{audit}/report", tags=["reports"])
PDF = {200: {"content": {"application/pdf": {}}, "description": "The PDF."}}


RENDERED = {200: {"content": {"application/pdf": {}, "text/html": {}},
                  "description": "The PDF, or with format=html the HTML it is made from."}}


@router.get("", response_class=Response, responses={**RENDERED, **NOT_FOUND})
def render(
    audit: str,
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    format: str = Query("pdf", pattern="^(pdf|html)$"),
):
    """The audit's report rendered now (PDF, or the HTML it is made from), as an attachment."""
    from audit_engine.services.reports.reads import audit_report_for

    audit_id = AuditId(audit)
    name = f"{audit_id}-report.{format}"
    media = "application/pdf" if format == "pdf" else "text/html; charset=utf-8"
    return rendered(lambda output: audit_report_for(
        app.uow(), app.app.renderer(), app.clock, actor=who.actor, audit=audit_id, output=output,
        fmt=format, extras=app.app.report_extras(),
    ), name, media)


@router.get("/final", response_class=FileResponse, responses={**PDF, **NOT_FOUND})
def final(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The final report stored when the audit closed (PDF/A-3b), byte for byte."""
    from audit_engine.domain.errors import NotFound
    from audit_engine.services.reports.reads import final_report_for

    path = final_report_for(app.uow(), app.report_store, actor=who.actor, audit=AuditId(audit))
    if path is None:
        raise NotFound(f"audit {audit} has no stored final report")
    return FileResponse(path, media_type="application/pdf", filename=f"{audit}-final.pdf")
