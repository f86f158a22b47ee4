"""The in-app inbox (the bell on every page) and the person's notification preferences."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, Request

from audit_engine.domain.errors import InvalidInput
from audit_engine.languages.current import gettext as _
from audit_engine.services.mail import inbox
from audit_engine.web.admin_forms import admin_services
from audit_engine.web.admin_user_pages import user_url
from audit_engine.web.edge import redirect, render, safe_next, services, signed_in
from audit_engine.web.phrases import refusal

router = APIRouter()


@router.get("/inbox")
def inbox_page(request: Request, identity=Depends(signed_in)):
    app = services(request)
    lines = inbox.inbox(app.uow(), app.clock, actor=identity.actor, title=app.mail_subject)
    return render(request, "inbox.html", lines=lines)


@router.get("/inbox/{item}")
def open_item(request: Request, item: int, identity=Depends(signed_in)):
    """Opening an item marks it read and goes to the page where the person acts."""
    app = services(request)
    link = inbox.open_item(app.uow(), app.clock, actor=identity.actor, item=item)
    return redirect("/inbox" if link is None else safe_next(link))


@router.post("/inbox/read")
def read_all(request: Request, identity=Depends(signed_in)):
    app = services(request)
    inbox.mark_read(app.uow(), app.clock, actor=identity.actor)
    return redirect("/inbox")


def _preferences(request: Request, identity, status: int = 200, error: str | None = None,
                 saved: bool = False, person: str | None = None):
    chosen = inbox.preferences(services(request).uow(), actor=identity.actor, person=person)
    lines = [replace(line, name=_(line.name)) for line in chosen.lines]  # KIND_NAMES, marked
    return render(request, "notifications.html", status, lines=lines, error=error,
                  saved=saved, person=person, page=_page(person), due_soon=chosen.due_soon)


def _page(person: str | None) -> str:
    return f"{user_url(person)}/notifications" if person else "/account/notifications"


@router.get("/account/notifications")
def preferences(request: Request, saved: str = "", identity=Depends(signed_in)):
    return _preferences(request, identity, saved=saved == "1")


@router.get("/admin/users/{email}/notifications")
def person_preferences(request: Request, email: str, saved: str = "",
                       identity=Depends(signed_in)):
    """An administrator sets how a person is told (e.g. for someone without a password yet)."""
    admin_services(request, identity)  # who may not administer gets 404 first
    return _preferences(request, identity, saved=saved == "1", person=email)


@router.post("/account/notifications")
async def save(request: Request, identity=Depends(signed_in)):
    return await _save(request, identity, None)


@router.post("/admin/users/{email}/notifications")
async def save_for_person(request: Request, email: str, identity=Depends(signed_in)):
    admin_services(request, identity)
    return await _save(request, identity, email)


async def _save(request: Request, identity, person: str | None):
    form = await request.form()
    chosen = {key.removeprefix("kind-"): str(value) for key, value in form.items()
              if key.startswith("kind-")}
    attach = {key.removeprefix("pdf-") for key in form if key.startswith("pdf-")}
    # an unticked box sends nothing: the hidden field says the box was on the form
    due_soon = "due-soon" in form if "due-soon-shown" in form else None
    app = services(request)
    try:
        inbox.save_preferences(app.uow(), app.clock, actor=identity.actor, chosen=chosen,
                               attach=attach, person=person, due_soon=due_soon)
    except InvalidInput as refused:
        return _preferences(request, identity, 400, error=refusal(refused),
                            person=person)
    return redirect(f"{_page(person)}?saved=1")
