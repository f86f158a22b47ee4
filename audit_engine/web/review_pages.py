"""Review (confirm or dismiss findings, severity, corrective actions), evidence uploads and
downloads, and the audit report as HTML and PDF."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.datastructures import UploadFile

from audit_engine.body_cap import takes_files
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import AuditId, EvidenceId, FindingId
from audit_engine.services.actions import actions as action_service
from audit_engine.services.actions import evidence_uploads
from audit_engine.services.fieldwork import evidence_files
from audit_engine.services.pages import audit_page
from audit_engine.services.pages.finding_decisions import decide_finding
from audit_engine.services.reports.reads import audit_document_for
from audit_engine.web.edge import redirect, services, signed_in
from audit_engine.web.stale import refused_as_stale, saved, seen_of

router = APIRouter()
UPLOAD_FILES = 50  # at once; more are refused while the body streams (audit_engine.body_cap)
DOWNLOAD_CSP = "default-src 'none'; sandbox"


@router.post("/findings/{ref}/confirm")
def confirm(request: Request, ref: str, severity: str = Form(""), reason: str = Form(""),
            seen: str = Form(""), identity=Depends(signed_in)):
    return _decide(request, identity, ref, seen, "confirm",
                   severity=severity or None, reason=reason or None)


@router.post("/findings/{ref}/dismiss")
def dismiss(request: Request, ref: str, reason: str = Form(""), seen: str = Form(""),
            identity=Depends(signed_in)):
    return _decide(request, identity, ref, seen, "dismiss", reason=reason)


def _decide(request: Request, identity, ref: str, seen: str, decision: str, **options):
    """Confirm or dismiss, refused with who-changed-what (409) when the finding (or its
    audit's state) changed since the page was read."""
    app, position = services(request), seen_of(seen)
    done = decide_finding(app.uow(), app.clock, actor=identity.actor, finding=FindingId(ref),
                          decision=decision, unchanged_since=position, **options)
    if done.refused is not None:
        return refused_as_stale(request, done.refused, seen=position,
                                reload=f"/audits/{done.audit}", subjects=(done.finding, done.audit))
    return saved(request, f"/audits/{done.audit}#finding-{done.finding}")


@router.post("/findings/{ref}/actions")
def add_action(request: Request, ref: str, owner: str = Form(...), plan: str = Form(...),
               due: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    made = action_service.add_action(app.uow(), app.clock, actor=identity.actor,
                                     finding=FindingId(ref),
                                     owner=owner, plan=plan, due=_date(due, "due"),
                                     due_days=app.action_due_days())
    return redirect(f"/audits/{made.audit}#finding-{ref}")


def _date(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from None


@router.post("/audits/{ref}/evidence", openapi_extra=takes_files(UPLOAD_FILES))
async def upload(request: Request, ref: str, identity=Depends(signed_in)):
    from starlette.concurrency import run_in_threadpool

    app = services(request)
    form = await request.form(max_files=UPLOAD_FILES, max_fields=20)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    uploads = [evidence_uploads.Upload(f.filename, f.file) for f in files]
    criteria = str(form.get("criteria", "")).replace(",", " ").split()
    valid_until = _date(str(form.get("valid_until", "")), "valid until")

    def store():
        return evidence_uploads.add_uploads(
            app.uow(), app.clock, app.evidence_store(), actor=identity.actor, audit=AuditId(ref),
            uploads=uploads, criteria=criteria, valid_until=valid_until,
            max_bytes=app.settings.evidence_max_bytes)

    await run_in_threadpool(store)
    return redirect(f"/audits/{ref}#c-{criteria[0] if criteria else ''}")


@router.get("/evidence/{ref}")
def download(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    found = evidence_files.evidence_file(app.uow(), app.evidence_store(), actor=identity.actor,
                                         evidence=EvidenceId(ref))
    return FileResponse(found.path, media_type=found.media_type, filename=found.name,
                        content_disposition_type="attachment",
                        headers={"Content-Security-Policy": DOWNLOAD_CSP,
                                 "Cache-Control": "private, no-store"})


def _in_readers_language(request: Request):
    """The report's extras (photos, trail setting) in the language of the reader's pages."""
    from audit_engine.services.reports.rendering import in_language
    from audit_engine.web.language import page_language

    return in_language(services(request).report_extras(), page_language(request))


@router.get("/audits/{ref}/report.html")
def report_html(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    _, html = audit_document_for(app.uow(), app.renderer(), app.clock, actor=identity.actor,
                                 audit=AuditId(ref), fmt="html",
                                 extras=_in_readers_language(request))
    # The report's own stylesheet is inline (it is made for PDF); it runs no script.
    return HTMLResponse(html, headers={"Content-Security-Policy":
                                       "default-src 'none'; style-src 'unsafe-inline'; "
                                       "img-src data:; frame-ancestors 'none'; sandbox"})


@router.get("/audits/{ref}/report.pdf")
def report_pdf(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    name, pdf = audit_document_for(app.uow(), app.renderer(), app.clock, actor=identity.actor,
                                   audit=AuditId(ref), extras=_in_readers_language(request))
    return _pdf(pdf, name)


@router.get("/audits/{ref}/final.pdf")
def final_pdf(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    found = audit_page.fetch_final(app.uow(), app.report_store(), actor=identity.actor,
                                   audit=AuditId(ref))
    if found is None:
        from audit_engine.domain.errors import NotFound

        raise NotFound(f"audit {ref} has no final report")
    sha256, path = found
    return FileResponse(path, media_type="application/pdf",
                        filename=f"{ref}-final-{sha256[:12]}.pdf",
                        headers={"X-Content-SHA256": sha256})


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
