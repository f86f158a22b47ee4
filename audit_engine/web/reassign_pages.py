"""Giving a corrective action to someone else, picked from who may own actions at its
facility (the same service and refusals as `action reassign`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.rules.lifecycle import ActionId
from audit_engine.services.actions.reassign import reassign_action
from audit_engine.web.edge import redirect, services, signed_in

router = APIRouter()


@router.post("/actions/{ref}/reassign")
def reassign(request: Request, ref: str, owner: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    done = reassign_action(app.uow(), app.clock, actor=identity.actor, action=ActionId(ref),
                           owner=owner)
    return redirect(f"/actions/{done.action}", request)
