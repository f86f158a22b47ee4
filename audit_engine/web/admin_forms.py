"""What every administration form shares.

Only admins and compliance officers reach the forms (404 for anyone else, as for the pages).
A refusal from the service (a bad date, revoking the last admin, a retry of a sent message) is
shown in one line next to the form that caused it, on its page rendered again with the
refusal's HTTP status and what was typed put back; success redirects (post, redirect, get).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from fastapi import Request
from fastapi.responses import Response

from audit_engine.domain.errors import AuditEngineError
from audit_engine.services.administration.user_admin import require_administration
from audit_engine.web.edge import redirect, services, status_of
from audit_engine.web.phrases import refusal as in_words


@dataclass(frozen=True)
class Refusal:
    form: str  # the id of the form it answers
    message: str
    filled: dict[str, str] = field(default_factory=dict)  # fields to put back


Page = Callable[[Refusal | None, int], Response]  # renders the page (refusal, status)


def admin_services(request: Request, identity):
    """The services, once the signed-in person may use administration at all."""
    app = services(request)
    require_administration(app.uow(), actor=identity.actor)
    return app


def attempt(change: Callable[[], object], *, page: Page, form: str, then: str,
            filled: dict[str, str] | None = None) -> Response:
    """Run one service call; on a refusal show `page` with the message at `form`."""
    try:
        change()
    except AuditEngineError as error:
        refusal = Refusal(form, in_words(error), filled or {})
        shown = page(refusal, status_of(error))
        if _marker(form) in shown.body:
            return shown
        # Its form is not on the page (a message no longer listed, a form this viewer is not
        # offered): the page says it under its heading instead.
        return page(Refusal(PAGE_WIDE, refusal.message), status_of(error))
    return redirect(then)


PAGE_WIDE = "page"


def mailing(app):
    """Where an invitation sent from a form links to, and its Message-IDs' domain."""
    from audit_engine.bootstrap.tick_wiring import mail_domain
    from audit_engine.services.administration.manager_invitation import Mailing

    return Mailing(app.public_url(), mail_domain(app))


def _marker(form: str) -> bytes:
    return f'id="{escape(form)}-error"'.encode()  # as the template escapes it (no quotes)
