"""Administration: users (invite, roles, deactivate), facilities, programmes, reminder rules,
subscriptions, the outbox, trail verification, and the second-factor policy."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.services.administration import account_links, people, second_factor, user_admin
from audit_engine.services.calendar.tick import mail_domain
from audit_engine.web.edge import redirect, render, services, signed_in

router = APIRouter()


def _admin(request: Request, identity) -> object:
    app = services(request)
    user_admin.require_administration(app.uow(), actor=identity.email)
    return app


@router.get("/admin")
def admin(request: Request, identity=Depends(signed_in)):
    app = services(request)
    overview = user_admin.admin_overview(app.uow, actor=identity.email)
    from audit_engine.domain.catalog import ENTITY_TYPES
    from audit_engine.domain.lifecycle import Role

    return render(request, "admin.html", admin=overview, roles=[r.value for r in Role],
                  entity_types=ENTITY_TYPES)


@router.post("/admin/users")
def invite(request: Request, email: str = Form(...), name: str = Form(...),
           role: list[str] = Form(...), facilities: str = Form(""),
           identity=Depends(signed_in)):
    app = _admin(request, identity)
    codes = facilities.replace(",", " ").split()
    view = people.add_user(app.uow(), app.clock, actor=identity.email, email=email, name=name,
                           roles=role, facilities=codes)
    account_links.send_invitation(app.uow(), app.clock, actor=identity.email,
                                  email=view["email"], public_url=app.public_url(),
                                  mail_domain=mail_domain(app))
    return redirect("/admin#users")


@router.post("/admin/users/{email}/invite")
def reinvite(request: Request, email: str, identity=Depends(signed_in)):
    app = _admin(request, identity)
    account_links.send_invitation(app.uow(), app.clock, actor=identity.email, email=email,
                                  public_url=app.public_url(), mail_domain=mail_domain(app))
    return redirect("/admin#users")


@router.post("/admin/users/{email}/active")
def activate(request: Request, email: str, active: str = Form(...),
             identity=Depends(signed_in)):
    app = _admin(request, identity)
    user_admin.set_active(app.uow(), app.clock, actor=identity.email, email=email,
                          active=active == "1")
    return redirect("/admin#users")


@router.post("/admin/users/{email}/second-factor/off")
def second_factor_off(request: Request, email: str, identity=Depends(signed_in)):
    app = _admin(request, identity)
    second_factor.disable_second_factor(app.uow(), app.clock, actor=identity.email, email=email)
    return redirect("/admin#users")


@router.post("/admin/facilities")
def add_facility(request: Request, code: str = Form(...), name: str = Form(...),
                 entity_type: str = Form(...), country: str = Form(""),
                 manager: str = Form(""), identity=Depends(signed_in)):
    app = _admin(request, identity)
    people.add_facility(app.uow(), app.clock, actor=identity.email, code=code, name=name,
                        entity_type=entity_type, country=country or None,
                        manager=manager or None)
    return redirect("/admin#facilities")


@router.post("/admin/security")
def security(request: Request, required: str = Form(...), identity=Depends(signed_in)):
    app = _admin(request, identity)
    second_factor.require_second_factor(app.uow(), app.clock, actor=identity.email,
                                        required=required == "1")
    return redirect("/admin#security")
