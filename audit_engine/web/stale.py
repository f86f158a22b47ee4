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
from audit_engine.languages.current import N_
from audit_engine.languages.current import gettext as _
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
    """"lead@x moved the audit from fieldwork to review", in the reader's language (the
    template adds the time and the trail event number)."""
    d = change.details
    values = {"who": change.actor, "ref": change.subject, "to": d.get("to"),
              "from": d.get("from"), "finding": d.get("finding"),
              "criterion": d.get("criterion"), "result": _words(d.get("result")),
              "name": d.get("name")}
    if change.action == "finding.confirm" and d.get("severity_to"):
        return _("%(who)s confirmed %(ref)s and changed its severity from %(old)s to %(new)s",
                 old=_words(d["severity_from"]), new=_words(d["severity_to"]), **values)
    phrase = PHRASES.get(change.action)
    if phrase is not None:
        return _(phrase, **values)
    if "from" in d and "to" in d:  # a workflow step of an audit, a finding or an action
        return _moved(change, values)
    return _("%(who)s recorded %(action)s on %(ref)s", action=change.action, **values)


PHRASES = {
    "action.reassign": N_("%(who)s gave %(ref)s to %(to)s (was %(from)s)"),
    "action.add": N_("%(who)s added corrective action %(ref)s to %(finding)s"),
    "answer.record": N_("%(who)s answered %(criterion)s %(result)s"),
    "evidence.add": N_("%(who)s added evidence %(ref)s (%(name)s)"),
    "report.final": N_("%(who)s stored the final report of %(ref)s"),
    "audit.fieldwork_moved": N_("%(who)s moved the fieldwork dates of %(ref)s"),
    "audit.carry_forward": N_("%(who)s carried evidence forward into %(ref)s"),
    "audit.replan": N_("%(who)s changed the plan of %(ref)s (due date, lead or team)"),
}


def _moved(change: Change, values: dict) -> str:
    d = change.details
    kind, _dot, event = change.action.partition(".")
    said = d.get("reason") or d.get("note")
    moved = {**values, "from": _words(d["from"]), "to": _words(d["to"])}
    if kind == "audit":
        text = _("%(who)s moved the audit from %(from)s to %(to)s", **moved)
    else:
        text = _("%(who)s moved %(ref)s from %(from)s to %(to)s", **moved)
    return f"{text} ({event}: {said})" if said else text


def _words(value) -> str:
    """A state, result or severity code in words (the pages' own words for them)."""
    return _(str(value or "unanswered").replace("_", " "))
