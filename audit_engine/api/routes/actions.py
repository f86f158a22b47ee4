"""Corrective actions: list, one (ETag: its audit's version), add to a finding, work them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from audit_engine.api.preconditions import expected_version, set_etag
from audit_engine.api.routes.common import (
    NOT_FOUND,
    PRECONDITION,
    REFUSED,
    Caller,
    caller,
    services,
)
from audit_engine.api.schemas import ActionIn, ActionOut, ActionTransitionIn
from audit_engine.api.state import ApiServices
from audit_engine.services.audits.listing import audit_version

router = APIRouter(tags=["actions"])
WRITE = {**NOT_FOUND, **REFUSED, **PRECONDITION}


@router.get("/actions", response_model=list[ActionOut], responses=NOT_FOUND)
def list_(
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    audit: str | None = Query(None, max_length=20, examples=["A-12"]),
    overdue: bool = Query(False, description="Only actions past their due date."),
):
    """Corrective actions at the facilities you may see."""
    from audit_engine.services.audits.action_listing import visible_actions

    return visible_actions(app.uow(), app.clock, actor=who.actor, audit=audit, overdue=overdue)


@router.get("/actions/{action}", response_model=ActionOut, responses=NOT_FOUND)
def show(
    action: str, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """One corrective action; its ETag is its audit's version."""
    from audit_engine.domain.lifecycle import display_id, parse_id
    from audit_engine.services.audits.dossier import audit_dossier
    from audit_engine.services.audits.listing import require_visible

    number = require_visible(app.uow(), actor=who.actor, kind="action", ref=action)
    dossier = audit_dossier(app.uow(), app.clock, number)
    set_etag(response, dossier.audit["version"])
    wanted = display_id("action", parse_id("action", action))
    return next(a for a in dossier.actions if a["id"] == wanted)


@router.post(
    "/findings/{finding}/actions", status_code=201, response_model=ActionOut, responses=WRITE
)
def add(
    finding: str, body: ActionIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """Add a corrective action to a confirmed finding (review or remediation)."""
    from audit_engine.services.audits.actions import add_action
    from audit_engine.services.audits.listing import require_visible

    number = require_visible(app.uow(), actor=who.actor, kind="finding", ref=finding)
    view = add_action(
        app.uow(), app.clock, actor=who.actor, finding=finding, owner=body.owner,
        plan=body.plan, due=body.due, root_cause=body.root_cause,
        due_days=app.app.action_due_days(), expected_version=version,
    )
    set_etag(response, audit_version(app.uow(), number))
    response.headers["Location"] = f"/api/v1/actions/{view['id']}"
    return view


@router.post("/actions/{action}/transitions", response_model=ActionOut, responses=WRITE)
def act(
    action: str, body: ActionTransitionIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """start, implement, verify or reject, with an optional note."""
    from audit_engine.services.audits.actions import act_on
    from audit_engine.services.audits.listing import require_visible

    number = require_visible(app.uow(), actor=who.actor, kind="action", ref=action)
    view = act_on(
        app.uow(), app.clock, app.evidence_store, actor=who.actor, action=action,
        event=body.event, note=body.note, expected_version=version,
    )
    set_etag(response, audit_version(app.uow(), number))
    return view
