"""Single sign-on pages: "Sign in with ..." (and linking, and an admin's test) sent to the
identity provider, and its answer at /sign-in/sso/callback.

The `state` goes both to the provider and into a short-lived cookie: an answer brought to
another browser (a forged or replayed callback) does not match and is refused.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.sso import SsoRefused
from audit_engine.metrics import count_sign_in_failure
from audit_engine.services.administration import sso_policy, sso_sign_in
from audit_engine.web.edge import (
    SESSION_COOKIE,
    client_address,
    identity_of,
    redirect,
    render,
    safe_next,
    services,
    set_cookie,
    signed_in,
    status_of,
)
from audit_engine.web.sso_words import SSO_WORDS

router = APIRouter()
STATE_COOKIE = "ae_sso"
CALLBACK = "/sign-in/sso/callback"


def callback_address(request: Request) -> str:
    return services(request).public_url() + CALLBACK


@router.get(CALLBACK)
def callback(request: Request, state: str = "", code: str = "", error: str = ""):
    app = services(request)
    me = identity_of(request)
    actor = me.actor if me and me.signed_in else None  # a link or a test comes back to them
    try:
        done = sso_sign_in.finish(
            app.uow(), app.clock, app.sso, state=state[:200], code=code[:2000],
            expected_state=request.cookies.get(STATE_COOKIE), error=error[:200],
            redirect_uri=callback_address(request), client=client_address(request),
            previous=request.cookies.get(SESSION_COOKIE),
            actor=actor)
    except SsoRefused as refused:
        response = _refused(request, refused)
    else:
        response = _finished(request, done)
    response.delete_cookie(STATE_COOKIE, path="/")
    return response


@router.get("/sign-in/sso/{key}")
def sign_in_start(request: Request, key: str, next: str = "/"):
    return _start(request, key, "sign_in", safe_next(next), None)


@router.get("/account/sso")
def my_identities(request: Request, linked: str = "", identity=Depends(signed_in)):
    app = services(request)
    mine = sso_policy.my_identities(app.uow(), app.sso, actor=identity.actor)
    return render(request, "account_sso.html", providers=mine, linked=linked)


@router.get("/account/sso/{key}/link")
def link_start(request: Request, key: str, identity=Depends(signed_in)):
    return _start(request, key, "link", "/account/sso", identity.actor)


@router.get("/admin/sso/{key}/test")
def test_start(request: Request, key: str, identity=Depends(signed_in)):
    return _start(request, key, "test", "/admin/sso", identity.actor)


def _start(request: Request, key: str, purpose: str, next_path: str,
           actor: Actor | None) -> Response:
    app = services(request)
    try:
        started = sso_sign_in.begin(app.uow(), app.clock, app.sso, key=key, purpose=purpose,
                                    redirect_uri=callback_address(request),
                                    next_path=next_path, actor=actor)
    except SsoRefused as refused:
        return _refused(request, refused)
    response = redirect(started.url)
    set_cookie(request, response, STATE_COOKIE, started.state,
               max_age=int(sso_sign_in.ATTEMPT_LIFETIME.total_seconds()))
    return response


def _finished(request: Request, done: sso_sign_in.Finished) -> Response:
    if done.purpose == "test":
        provider = services(request).sso.providers[done.provider]
        return render(request, "admin_sso_test.html", provider=provider, claims=done.claims,
                      roles=done.roles)
    if done.opened is None:  # linked: back to the person's sign-in methods
        return redirect(f"/account/sso?linked={done.provider}")
    response = redirect(done.next_path)
    set_cookie(request, response, SESSION_COOKIE, done.opened.token)
    return response


def _refused(request: Request, refused: SsoRefused) -> Response:
    count_sign_in_failure("single sign-on")
    providers = services(request).sso.providers
    provider = providers.get(refused.provider)
    return render(request, "sso_refused.html", status_of(refused),
                  provider=provider, refused=refused, sso_words=SSO_WORDS)
