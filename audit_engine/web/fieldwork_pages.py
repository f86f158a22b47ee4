"""Fieldwork on a phone, one category at a time: the category page, evidence added on the
criterion (camera or files), a file of the audit linked to one more criterion or unlinked,
photos for a category's must criteria with "rest compliant" in the same step, and the
thumbnails and previews of evidence. Every form works as a plain post without script; with
htmx the criterion (and, out of band, the progress line, rest box and index) is swapped."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.rules.lifecycle import AuditId, EvidenceId
from audit_engine.languages.current import gettext as _
from audit_engine.languages.current import ngettext
from audit_engine.services.actions.evidence_uploads import Upload
from audit_engine.services.fieldwork import evidence_pictures as pictures
from audit_engine.services.fieldwork.answer_rest import answer_rest
from audit_engine.services.pages import fieldwork_changes as changes
from audit_engine.services.pages.fieldwork_view import category_page, criterion_in_category
from audit_engine.web.edge import is_htmx, redirect, render, services, signed_in

router = APIRouter()
MAX_FILES = 20


def category_url(ref: str, category: str, criterion: str | None = None) -> str:
    return f"/audits/{ref}/categories/{category}" + (f"#c-{criterion}" if criterion else "")


@router.get("/audits/{ref}/categories/{category}")
def category(request: Request, ref: str, category: str, identity=Depends(signed_in)):
    return _category(request, ref, category, identity)


@router.get("/audits/{ref}/fieldwork")
def fieldwork(request: Request, ref: str, identity=Depends(signed_in)):
    """Where fieldwork goes on: the first category with an unanswered criterion."""
    return _category(request, ref, None, identity)


def _category(request: Request, ref: str, category: str | None, identity):
    app = services(request)
    view = category_page(app.uow(), app.clock, actor=identity.actor, audit=AuditId(ref),
                         category=category)
    return render(request, "category.html", view=view, page=view.page, seen=view.page.seen,
                  editable=_editable(view.page))


def _editable(page) -> bool:
    """Answers are offered in the states and to the roles the tables give `answer.record`."""
    from audit_engine.domain.rules.permissions import PERMISSIONS
    from audit_engine.workflow.tables import OPEN_WHILE

    return (page.audit.status in OPEN_WHILE["answer.record"]
            and bool(PERMISSIONS["answer.record"] & page.roles))


def criterion_response(request: Request, ref: str, criterion: str, *, status: int = 200,
                       message: str | None = None, message_class: str = "saved"):
    """`swap_criterion` after a change whose service did not read the criterion back."""
    app = services(request)
    shown = criterion_in_category(app.uow(), app.clock, actor=request.state.identity.actor,
                                  audit=AuditId(ref), criterion=criterion)
    return swap_criterion(request, ref, shown, status=status, message=message,
                          message_class=message_class)


def swap_criterion(request: Request, ref: str, shown, *, status: int = 200,
                   message: str | None = None, message_class: str = "saved"):
    """After a change to one criterion: htmx gets the criterion and, out of band, the
    progress line, the rest box and the index; a plain post goes back to the category page.
    `shown`: the (category page, criterion) read after the change."""
    view, row = shown
    if not is_htmx(request):
        return redirect(category_url(ref, row.category, row.id))
    return render(request, "_criterion_swap.html", status, criterion=row, view=view,
                  audit_ref=ref, editable=_editable(view.page), message=message,
                  message_class=message_class)


async def _uploads(request: Request, field: str) -> list[Upload]:
    form = await request.form(max_files=MAX_FILES, max_fields=200)
    files = [f for f in form.getlist(field) if isinstance(f, UploadFile) and f.filename]
    return [Upload(f.filename, f.file) for f in files]


@router.post("/audits/{ref}/criteria/{criterion}/evidence", openapi_extra=takes_files(MAX_FILES))
async def criterion_evidence(request: Request, ref: str, criterion: str,
                             identity=Depends(signed_in)):
    """Photos or files taken on one criterion, linked to it (the body cap checked sizes)."""
    from starlette.concurrency import run_in_threadpool

    app, uploads = services(request), await _uploads(request, "files")
    shown = await run_in_threadpool(
        lambda: changes.upload_on_criterion(
            app.uow(), app.clock, app.evidence_store(), actor=identity.actor, audit=AuditId(ref),
            criterion=criterion, uploads=uploads, max_bytes=app.settings.evidence_max_bytes))
    count = len(uploads)
    return swap_criterion(request, ref, shown,
                          message=ngettext("%(count)s file added.", "%(count)s files added.",
                                           count))


@router.post("/audits/{ref}/categories/{category}/evidence",
             openapi_extra=takes_files(MAX_FILES))
async def category_evidence(request: Request, ref: str, category: str,
                            identity=Depends(signed_in)):
    """One photo (or files) for the ticked must criteria of a category; from the `files_rest`
    input, the category's unanswered criteria are then answered compliant in the same step."""
    from starlette.concurrency import run_in_threadpool

    app = services(request)
    form = await request.form(max_files=MAX_FILES, max_fields=200)
    chosen = [str(c) for c in form.getlist("criteria")]
    with_rest = await _uploads(request, "files_rest")
    uploads = with_rest or await _uploads(request, "files")
    await run_in_threadpool(
        lambda: changes.photo_for_category(
            app.uow(), app.clock, app.evidence_store(), actor=identity.actor, audit=AuditId(ref),
            category=category, criteria=chosen, uploads=uploads,
            max_bytes=app.settings.evidence_max_bytes, rest_compliant=bool(with_rest)))
    return redirect(category_url(ref, category))


