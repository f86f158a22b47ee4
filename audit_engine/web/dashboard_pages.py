"""The dashboard: what the signed-in person has to do, by role."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from audit_engine.web.edge import render, signed_in

router = APIRouter()


@router.get("/")
def dashboard(request: Request, identity=Depends(signed_in)):
    return render(request, "dashboard.html")
