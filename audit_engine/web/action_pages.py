"""Corrective actions: the list by due date, one action with its history, and its steps
(start, implement with evidence, verify, reject)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import ActionId
from audit_engine.services.actions import evidence_uploads
from audit_engine.services.pages import action_page
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.stale import refused_as_stale, saved, seen_of

router = APIRouter()
EVENTS = ("start", "implement", "verify", "reject")


@router.get("/actions/{ref}")
def action(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    shown = action_page.action_shown(app.uow(), app.clock, actor=identity.actor,
                                     action=ActionId(ref))
    return render(request, "action.html", row=shown.row, seen=shown.seen,
                  time_zone=shown.row.time_zone, owners=shown.owners)


@router.post("/actions/{ref}/{event}", openapi_extra=takes_files(1))
async def step(request: Request, ref: str, event: str, identity=Depends(signed_in)):
    """One step, refused with who-changed-what (409) when the action (or its audit's state)
    changed since the page was read."""
    from starlette.concurrency import run_in_threadpool

    if event not in EVENTS:
        raise InvalidInput(f"no step {event!r} for a corrective action")
    app = services(request)
    form = await request.form(max_files=1, max_fields=10)
    note = str(form.get("note", "")) or None
    position = seen_of(str(form.get("seen", "")))
    upload = form.get("evidence")
    upload = upload if isinstance(upload, UploadFile) and upload.filename else None

    def act():
        done = action_page.step_from_page(
            app.uow(), app.clock, app.evidence_store(), actor=identity.actor, action=ActionId(ref),
            event=event, note=note, unchanged_since=position,
            upload=upload and evidence_uploads.Upload(upload.filename, upload.file),
            max_bytes=app.settings.evidence_max_bytes)
        action, audit = done.action, done.audit
        if done.refused is not None:
            return refused_as_stale(request, done.refused, seen=position,
                                    reload=f"/actions/{action}",
                                    subjects=(action, audit) if audit else (action,))
        return saved(request, f"/actions/{action}")

    return await run_in_threadpool(act)
