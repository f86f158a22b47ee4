"""Administration > Chat channels: Teams or Slack incoming webhooks for hand-offs and overdue
audits, with a button that posts a test message at once."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.services.mail import chat
from audit_engine.web.admin_forms import Refusal, admin_services, attempt
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()
PAGE = "/admin/chat"


def _page(request: Request, identity, refusal: Refusal | None = None, status: int = 200,
          tested: str = ""):
    page = chat.chat_page(services(request).uow(), actor=identity.actor)
    return render(request, "admin_chat.html", status, page=page, refusal=refusal,
                  tested=tested)


@router.get(PAGE)
def chat_channels(request: Request, tested: str = "", identity=Depends(signed_in)):
    return _page(request, identity, tested=tested)


@router.post(PAGE)
def add(request: Request, service: str = Form(""), url: str = Form(""),
        facility: str = Form(""), description: str = Form(""), identity=Depends(signed_in)):
    """`facility` is what the "For" list chose: a facility's code, `program:P-<n>`, or empty
    (every facility)."""
    app = admin_services(request, identity)
    kind, _, program = facility.partition("program:")
    return attempt(lambda: chat.add_channel(
        app.uow(), app.clock, actor=identity.actor, service=service, url=url,
        facility=kind or None, program=program or None, description=description,
        allow_http=app.settings.webhook_allow_http),
        page=partial(_page, request, identity), form="chat-add", then=PAGE,
        filled={"service": service, "facility": facility, "description": description})


@router.post(PAGE + "/{number}/remove")
def remove(request: Request, number: int, identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: chat.remove_channel(app.uow(), app.clock, actor=identity.actor,
                                               channel=number),
                   page=partial(_page, request, identity), form=f"remove-{number}", then=PAGE)


@router.post(PAGE + "/{number}/test")
def test(request: Request, number: int, identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: chat.send_test(app.uow(), app.chat_sender(), actor=identity.actor,
                                          channel=number, public_url=app.public_url()),
                   page=partial(_page, request, identity), form=f"test-{number}",
                   then=f"{PAGE}?tested={number}")
