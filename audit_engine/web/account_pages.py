"""The signed-in person's own account: second factor on and off with its recovery codes,
personal API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.errors import InvalidInput, web_status_of
from audit_engine.languages.current import gettext as _
from audit_engine.services.administration import second_factor
from audit_engine.services.administration.web_sessions import ENROL, SIGNED_IN
from audit_engine.services.pages.account_view import AccountPage, account_page, token_made
from audit_engine.web.edge import SESSION_COOKIE, redirect, render, services, session_at
from audit_engine.web.phrases import refusal
from audit_engine.web.qr_code import qr_svg

router = APIRouter()
ACCOUNT = session_at(SIGNED_IN, ENROL)
SIGNED_IN_ONLY = session_at(SIGNED_IN)


def _page(request: Request, identity, status: int = 200, **shown):
    app = services(request)
    return _shown(request, account_page(app.uow(), app.clock, actor=identity.actor), status,
                  **shown)


def _shown(request: Request, page: AccountPage, status: int = 200, **shown):
    enrolment = page.enrolment
    context = {"error": None, "new_token": page.new_token, "token_error": None,
               "codes_error": None, "languages": services(request).languages.choices(),
               **shown}
    qr = qr_svg(enrolment.uri, _("QR code of your second-factor key")) if enrolment.uri else None
    return render(request, "account.html", status, enrolment=enrolment, tokens=page.tokens,
                  qr=qr, **context)


@router.get("/account")
def account(request: Request, identity=Depends(ACCOUNT)):
    return _page(request, identity)


@router.post("/account/language")
def choose_language(request: Request, language: str = Form(""),
                    identity=Depends(SIGNED_IN_ONLY)):
    """Pages and mail in the language the person picks."""
    from audit_engine.services.administration.languages import set_user_language

    app = services(request)
    try:
        set_user_language(app.uow(), app.clock, actor=identity.actor, email=identity.email,
                          language=language, check=app.languages.checked)
    except InvalidInput as error:
        return _page(request, identity, web_status_of(error), language_error=refusal(error))
    return redirect("/account")


@router.post("/account/second-factor")
def enable(request: Request, code: str = Form(""), identity=Depends(ACCOUNT)):
    """On: the recovery codes are shown now, once (not after a redirect)."""
    app = services(request)
    try:
        codes = second_factor.enable_second_factor(
            app.uow(), app.clock, app.password_hasher, actor=identity.actor, code=code,
            token=request.cookies.get(SESSION_COOKIE, ""))
    except InvalidInput as error:
        return _page(request, identity, web_status_of(error), error=refusal(error))
    return _codes(request, codes, renewed=False, then="/account" if identity.signed_in else "/")


@router.post("/account/recovery-codes")
def regenerate(request: Request, proof: str = Form(""), identity=Depends(SIGNED_IN_ONLY)):
    """New recovery codes for a code from the app or the password; the old ones stop."""
    app = services(request)
    try:
        codes = second_factor.regenerate_recovery_codes(
            app.uow(), app.clock, app.password_hasher, actor=identity.actor, proof=proof)
    except InvalidInput as error:
        return _page(request, identity, web_status_of(error), codes_error=refusal(error))
    return _codes(request, codes, renewed=True, then="/account")


def _codes(request: Request, codes: list[str], *, renewed: bool, then: str):
    return render(request, "recovery_codes.html", codes=codes, renewed=renewed, then=then)


@router.post("/account/second-factor/off")
def disable(request: Request, proof: str = Form(""), identity=Depends(ACCOUNT)):
    app = services(request)
    try:
        second_factor.disable_second_factor(app.uow(), app.clock, actor=identity.actor,
                                            email=identity.email, proof=proof,
                                            hasher=app.password_hasher)
    except InvalidInput as error:
        return _page(request, identity, web_status_of(error), error=refusal(error))
    return redirect("/account")


@router.post("/account/tokens")
def create_token(request: Request, name: str = Form(""), expires: str = Form(""),
                 read_only: str = Form(""), identity=Depends(SIGNED_IN_ONLY)):
    """A new personal API token; its secret is on this one page, never again."""
    app = services(request)
    try:
        page = token_made(app.uow(), app.clock, actor=identity.actor, name=name,
                          expires_days=_days(expires), read_only=bool(read_only))
    except InvalidInput as error:
        return _page(request, identity, web_status_of(error), token_error=refusal(error))
    return _shown(request, page, 201)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, identity=Depends(SIGNED_IN_ONLY)):
    from audit_engine.domain.formats.inputs import parse_number_id
    from audit_engine.services.integrations.tokens import revoke_token as revoke

    app = services(request)
    number = parse_number_id("token", token_id)  # beyond the integer range: 404, not a 500
    revoke(app.uow(), app.clock, actor=identity.actor, token_id=number)
    return redirect("/account")


def _days(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"expires: {text!r} is not a number of days")
    return int(text)
