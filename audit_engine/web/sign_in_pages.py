"""Sign-in, second factor, sign-out, and the password links sent by mail."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from audit_engine.domain.errors import SignInRefused
from audit_engine.metrics import count_sign_in_failure
from audit_engine.services.administration import (
    account_links,
    known_devices,
    sign_in,
    sso_sign_in,
    web_sessions,
)
from audit_engine.web.edge import (
    ANON_CSRF_COOKIE,
    SESSION_COOKIE,
    anonymous_csrf,
    check_anonymous_csrf,
    client_address,
    redirect,
    render,
    safe_next,
    services,
    session_at,
    set_cookie,
    status_of,
)
from audit_engine.web.phrases import refusal

router = APIRouter()
DEVICE_COOKIE = "ae_device"  # a browser that signed in before (see known_devices)
CODE = session_at(web_sessions.SECOND_FACTOR)
ANY = session_at(*web_sessions.STAGES)


def _form(request: Request, template: str, status: int = 200, **context) -> Response:
    token = anonymous_csrf(request)
    providers = list(services(request).sso.providers.values())
    response = render(request, template, status, anon_csrf=token, providers=providers,
                      **context)
    set_cookie(request, response, ANON_CSRF_COOKIE, token)
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/", email: str = "", signed_out: str = ""):
    app = services(request)
    left = signed_out and sso_sign_in.provider_sign_out(app.sso, signed_out,
                                                        app.public_url() + "/sign-in")
    return _form(request, "sign_in.html", next=safe_next(next), email=email[:254], error=None,
                 signed_out_of={"name": left[0], "url": left[1]} if left else None)


@router.post("/sign-in", dependencies=[Depends(check_anonymous_csrf)])
def sign_in_post(request: Request, email: str = Form(""), password: str = Form(""),
                 next: str = Form("/")):
    app = services(request)
    try:
        opened = sign_in.sign_in(app.uow(), app.clock, app.password_hasher, email=email,
                                 password=password, client=client_address(request),
                                 previous=request.cookies.get(SESSION_COOKIE),
                                 device=request.cookies.get(DEVICE_COOKIE))
    except SignInRefused as refused:
        count_sign_in_failure("password")
        return _form(request, "sign_in.html", status_of(refused), next=safe_next(next),
                     email=email, error=refusal(refused))
    return _signed_in(request, opened, safe_next(next))


def _signed_in(request: Request, opened: web_sessions.NewSession, target: str) -> Response:
    if opened.stage == web_sessions.SECOND_FACTOR:
        target = f"/sign-in/code?next={target}"
    elif opened.stage == web_sessions.ENROL:
        target = "/account"
    response = redirect(target)
    set_cookie(request, response, SESSION_COOKIE, opened.token)
    if opened.device:
        set_cookie(request, response, DEVICE_COOKIE, opened.device,
                   max_age=known_devices.KEEP_DAYS * 86400)
    response.delete_cookie(ANON_CSRF_COOKIE, path="/")
    return response


@router.get("/sign-in/code")
def code_form(request: Request, next: str = "/", identity=Depends(CODE)):
    return render(request, "sign_in_code.html", next=safe_next(next), error=None)


@router.post("/sign-in/code")
def code_post(request: Request, code: str = Form(""), next: str = Form("/"),
              identity=Depends(CODE)):
    app = services(request)
    try:
        opened = sign_in.second_factor(app.uow(), app.clock, app.password_hasher,
                                       token=request.cookies.get(SESSION_COOKIE, ""),
                                       code=code, client=client_address(request),
                                       device=request.cookies.get(DEVICE_COOKIE))
    except SignInRefused as refused:
        count_sign_in_failure("second factor")
        return render(request, "sign_in_code.html", status_of(refused), next=safe_next(next),
                      error=refusal(refused))
    return _signed_in(request, opened, safe_next(next))


@router.post("/sign-out")
def sign_out(request: Request, identity=Depends(ANY)):
    app = services(request)
    provider = web_sessions.end_session(app.uow(), request.cookies.get(SESSION_COOKIE))
    response = redirect(f"/sign-in?signed_out={provider}" if provider else "/sign-in")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password/forgot")
def forgot_form(request: Request):
    return _form(request, "password_forgot.html", sent=False)


@router.post("/password/forgot", dependencies=[Depends(check_anonymous_csrf)])
def forgot_post(request: Request, email: str = Form("")):
    app = services(request)
    from audit_engine.bootstrap.tick_wiring import mail_domain

    account_links.request_reset(app.uow(), app.clock, email=email, public_url=app.public_url(),
                                mail_domain=mail_domain(app))
    return _form(request, "password_forgot.html", sent=True)


@router.get("/password/{token}")
def password_form(request: Request, token: str):
    app = services(request)
    status = account_links.link_status(app.uow(), app.clock, token)
    return _form(request, "password_set.html", link=status, token=token, error=None)


@router.post("/password/{token}", dependencies=[Depends(check_anonymous_csrf)])
def password_post(request: Request, token: str, password: str = Form(""),
                  repeat: str = Form("")):
    from urllib.parse import urlencode

    app = services(request)
    chosen = account_links.choose_password(app.uow(), app.clock, app.password_hasher,
                                           token=token, password=password, repeat=repeat)
    if chosen.refused is not None:  # too short, the two differ, or used meanwhile
        return _form(request, "password_set.html", status_of(chosen.refused), link=chosen.link,
                     token=token, error=refusal(chosen.refused))
    return redirect("/sign-in?" + urlencode({"email": chosen.link.email}))
