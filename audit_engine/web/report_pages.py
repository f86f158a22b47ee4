"""Reports: the portfolio and the corrective-actions report as PDF downloads. Both cover every
facility, so (as for subscriptions) they need a role held for every facility; anyone may
download the report of their own actions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from audit_engine.services.administration.user_admin import require_administration
from audit_engine.services.reports import rendering
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


@router.get("/reports")
def reports_page(request: Request, identity=Depends(signed_in)):
    every = {"admin", "compliance_officer", "manager"} & set(identity.roles)
    return render(request, "reports.html", everything=bool(every))


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
    require_administration(app.uow(), actor=identity.email)
    return _render(lambda out: rendering.render_portfolio(app.uow(), app.renderer(), app.clock,
                                                        output=out), "portfolio.pdf")


@router.get("/reports/actions.pdf")
def actions(request: Request, mine: int = 0, identity=Depends(signed_in)):
    app = services(request)
    owner = identity.email if mine else None
    if owner is None:
        require_administration(app.uow(), actor=identity.email)
    return _render(lambda out: rendering.render_actions(app.uow(), app.renderer(), app.clock,
                                                      owner=owner, output=out),
                   "corrective-actions.pdf")
