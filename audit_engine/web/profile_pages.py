"""Company profile import on the web: upload the member's own CBP list of criteria (CSV or
XLSX, `id, level` rows) for an entity type; every row is checked against the base catalog and
the problems shown in a table; nothing is written unless all rows are good. The service and
refusals are `checklists profile import`; administrators only."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.errors import AuditEngineError, web_status_of
from audit_engine.domain.rules.profile_rows import ProfileRowsRefused
from audit_engine.languages.current import N_
from audit_engine.languages.current import gettext as _
from audit_engine.services.administration import checklists, profile_import
from audit_engine.services.administration.reads import require_admin
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.phrases import plain, refusal

router = APIRouter()
IMPORTING = N_("import company profiles")  # what a refusal says a non-admin may not do
PAGE = "/admin/profiles"
SUFFIXES = (".csv", ".xlsx")


def _page(request: Request, status: int = 200, **context):
    from audit_engine.domain.rules.catalog import ENTITY_TYPES

    context = {"problems": [], "made": None, "error": None, "typed": {}, "refusal": None,
               **context}
    return render(request, "admin_profiles.html", status, entity_types=ENTITY_TYPES, **context)


@router.get(PAGE)
def profiles(request: Request, identity=Depends(signed_in)):
    app = services(request)
    require_admin(app.uow(), actor=identity.actor, what=IMPORTING)
    return _page(request)


@router.post(PAGE, openapi_extra=takes_files(1))
async def upload(request: Request, identity=Depends(signed_in)):
    form = await request.form(max_files=1, max_fields=6)
    typed = {k: str(form.get(k, "")).strip() for k in ("entity_type", "catalog_id")}
    sheet = form.get("sheet")
    return await run_in_threadpool(_import, request, identity, typed, sheet)


def _import(request: Request, identity, typed: dict, sheet):
    app = services(request)
    require_admin(app.uow(), actor=identity.actor, what=IMPORTING)
    if not isinstance(sheet, UploadFile) or not sheet.filename:
        return _page(request, 422, error=_("choose the file (CSV or XLSX) to import"),
                     typed=typed)
    suffix = Path(sheet.filename).suffix.lower()
    if suffix not in SUFFIXES:
        return _page(request, 422, typed=typed,
                     error=_("%(file)s: not a .csv or .xlsx file", file=sheet.filename))
    folder = Path(tempfile.mkdtemp(prefix="ae-profile-"))
    try:
        path = folder / f"{Path(sheet.filename).stem[:60] or 'profile'}{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(sheet.file, out)
        made = _checked_and_written(app, path, typed)
    except ProfileRowsRefused as refused:  # named by the uploaded file, not our temp path
        problems = [plain(p.replace(str(path), sheet.filename)) for p in refused.problems]
        return _page(request, 422, typed=typed, problems=problems)
    except AuditEngineError as error:
        return _page(request, web_status_of(error), typed=typed,
                     error=refusal(error).replace(str(path), sheet.filename))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _page(request, typed=typed, made=made)


def _checked_and_written(app, path: Path, typed: dict):
    """Written into the first configured checklist folder, where it loads with the others;
    without one, checked only (the page shows the checklist to save)."""
    settings = app.settings
    folder = settings.checklist_dirs[0] if settings.checklist_dirs else None
    output = Path(folder) / f"{typed['catalog_id']}.yaml" if folder else None
    return profile_import.import_profile(
        app.catalogs(), path, entity_type=typed["entity_type"],
        catalog_id=typed["catalog_id"], base_ref="ctpat-msc", output=output,
        context_files=checklists.all_checklist_files(settings.shipped_checklists_dir,
                                                     settings.checklist_dirs),
        today=app.clock.now().date())
