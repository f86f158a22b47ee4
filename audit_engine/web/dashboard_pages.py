"""The dashboard: what the signed-in person has to do, by role."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from audit_engine.services.pages.dashboard import dashboard_page
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


@router.get("/")
def dashboard(request: Request, identity=Depends(signed_in)):
    app = services(request)
    board, grid = dashboard_page(app.uow(), app.clock, actor=identity.actor)
    return render(request, "dashboard.html", board=board, grid=grid, waiting=board.waiting)
