"""Corrective actions: list, one (ETag: its audit's version), add to a finding, work them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from audit_engine.api.preconditions import expected_version, set_etag
from audit_engine.api.routes.common import (
    NOT_FOUND,
    PRECONDITION,
    REFUSED,
    Caller,
    caller,
    plain,
    services,
)
from audit_engine.api.schemas.actions import ActionDetailOut, ActionIn, ActionOut
from audit_engine.api.state import ApiServices
from audit_engine.api.step_body import STEP_BODY, read_step
from audit_engine.body_cap import takes_files
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, FindingId

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
    from audit_engine.services.actions.action_listing import visible_actions

    return plain(visible_actions(app.uow(), app.clock, actor=who.actor,
                                 audit=AuditId(audit) if audit else None, overdue=overdue))


@router.get("/actions/{action}", response_model=ActionDetailOut, responses=NOT_FOUND)
def show(
    action: str, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """One corrective action with its notes and evidence. Its ETag is its audit's version; a
    risk assessment's action-plan item (no audit) has the trail's position as read."""
    from audit_engine.services.actions.action_listing import visible_action

    detail = visible_action(app.uow(), app.clock, actor=who.actor, action=ActionId(action))
    set_etag(response, detail.version)
    return plain(detail.view)


@router.post(
    "/findings/{finding}/actions", status_code=201, response_model=ActionOut, responses=WRITE
)
def add(
    finding: str, body: ActionIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """Add a corrective action to a confirmed finding (review or remediation)."""
    from audit_engine.services.actions.actions import add_action

    view = add_action(
        app.uow(), app.clock, actor=who.actor, finding=FindingId(finding), owner=body.owner,
        plan=body.plan, due=body.due, root_cause=body.root_cause,
        due_days=app.app.action_due_days(), expected_version=version,
    )
    set_etag(response, view.version)  # what the service wrote, not a second read
    response.headers["Location"] = f"/api/v1/actions/{view.id}"
    return plain(view)


@router.post(
    "/actions/{action}/transitions", response_model=ActionOut, responses=WRITE,
    openapi_extra={"requestBody": STEP_BODY, **takes_files(1)},
)
async def act(
    action: str, request: Request, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """start, implement, verify or reject, with an optional note: a JSON body, or
    multipart/form-data with the same fields and an evidence `file` (any step, as `action
    implement --evidence FILE`). The file's name and size are checked before anything is
    stored; `implement` and `verify` accept the file as the implementation evidence."""
    from audit_engine.services.actions.evidence_uploads import Upload, act_with_upload

    step = await read_step(request)

    def run() -> dict:
        upload = step.upload and Upload(step.upload.filename, step.upload.file)
        return act_with_upload(
            app.uow(), app.clock, app.evidence_store, actor=who.actor, action=ActionId(action),
            event=step.event, note=step.note, upload=upload,
            max_bytes=app.settings.evidence_max_bytes, etag=version,
        )

    view = await run_in_threadpool(run)
    if view.version is not None:  # a risk item's new ETag comes with the next GET
        set_etag(response, view.version)  # what the service wrote, not a second read
    return plain(view)
