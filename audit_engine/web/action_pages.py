"""Corrective actions: the list by due date, one action with its history, and its steps
(start, implement with evidence, verify, reject)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.errors import InvalidInput, StaleRecord, TransitionNotAllowed
from audit_engine.services.actions import evidence_uploads
from audit_engine.services.audits.edits_since import read_position
from audit_engine.services.pages import action_page
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.stale import refused_as_stale, saved, seen_of

router = APIRouter()
EVENTS = ("start", "implement", "verify", "reject")


@router.get("/actions/{ref}")
def action(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    seen = read_position(app.uow())  # first: a change landing meanwhile counts as unseen
    row = action_page.action_detail(app.uow(), app.clock, actor=identity.actor, action=ref)
    return render(request, "action.html", row=row, seen=seen, time_zone=row.time_zone,
                  owners=_reassign_to(app, identity, row))


def _reassign_to(app, identity, row) -> tuple:
    """Who the action may be given to, when the reader may reassign it (else nobody)."""
    from audit_engine.services.pages.people_choices import may_reassign, owners_at

    code = row.view.facility
    if row.view.status == "verified" or not may_reassign(app.uow(), actor=identity.actor,
                                                         facility=code):
        return ()
    return owners_at(app.uow(), actor=identity.actor, facility=code)


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
        row = action_page.action_detail(app.uow(), app.clock, actor=identity.actor, action=ref)
        action, audit = row.view.id, row.view.audit
        try:
            evidence_uploads.act_with_upload(
                app.uow(), app.clock, app.evidence_store(), actor=identity.actor,
                action=action, event=event, note=note, unchanged_since=position,
                upload=upload and evidence_uploads.Upload(upload.filename, upload.file),
                max_bytes=app.settings.evidence_max_bytes,
            )
        except (StaleRecord, TransitionNotAllowed) as refused:
            return refused_as_stale(request, refused, seen=position, reload=f"/actions/{action}",
                                    subjects=(action, audit) if audit else (action,))
        return saved(request, f"/actions/{action}")

    return await run_in_threadpool(act)
