"""Administration overview: users (invite, deactivate), facilities, trail verification, and the
second-factor policy. One user's roles and name: admin_user_pages; programmes, reminder rules,
subscriptions and the outbox: admin_calendar_pages and admin_outbox_pages."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.bootstrap.tick_wiring import mail_domain
from audit_engine.domain.formats.times import server_zone, zone_names
from audit_engine.services.administration import (
    account_links,
    manager_invitation,
    people,
    second_factor,
    user_admin,
)
from audit_engine.web import admin_user_pages
from audit_engine.web.admin_forms import Refusal, admin_services, attempt, mailing
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


def _show(request: Request, identity, refusal: Refusal | None = None, status: int = 200):
    from audit_engine.domain.rules.catalog import ENTITY_TYPES
    from audit_engine.domain.rules.lifecycle import Role

    overview = user_admin.admin_overview(services(request).uow, actor=identity.actor)
    return render(request, "admin.html", status, admin=overview, roles=[r.value for r in Role],
                  entity_types=ENTITY_TYPES, refusal=refusal, zones=zone_names(),
                  server_zone=server_zone(), languages=services(request).languages.choices())


@router.get("/admin")
def admin(request: Request, identity=Depends(signed_in)):
    return _show(request, identity)


@router.post("/admin/users")
def invite(request: Request, email: str = Form(""), name: str = Form(""),
           role: list[str] = Form([]), facilities: str = Form(""), language: str = Form(""),
           identity=Depends(signed_in)):
    """A new person, mailed their invitation in the language chosen for them (none: their
    facility's default)."""
    app = admin_services(request, identity)

    def change():
        people.invite_user(app.uow(), app.clock, actor=identity.actor, email=email, name=name,
                           roles=role, facilities=facilities.replace(",", " ").split(),
                           public_url=app.public_url(), mail_domain=mail_domain(app),
                           language=language, check=app.languages.checked)

    return attempt(change, page=partial(_show, request, identity), form="invite",
                   then="/admin#users",
                   filled={"email": email, "name": name, "facilities": facilities,
                           "role": " ".join(role), "language": language})


@router.post("/admin/users/{email}/invite")
def reinvite(request: Request, email: str, identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: account_links.send_invitation(
        app.uow(), app.clock, actor=identity.actor, email=email, public_url=app.public_url(),
        mail_domain=mail_domain(app)),
        page=partial(_show, request, identity), form=f"active-{email}", then="/admin#users")


@router.post("/admin/users/{email}/active")
def activate(request: Request, email: str, active: str = Form(...), back: str = Form(""),
             identity=Depends(signed_in)):
    """(De)activate from the overview's table, or from the user's page (`back=user`)."""
    app = admin_services(request, identity)
    on_user_page = back == "user"
    page = (partial(admin_user_pages.show, request, identity, email) if on_user_page
            else partial(_show, request, identity))
    return attempt(lambda: user_admin.set_active(app.uow(), app.clock, actor=identity.actor,
                                                 email=email, active=active == "1"),
                   page=page, form=f"active-{email}",
                   then=admin_user_pages.user_url(email) if on_user_page else "/admin#users")


@router.post("/admin/users/{email}/second-factor/off")
def second_factor_off(request: Request, email: str, identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: second_factor.disable_second_factor(
        app.uow(), app.clock, actor=identity.actor, email=email),
        page=partial(_show, request, identity), form=f"active-{email}", then="/admin#users")


@router.post("/admin/facilities")
def add_facility(request: Request, code: str = Form(""), name: str = Form(""),
                 entity_type: str = Form(""), country: str = Form(""),
                 manager: str = Form(""), new_manager_email: str = Form(""),
                 new_manager_name: str = Form(""), time_zone: str = Form(""),
                 language: str = Form(""), identity=Depends(signed_in)):
    """The manager is picked from the users or, with an email and name, invited at once (in
    the facility's language)."""
    app = admin_services(request, identity)
    return attempt(lambda: manager_invitation.add_facility(
        app.uow(), app.clock, actor=identity.actor, code=code, name=name,
        entity_type=entity_type, country=country or None, manager=manager or None,
        invite=new_manager(new_manager_email, new_manager_name), mailing=mailing(app),
        time_zone=time_zone.strip() or None, language=language,
        check=app.languages.checked),
        page=partial(_show, request, identity), form="facility", then="/admin#facilities",
        filled={"code": code, "name": name, "entity_type": entity_type, "country": country,
                "manager": manager, "new_manager_email": new_manager_email,
                "new_manager_name": new_manager_name, "time_zone": time_zone,
                "language": language})


def new_manager(email: str, name: str) -> manager_invitation.NewManager | None:
    """Who to invite as manager, when either field was filled in."""
    if not (email.strip() or name.strip()):
        return None
    return manager_invitation.NewManager(email, name)


@router.post("/admin/security")
def security(request: Request, required: str = Form(...), identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: second_factor.require_second_factor(
        app.uow(), app.clock, actor=identity.actor, required=required == "1"),
        page=partial(_show, request, identity), form="security", then="/admin#security")
