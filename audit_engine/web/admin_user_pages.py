"""One user in administration: their roles per facility (grant, revoke), their name, their
language, and (de)activation; the same services and refusals as
`user grant|revoke|edit|language|reactivate`."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.errors import InvalidInput
from audit_engine.languages.current import gettext as _
from audit_engine.services.administration import user_changes
from audit_engine.services.pages import admin_views
from audit_engine.web.admin_forms import Refusal, admin_services, attempt
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


def user_url(email: str) -> str:
    return f"/admin/users/{quote(email.strip().lower(), safe='@')}"


def show(request: Request, identity, email: str, refusal: Refusal | None = None,
         status: int = 200):
    detail = admin_views.user_detail(services(request).uow(), actor=identity.actor,
                                     email=email)
    return render(request, "admin_user.html", status, user=detail, refusal=refusal,
                  languages=services(request).languages.choices())


@router.get("/admin/users/{email}")
def user(request: Request, email: str, identity=Depends(signed_in)):
    return show(request, identity, email)


@router.post("/admin/users/{email}/name")
def rename(request: Request, email: str, name: str = Form(""), identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: user_changes.edit_user(app.uow(), app.clock, actor=identity.actor,
                                                  email=email, name=name),
                   page=partial(show, request, identity, email), form="name",
                   then=user_url(email), filled={"name": name})


@router.post("/admin/users/{email}/language")
def language(request: Request, email: str, language: str = Form(""),
             identity=Depends(signed_in)):
    """The language someone's pages and mail are in (empty: their facility's default)."""
    from audit_engine.services.administration.languages import set_user_language

    app = admin_services(request, identity)
    return attempt(lambda: set_user_language(app.uow(), app.clock, actor=identity.actor,
                                             email=email, language=language,
                                             check=app.languages.checked),
                   page=partial(show, request, identity, email), form="language",
                   then=user_url(email), filled={"language": language})


@router.post("/admin/users/{email}/grant")
def grant(request: Request, email: str, role: str = Form(""), facility: str = Form(""),
          identity=Depends(signed_in)):
    """One more role, for one chosen facility or, chosen explicitly ("*"), for every facility:
    the dialog preselects neither, so the least privilege is the default."""
    if not role or not facility:
        def refuse():
            raise InvalidInput(_("choose a role and a facility (or \"All facilities\")"))

        admin_services(request, identity)  # who may not administer gets 404 first
        return attempt(refuse, page=partial(show, request, identity, email), form="grant",
                       then=user_url(email), filled={"role": role, "facility": facility})
    every = facility == "*"
    return _change_grant(request, identity, email, role, "" if every else facility, "grant")


@router.post("/admin/users/{email}/revoke")
def revoke(request: Request, email: str, role: str = Form(""), facility: str = Form(""),
           identity=Depends(signed_in)):
    return _change_grant(request, identity, email, role, facility, "revoke")


def _change_grant(request: Request, identity, email: str, role: str, facility: str,
                  verb: str):
    app = admin_services(request, identity)
    change = user_changes.grant_role if verb == "grant" else user_changes.revoke_role
    form = "grant" if verb == "grant" else revoke_form(role, facility or None)
    return attempt(lambda: change(app.uow(), app.clock, actor=identity.actor, email=email,
                                  role=role, facility=facility or None),
                   page=partial(show, request, identity, email), form=form,
                   then=user_url(email), filled={"role": role, "facility": facility})


def revoke_form(role: str, facility: str | None) -> str:
    """The id of one grant's revoke form (where its refusal is shown)."""
    return f"revoke-{role}-{facility or 'every'}"
