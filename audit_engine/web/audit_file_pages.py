"""An audit's files on its page: the offline workbook (download, and upload to apply its
answers: every row checked first, nothing written unless all are good) and the archive of a
closed audit for CBP. The services and refusals are `audit workbook export|import` and
`audit archive`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.errors import InvalidInput, web_status_of
from audit_engine.domain.formats.workbook import WorkbookConflict, WorkbookRefused
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.languages.current import gettext as _
from audit_engine.languages.current import say
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.phrases import plain

router = APIRouter()
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024


@router.get("/audits/{ref}/workbook.xlsx")
def workbook_download(request: Request, ref: str, identity=Depends(signed_in)):
    from audit_engine.services.fieldwork.workbook_export import export_workbook

    app = services(request)
    made = export_workbook(app.uow(), key=app.workbook_key(), actor=identity.actor,
                           audit=AuditId(ref))
    return Response(made.data, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"'})


@router.post("/audits/{ref}/workbook", openapi_extra=takes_files(1))
async def workbook_upload(request: Request, ref: str, identity=Depends(signed_in)):
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("workbook")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("choose the workbook file (.xlsx) to upload")
    return await run_in_threadpool(_apply, request, identity, ref, upload)


def _apply(request: Request, identity, ref: str, upload: UploadFile):
    from audit_engine.services.fieldwork.workbook_import import import_workbook

    app = services(request)
    folder = Path(tempfile.mkdtemp(prefix="ae-workbook-"))
    try:
        path = _copy_capped(upload, folder / "upload.xlsx")
        done = import_workbook(app.uow(), app.clock, app.evidence_store(),
                               key=app.workbook_key(), actor=identity.actor, audit=AuditId(ref),
                               path=path)
    except WorkbookRefused as refused:
        return render(request, "workbook_result.html", web_status_of(refused), audit=ref,
                      problems=[plain(say(p)) for p in refused.problems], done=None)
    except WorkbookConflict as conflict:
        return render(request, "workbook_result.html", 409, audit=ref,
                      problems=[_("%(criterion)s: changed in the workbook and on the web since "
                                  "the download; download it again", criterion=c)
                                for c in conflict.criteria], done=None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return render(request, "workbook_result.html", audit=ref, problems=[], done=done)


def _copy_capped(upload: UploadFile, target: Path) -> Path:
    copied = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1 << 16):
            copied += len(chunk)
            if copied > MAX_WORKBOOK_BYTES:
                raise InvalidInput(f"the workbook is larger than "
                                   f"{MAX_WORKBOOK_BYTES // (1024 * 1024)} MB; nothing was read")
            out.write(chunk)
    return target


@router.get("/audits/{ref}/archive.zip")
def archive_download(request: Request, ref: str, identity=Depends(signed_in)):
    from fastapi.responses import FileResponse

    from audit_engine.services.reports.archive import archive_audit

    app = services(request)
    folder = Path(tempfile.mkdtemp(prefix="ae-archive-"))
    try:
        made = archive_audit(app.uow(), app.evidence_store(), app.report_store(),
                             app.clock, actor=identity.actor, audit=AuditId(ref),
                             output=folder / f"{ref}.zip")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(made.path, media_type="application/zip", filename=f"{made.audit}.zip",
                        background=BackgroundTask(shutil.rmtree, folder, True))
