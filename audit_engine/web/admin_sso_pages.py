"""Administration > Single sign-on: the providers as set up (with the address to register at
each and their group table), a Test sign-in per provider, and the policy requiring single
sign-on but for named break-glass accounts."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.services.administration import sso_policy
from audit_engine.web.admin_forms import Refusal, admin_services, attempt
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.sso_pages import callback_address

router = APIRouter()


def _show(request: Request, identity, refusal: Refusal | None = None, status: int = 200):
    app = admin_services(request, identity)
    overview = sso_policy.sso_overview(app.uow(), app.sso, actor=identity.actor,
                                       redirect_uri=callback_address(request))
    return render(request, "admin_sso.html", status, sso=overview, refusal=refusal)


@router.get("/admin/sso")
def sso_page(request: Request, identity=Depends(signed_in)):
    return _show(request, identity)


@router.post("/admin/sso/policy")
def sso_policy_post(request: Request, required: str = Form(""), break_glass: str = Form(""),
                    identity=Depends(signed_in)):
    app = services(request)
    return attempt(lambda: sso_policy.set_sso_policy(
        app.uow(), app.clock, app.sso, actor=identity.actor, required=required == "1",
        break_glass=break_glass), page=partial(_show, request, identity), form="sso-policy",
        then="/admin/sso", filled={"break_glass": break_glass})


@router.post("/admin/sso/link")
def sso_link_post(request: Request, email: str = Form(""), provider: str = Form(""),
                  subject: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    return attempt(lambda: sso_policy.admin_link(
        app.uow(), app.clock, app.sso, actor=identity.actor, email=email, key=provider,
        subject=subject), page=partial(_show, request, identity), form="sso-link",
        then="/admin/sso", filled={"email": email, "subject": subject})
