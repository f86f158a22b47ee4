"""The signed-in person's own account: second factor on and off. (API tokens join here.)"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.errors import InvalidInput
from audit_engine.services.administration import second_factor
from audit_engine.services.administration.web_sessions import ENROL, SIGNED_IN
from audit_engine.web.edge import SESSION_COOKIE, redirect, render, services, session_at

router = APIRouter()
ACCOUNT = session_at(SIGNED_IN, ENROL)


@router.get("/account")
def account(request: Request, identity=Depends(ACCOUNT)):
    app = services(request)
    enrolment = second_factor.second_factor_state(app.uow(), actor=identity.email)
    return render(request, "account.html", enrolment=enrolment, error=None)


@router.post("/account/second-factor")
def enable(request: Request, code: str = Form(""), identity=Depends(ACCOUNT)):
    app = services(request)
    try:
        second_factor.enable_second_factor(app.uow(), app.clock, actor=identity.email, code=code,
                                           token=request.cookies.get(SESSION_COOKIE, ""))
    except InvalidInput as error:
        enrolment = second_factor.second_factor_state(app.uow(), actor=identity.email)
        return render(request, "account.html", 400, enrolment=enrolment, error=str(error))
    return redirect("/account" if identity.signed_in else "/")


@router.post("/account/second-factor/off")
def disable(request: Request, identity=Depends(ACCOUNT)):
    app = services(request)
    second_factor.disable_second_factor(app.uow(), app.clock, actor=identity.email,
                                        email=identity.email)
    return redirect("/account")
