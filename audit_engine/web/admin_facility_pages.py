"""One facility in administration: its name, country, entity type, manager (picked from the
active users, or a new person invited on the spot) and time zone, changed with the same service
and refusals as `facility edit`."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.formats.times import server_zone, zone_names
from audit_engine.services.administration import manager_invitation
from audit_engine.services.pages.facility_admin import facility_admin_page, save_facility_form
from audit_engine.web.admin_forms import Refusal, admin_services, attempt, mailing
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


def _show(request: Request, identity, code: str, refusal: Refusal | None = None,
          status: int = 200):
    from audit_engine.domain.rules.catalog import ENTITY_TYPES

    app = services(request)
    shown = facility_admin_page(app.uow, actor=identity.actor, code=code)
    return render(request, "admin_facility.html", status, facility=shown.facility,
                  admin=shown.admin, entity_types=ENTITY_TYPES, refusal=refusal,
                  zones=zone_names(), server_zone=server_zone(),
                  languages=app.languages.choices())


@router.get("/admin/facilities/{code}")
def facility_page(request: Request, code: str, identity=Depends(signed_in)):
    admin_services(request, identity)
    return _show(request, identity, code)


@router.post("/admin/facilities/{code}")
def edit(request: Request, code: str, name: str = Form(""), country: str = Form(""),
         entity_type: str = Form(""), manager: str = Form(""), time_zone: str = Form(""),
         language: str = Form(""), identity=Depends(signed_in)):
    """Only what differs from the stored facility is sent as a change (an emptied time zone
    goes back to the server's, an emptied language to English)."""
    app = admin_services(request, identity)
    wanted = {"name": name.strip(), "country": country.strip().upper() or None,
              "entity_type": entity_type, "manager": manager or None}
    return attempt(lambda: save_facility_form(
        app.uow, app.clock, actor=identity.actor, code=code, wanted=wanted,
        time_zone=time_zone, language=language, check=app.languages.checked),
        page=partial(_show, request, identity, code), form="facility-edit",
        then=f"/admin/facilities/{code}",
        filled={**{k: v or "" for k, v in wanted.items()}, "time_zone": time_zone,
                "language": language})


@router.post("/admin/facilities/{code}/manager")
def invite_manager(request: Request, code: str, email: str = Form(""), name: str = Form(""),
                   language: str = Form(""), identity=Depends(signed_in)):
    """A new person invited as this facility's manager (the manager role here, a link in
    `language`; empty: the facility's)."""
    app = admin_services(request, identity)
    return attempt(lambda: manager_invitation.invite_manager(
        app.uow(), app.clock, actor=identity.actor, code=code,
        manager=manager_invitation.NewManager(email, name), mailing=mailing(app),
        language=language, check=app.languages.checked),
        page=partial(_show, request, identity, code), form="manager-invite",
        then=f"/admin/facilities/{code}",
        filled={"email": email, "name": name, "language": language})
