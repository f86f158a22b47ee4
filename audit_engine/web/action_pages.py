"""Corrective actions: the list by due date, one action with its history, and its steps
(start, implement with evidence, verify, reject)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile

from audit_engine.domain.errors import InvalidInput
from audit_engine.services.audits import action_page, evidence_uploads
from audit_engine.services.audits.actions import act_on
from audit_engine.web.edge import redirect, render, services, signed_in

router = APIRouter()
EVENTS = ("start", "implement", "verify", "reject")


@router.get("/actions")
def actions(request: Request, identity=Depends(signed_in)):
    app = services(request)
    rows = action_page.visible_actions(app.uow(), app.clock, actor=identity.email)
    return render(request, "actions.html", rows=rows)


@router.get("/actions/{ref}")
def action(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    row = action_page.action_detail(app.uow(), app.clock, actor=identity.email, action=ref)
    return render(request, "action.html", row=row)


@router.post("/actions/{ref}/{event}")
async def step(request: Request, ref: str, event: str, identity=Depends(signed_in)):
    from starlette.concurrency import run_in_threadpool

    if event not in EVENTS:
        raise InvalidInput(f"no step {event!r} for a corrective action")
    app = services(request)
    form = await request.form(max_files=1, max_fields=10)
    note = str(form.get("note", "")) or None
    upload = form.get("evidence")
    upload = upload if isinstance(upload, UploadFile) and upload.filename else None

    def act():
        action_page.action_detail(app.uow(), app.clock, actor=identity.email, action=ref)
        with tempfile.TemporaryDirectory(prefix="upload-") as folder:
            path = None
            if upload is not None:
                spooled = evidence_uploads.Upload(upload.filename, upload.file)
                path = evidence_uploads.spool(spooled, Path(folder) / "0",
                                            app.settings.evidence_max_bytes)
            act_on(app.uow(), app.clock, app.evidence_store(), actor=identity.actor,
                   action=ref, event=event, note=note, evidence=path)

    await run_in_threadpool(act)
    return redirect(f"/actions/{ref}")
