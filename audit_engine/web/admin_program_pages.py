"""Programmes in administration: add one, pause or resume it, move a programme audit's
fieldwork window; the same services and refusals as `program add|pause|resume|reschedule`."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.bootstrap.tick_wiring import mail_domain
from audit_engine.domain.formats.inputs import parse_date, parse_whole
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.calendar import fieldwork_window, programs
from audit_engine.services.pages import admin_views
from audit_engine.web.admin_forms import Refusal, admin_services, attempt
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()
PAGE = "/admin/programs"


def _show(request: Request, identity, refusal: Refusal | None = None, status: int = 200):
    app = services(request)
    page = admin_views.programs_page(app.uow, app.catalogs(), actor=identity.actor)
    return render(request, "admin_programs.html", status, page=page, refusal=refusal)


@router.get(PAGE)
def programs_page(request: Request, identity=Depends(signed_in)):
    return _show(request, identity)


@router.post(PAGE)
def add(request: Request, facility: str = Form(""), checklist: str = Form(""),
        every: str = Form("quarter"), start_month: str = Form("1"),
        fieldwork_days: str = Form("3"), lead: str = Form(""), first_from: str = Form(""),
        allow_partial_profile: str = Form(""), identity=Depends(signed_in)):
    app = admin_services(request, identity)

    def change():
        programs.add_program(
            app.uow(), app.clock, app.catalogs(), actor=identity.actor, facility=facility,
            checklist=checklist, every=every,
            start_month=parse_whole(start_month, "start month", 1, 12),
            fieldwork_days=parse_whole(fieldwork_days, "fieldwork days", 1, 366),
            lead=lead.strip() or None,
            first_from=parse_date(first_from, "first opening from") if first_from else None,
            allow_partial_profile=allow_partial_profile == "1")

    return attempt(change, page=partial(_show, request, identity), form="program-add",
                   then=PAGE, filled={"facility": facility, "checklist": checklist,
                                      "start_month": start_month, "lead": lead,
                                      "fieldwork_days": fieldwork_days,
                                      "first_from": first_from})


@router.post(PAGE + "/{program}/pause")
def pause(request: Request, program: str, identity=Depends(signed_in)):
    return _set_paused(request, identity, program, True)


@router.post(PAGE + "/{program}/resume")
def resume(request: Request, program: str, identity=Depends(signed_in)):
    return _set_paused(request, identity, program, False)


def _set_paused(request: Request, identity, program: str, paused: bool):
    app = admin_services(request, identity)
    return attempt(lambda: programs.set_paused(app.uow(), app.clock, actor=identity.actor,
                                               program=program, paused=paused),
                   page=partial(_show, request, identity), form=f"pause-{program}",
                   then=PAGE)


@router.post(PAGE + "/fieldwork/{audit}")
def move_fieldwork(request: Request, audit: str, start: str = Form(""), days: str = Form(""),
                   identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: fieldwork_window.move_fieldwork(
        app.uow(), app.clock, actor=identity.actor, audit=AuditId(audit),
        starts_on=parse_date(start, "new start"),
        days=parse_whole(days, "days", 1, 366) if days.strip() else None,
        mail_domain=mail_domain(app)),
        page=partial(_show, request, identity), form=f"move-{audit}", then=PAGE + "#fieldwork",
        filled={"start": start, "days": days})
