"""/reports: the managers' portfolio and the corrective-actions report, rendered now.

The same services as `audit-engine report portfolio|actions`: each covers the facilities the
caller may read (services/reports/reads.py), narrowed to `facility` when given; someone who may
read none is refused (403, naming the roles that would do)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from audit_engine.api.routes.common import NOT_FOUND, Caller, caller, services
from audit_engine.api.state import ApiServices
from audit_engine.domain.formats.tables import MEDIA_TYPES

router = APIRouter(prefix="/reports", tags=["reports"])
PDF = "application/pdf"
XLSX = MEDIA_TYPES["xlsx"]
_FILE = {"schema": {"type": "string", "format": "binary"}}
PORTFOLIO_FILES = {200: {
    "description": "The PDF (`format=pdf`), or the facility x category grid (`format=xlsx`),"
                   " as an attachment.",
    "content": {PDF: _FILE, XLSX: _FILE},
}}
ACTIONS_FILE = {200: {"description": "The PDF, as an attachment.", "content": {PDF: _FILE}}}
FACILITY = Query(
    None, max_length=40, examples=["US-NJ-01"],
    description="Only this facility (one you may read); default: every one you may read.",
)


@router.get("/portfolio", response_class=Response, responses={**PORTFOLIO_FILES, **NOT_FOUND})
def portfolio(
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    format: Literal["pdf", "xlsx"] = Query(
        "pdf", description="pdf: the report; xlsx: its facility x category grid, same numbers."
    ),
    facility: str | None = FACILITY,
):
    """Each facility's latest audit, scores by category, overdue actions and audits due (the
    managers' portfolio, as `audit-engine report portfolio`)."""
    from audit_engine.services.reports import reads

    if format == "xlsx":
        from audit_engine.services.reports.exports import export_file

        table = reads.portfolio_table_for(app.uow(), app.clock, actor=who.actor,
                                          facility=facility)
        made = export_file(table, "xlsx", "portfolio")
        return attachment(made.data, made.media_type, made.filename)
    return rendered(lambda output: reads.portfolio_for(
        app.uow(), app.app.renderer(), app.clock, actor=who.actor, output=output,
        facility=facility,
    ), "portfolio.pdf")


@router.get("/actions", response_class=Response, responses={**ACTIONS_FILE, **NOT_FOUND})
def actions(
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    owner: str | None = Query(None, max_length=254, examples=["owner@example.com"],
                              description="Only this owner's actions."),
    facility: str | None = FACILITY,
):
    """Open and overdue corrective actions (as `audit-engine report actions`)."""
    from audit_engine.services.reports.reads import actions_report_for

    return rendered(lambda output: actions_report_for(
        app.uow(), app.app.renderer(), app.clock, actor=who.actor, owner=owner, output=output,
        facility=facility,
    ), "corrective-actions.pdf")


def rendered(render, name: str, media_type: str = PDF) -> Response:
    """Render into a private temporary folder and answer with the file as an attachment."""
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        made = render(Path(folder) / name)
        data = made.path.read_bytes()
    return attachment(data, media_type, name)


def attachment(data: bytes, media_type: str, name: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