@router.post("/audits/{ref}/categories/{category}/compliant")
def rest_compliant(request: Request, ref: str, category: str, identity=Depends(signed_in)):
    app = services(request)
    answer_rest(app.uow(), app.clock, actor=identity.actor, audit=AuditId(ref), category=category,
                result="compliant")
    return redirect(category_url(ref, category))


@router.get("/audits/{ref}/criteria/{criterion}/files")
def file_picker(request: Request, ref: str, criterion: str, identity=Depends(signed_in)):
    """The audit's files not linked to this criterion yet, each one tap to link."""
    app = services(request)
    row, choices = changes.file_choices(app.uow(), app.clock, actor=identity.actor,
                                        audit=AuditId(ref), criterion=criterion)
    template = "_file_picker.html" if is_htmx(request) else "file_picker.html"
    return render(request, template, criterion=row, audit_ref=ref, choices=choices)


@router.post("/audits/{ref}/criteria/{criterion}/links")
def link(request: Request, ref: str, criterion: str, evidence: str = Form(...),
         identity=Depends(signed_in)):
    app = services(request)
    shown = changes.link_on_criterion(app.uow(), app.clock, actor=identity.actor,
                                      audit=AuditId(ref), criterion=criterion,
                                      evidence=EvidenceId(evidence))
    return swap_criterion(request, ref, shown, message=_("%(evidence)s linked.", evidence=evidence))


@router.post("/audits/{ref}/criteria/{criterion}/links/{evidence}/remove")
def unlink(request: Request, ref: str, criterion: str, evidence: str,
           identity=Depends(signed_in)):
    app = services(request)
    shown = changes.unlink_on_criterion(app.uow(), app.clock, actor=identity.actor,
                                        audit=AuditId(ref), criterion=criterion,
                                        evidence=EvidenceId(evidence))
    return swap_criterion(request, ref, shown, message=_("%(evidence)s unlinked.",
                                                          evidence=evidence))


@router.get("/evidence/{ref}/{size}.jpg")
def evidence_picture(request: Request, ref: str, size: str, identity=Depends(signed_in)):
    """A thumbnail or preview made on the server; the original is never shown inline."""
    from audit_engine.domain.errors import NotFound

    if size not in ("thumb", "preview"):
        raise NotFound(f"no picture {size!r}")
    app = services(request)
    data = pictures.picture(app.uow(), app.evidence_store(), app.picture_store(),
                            actor=identity.actor, evidence=EvidenceId(ref), size=size)
    if data is None:
        raise NotFound(f"evidence {ref} has no picture")
    return Response(data, media_type="image/jpeg",
                    headers={"Cache-Control": "private, max-age=86400"})


@router.get("/evidence/{ref}/view")
def evidence_view(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    found = pictures.preview(app.uow(), app.evidence_store(), app.picture_store(),
                             actor=identity.actor, evidence=EvidenceId(ref))
    return render(request, "evidence_view.html", file=found)
