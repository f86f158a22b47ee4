"""A form read before someone else's change: the form carries the trail position it was read
at (`seen`), and a refused save answers 409 with who changed what and when (trail event
numbers) and a link to reload. One helper for transitions, finding decisions and action steps."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

from audit_engine.domain.errors import InvalidInput, StaleRecord, web_status_of
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.audits.edits_since import Change, changes_since
from audit_engine.web.edge import is_htmx, redirect, render, services


def seen_of(text: str) -> int | None:
    """The form's `seen` field: the trail position when the page was read (blank: unknown)."""
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise InvalidInput("seen: not a position the page gave")
    return int(text)


def saved(request: Request, url: str) -> Response:
    """After a form's save: see `url`. With htmx, a page that posts to itself is reloaded
    (HX-Redirect to the same page and a #fragment would only scroll, showing the old state)."""
    current = urlsplit(request.headers.get("hx-current-url", ""))
    if is_htmx(request) and current.path == urlsplit(url).path:
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    return redirect(url, request)


def refused_as_stale(request: Request, error: Exception, *, seen: int | None, reload: str,
                     audit: str | None = None, subjects: Sequence[str] = ()):
    """The 409 naming the changes since `seen` (of the audit and/or about the subjects).

    A StaleRecord always answers so; another refusal (say, the audit left review) only when
    something did change since the page was read, otherwise it is re-raised as it was."""
    found = None if seen is None else changes_since(
        services(request).uow(), seen=seen, audit=AuditId(audit) if audit else None,
        subjects=subjects)
    if not (found and found.changes) and not isinstance(error, StaleRecord):
        raise error
    lines = [(describe(c), c.at, c.seq) for c in found.changes] if found else []
    more = found.total - len(found.changes) if found else 0
    template = "_stale.html" if is_htmx(request) else "stale.html"
    return render(request, template, web_status_of(StaleRecord), changes=lines, more=more,
                  reload=reload)


def describe(change: Change) -> str:
    """"lead@x moved the audit from fieldwork to review" (the template adds the time and the
    trail event number)."""
    d, who = change.details, change.actor
    if change.action == "finding.confirm" and d.get("severity_to"):
        return (f"{who} confirmed {change.subject} and changed its severity from "
                f"{d['severity_from']} to {d['severity_to']}")
    phrase = PHRASES.get(change.action)
    if phrase is not None:
        return f"{who} {phrase(change.subject, d)}"
    if "from" in d and "to" in d:  # a workflow step of an audit, a finding or an action
        return f"{who} {_moved(change)}"
    return f"{who} recorded {change.action} on {change.subject}"


PHRASES = {
    "action.reassign": lambda ref, d: f"gave {ref} to {d.get('to')} (was {d.get('from')})",
    "action.add": lambda ref, d: f"added corrective action {ref} to {d.get('finding')}",
    "answer.record": lambda ref, d: f"answered {d.get('criterion')} {_words(d.get('result'))}",
    "evidence.add": lambda ref, d: f"added evidence {ref} ({d.get('name')})",
    "report.final": lambda ref, d: f"stored the final report of {ref}",
    "audit.fieldwork_moved": lambda ref, d: f"moved the fieldwork dates of {ref}",
    "audit.carry_forward": lambda ref, d: f"carried evidence forward into {ref}",
    "audit.replan": lambda ref, d: f"changed the plan of {ref} (due date, lead or team)",
}


def _moved(change: Change) -> str:
    d = change.details
    kind, _, event = change.action.partition(".")
    what = "the audit" if kind == "audit" else change.subject
    said = d.get("reason") or d.get("note")
    tail = f" ({event}: {said})" if said else ""
    return f"moved {what} from {_words(d['from'])} to {_words(d['to'])}{tail}"


def _words(value) -> str:
    return str(value or "unanswered").replace("_", " ")
