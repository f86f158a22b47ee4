"""The fieldwork calendar: a month across every facility the reader may see (a grid on a wide
screen, a list of the busy days on a phone; the month in the URL), and the reader's calendar
feed: a secret address made, made anew or switched off here, and the feed itself (iCalendar,
no sign-in: the secret is the key)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from audit_engine.bootstrap.tick_wiring import mail_domain
from audit_engine.services.calendar.feeds import (
    FEED_PATH,
    drop_feed_link,
    feed_link,
    feed_text,
    make_feed_link,
)
from audit_engine.services.pages.fieldwork_calendar import month_page
from audit_engine.web.edge import redirect, render, services, signed_in

router = APIRouter()


@router.get("/calendar")
def month(request: Request, month: str = "", identity=Depends(signed_in)):
    app = services(request)
    page = month_page(app.uow(), app.clock, actor=identity.actor, month=month)
    return render(request, "calendar.html", page=page)


@router.get("/calendar/feed")
def feed_settings(request: Request, identity=Depends(signed_in)):
    app = services(request)
    link = feed_link(app.uow(), actor=identity.actor)
    return render(request, "calendar_feed.html", link=link, address=None)


@router.post("/calendar/feed")
def make_feed(request: Request, identity=Depends(signed_in)):
    """A new address, shown on this one page and never again (only its hash is kept)."""
    app = services(request)
    made = make_feed_link(app.uow(), app.clock, actor=identity.actor)
    address = f"{_base(request)}{FEED_PATH}{made.token}.ics"
    return render(request, "calendar_feed.html", 201, link=made, address=address)


@router.post("/calendar/feed/off")
def drop_feed(request: Request, identity=Depends(signed_in)):
    app = services(request)
    drop_feed_link(app.uow(), app.clock, actor=identity.actor)
    return redirect("/calendar/feed")


@router.get(FEED_PATH + "{token}.ics")
def feed(request: Request, token: str):
    app = services(request)
    text = feed_text(app.uow(), app.clock, token=token, base_url=_base(request),
                     domain=mail_domain(app), wording_of=app.languages.wording_of)
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300",
                             "Referrer-Policy": "no-referrer"})


def _base(request: Request) -> str:
    """The address people reach this server at (the configured public one first)."""
    configured = services(request).settings.public_url
    return (configured or str(request.base_url)).rstrip("/")
