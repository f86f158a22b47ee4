"""Audit pages: one audit (its category index, submit readiness, next steps, review, report
links), the whole audit as one printable page, answers saved in place, and transitions.
Category pages and evidence on the criterion: fieldwork_pages."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.errors import InvalidInput, StaleRecord, web_status_of
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.domain.rules.permissions import PERMISSIONS
from audit_engine.languages.current import gettext as _
from audit_engine.languages.current import say
from audit_engine.services.pages import (
    audit_page,
    audit_page_models,
    criterion_edits,
    fieldwork_view,
)
from audit_engine.services.pages.audit_page_choices import audit_page_with_choices
from audit_engine.services.review.audit_steps import take_audit_step
from audit_engine.web.edge import is_htmx, redirect, render, services, signed_in
from audit_engine.web.fieldwork_pages import category_url, criterion_response, swap_criterion
from audit_engine.web.phrases import refusal
from audit_engine.web.stale import refused_as_stale, saved, seen_of
from audit_engine.workflow.tables import OPEN_WHILE

router = APIRouter()
FILTERS = ("all", "unanswered", "failed", "must-without-evidence")


@router.get("/audits/{ref}")
def audit(request: Request, ref: str, identity=Depends(signed_in)):
    """The audit: its category index (where fieldwork starts), what blocks submitting, the
    next steps, review and reports."""
    app = services(request)
    shown = audit_page_with_choices(app.uow(), app.clock, app.catalogs(), actor=identity.actor,
                                    audit=AuditId(ref), reports=app.report_store())
    page = shown.page
    return render(request, "audit.html", page=page, final=page.final, seen=page.seen,
                  index=fieldwork_view.category_index(page),
                  blockers=fieldwork_view.readiness(page), replan=shown.replan,
                  time_zone=page.audit.time_zone, owners=shown.owners, **_abilities(page))


@router.get("/audits/{ref}/all")
def whole_audit(request: Request, ref: str, show: str = "all", identity=Depends(signed_in)):
    """Every criterion of the audit on one page (to print, or to read through)."""
    app = services(request)
    page = audit_page.audit_page(app.uow(), app.clock, actor=identity.actor, audit=AuditId(ref))
    return render(request, "audit_all.html", page=page, seen=page.seen,
                  show=show if show in FILTERS else "all", **_abilities(page))


def _abilities(page: audit_page_models.AuditPage) -> dict[str, bool]:
    """What the page offers: a write is offered in the audit states the workflow tables open
    it in, to the roles the permission table gives it to (the services check both again)."""
    def may(permission: str) -> bool:
        return (page.audit.status in OPEN_WHILE[permission]
                and bool(PERMISSIONS[permission] & page.roles))

    return {"editable": may("answer.record"), "can_review": may("finding.confirm"),
            "can_add_action": may("action.add")}


@router.post("/audits/{ref}/answers/{criterion}")
def save_answer(request: Request, ref: str, criterion: str, result: str = Form(""),
                note: str = Form(""), seen: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    try:  # the write and the page sent back: one transaction, visibility checked first
        shown = criterion_edits.save_answer(app.uow(), app.clock, actor=identity.actor,
                                          audit=AuditId(ref), criterion=criterion, result=result,
                                          note=note, expected_answered_at=_seen(seen))
    except StaleRecord:
        return _stale_answer(request, app, identity, ref, criterion)
    except InvalidInput as refused:
        if not is_htmx(request):
            raise
        return criterion_response(request, ref, criterion, status=web_status_of(InvalidInput),
                                  message=refusal(refused), message_class="error")
    return swap_criterion(request, ref, shown, message=_("Saved."))


def _stale_answer(request: Request, app, identity, ref: str, criterion: str):
    """409: who changed the answer to what; htmx gets the criterion as it is now."""
    said, row = criterion_edits.stale_answer(app.uow(), app.clock, actor=identity.actor,
                                             audit=AuditId(ref), criterion=criterion)
    message = say(said)  # in the reader's language
    if not is_htmx(request):
        return render(request, "error.html", web_status_of(StaleRecord), message=message,
                      reload=category_url(ref, row.category, row.id))
    return criterion_response(request, ref, criterion, status=web_status_of(StaleRecord),
                              message=message, message_class="error")


def _seen(text: str) -> datetime | None:
    from audit_engine.domain.errors import InvalidInput

    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("seen: not a time the page gave") from None


@router.post("/audits/{ref}/transitions/{event}")
def transition(request: Request, ref: str, event: str, version: int = Form(...),
               reason: str = Form(""), seen: str = Form(""), identity=Depends(signed_in)):
    """One audit step, refused with who-changed-what (409) when the audit's version moved
    since the page was read."""
    app = services(request)
    position = seen_of(seen)
    try:
        take_audit_step(app.uow(), app.clock, actor=identity.actor, audit=AuditId(ref), event=event,
                        expected_version=version, reason=reason,
                        final_report=app.final_report_hook)
    except StaleRecord as stale:
        return refused_as_stale(request, stale, seen=position, reload=f"/audits/{ref}",
                                audit=ref)
    if event == "start":  # fieldwork begins at the first category
        return redirect(f"/audits/{ref}/fieldwork", request)
    return saved(request, f"/audits/{ref}")
