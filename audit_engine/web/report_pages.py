"""Reports: the portfolio and the corrective-actions report as PDF downloads, each covering the
facilities the reader may read (the read table: `portfolio.read`, `audit.read`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from audit_engine.domain.rules.permissions import READS
from audit_engine.services.reports import reads
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.language import page_language

router = APIRouter()


@router.get("/reports")
def reports_page(request: Request, identity=Depends(signed_in)):
    portfolio_roles = {role.value for role in READS["portfolio.read"].roles}
    return render(request, "reports.html", portfolio=bool(portfolio_roles & set(identity.roles)))


def _render(make, name: str) -> Response:
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        rendered = make(Path(folder) / name)
        data = rendered.path.read_bytes()
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "X-Content-SHA256": rendered.sha256})


@router.get("/reports/portfolio.pdf")
def portfolio(request: Request, identity=Depends(signed_in)):
    app = services(request)
    return _render(lambda out: reads.portfolio_for(app.uow(), app.renderer(), app.clock,
                                                   actor=identity.actor, output=out,
                                                   language=page_language(request),
                                                   criteria_text=app.languages.criteria_text),
                   "portfolio.pdf")


@router.get("/reports/actions.pdf")
def actions(request: Request, mine: int = 0, identity=Depends(signed_in)):
    app = services(request)
    owner = identity.email if mine else None
    return _render(lambda out: reads.actions_report_for(app.uow(), app.renderer(), app.clock,
                                                        actor=identity.actor, owner=owner,
                                                        output=out,
                                                        language=page_language(request),
                                                        criteria_text=app.languages.criteria_text),
                   "corrective-actions.pdf")
