"""Teams and Slack channels: hand-offs and overdue audits posted to an incoming webhook.

A channel serves one facility, one audit program (the audits it opened, P-<n>), or every
facility. Every hand-off or overdue notice queued for mail (`chat_rows`, called by
outbox.enqueue in the same transaction) also queues one outbox row per matching channel (rule
`chat`): the dispatcher renders the
mail's subject as the message, adds the link, shapes it for the service
(domain/formats/chat.py) and POSTs it, with the outbox's retries and backoff. The URL is the
channel's secret: checked like webhook URLs, stored like their secrets, shown masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound, PermissionDenied
from audit_engine.domain.formats import chat as shapes
from audit_engine.domain.formats.inputs import parse_number_id
from audit_engine.domain.formats.mail import DeliveryFailed, stable_message_id
from audit_engine.domain.integrity.webhooks import check_url
from audit_engine.domain.rules.lifecycle import Role, parse_id
from audit_engine.domain.rules.permissions import holds
from audit_engine.languages.catalogues import SOURCE as ENGLISH
from audit_engine.languages.current import N_, gettext
from audit_engine.languages.wording import wording_for
from audit_engine.services.lookup import actor_with_grants, facility_by_code
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import chat as store

RULE = "chat"
OPEN = N_("Open in audit-engine")  # the link's label under each message
KINDS = frozenset({"audit_submitted", "action_assigned", "action_implemented",
                   "action_rejected", "audit_overdue"})
EDITORS = frozenset({Role.ADMIN, Role.COMPLIANCE_OFFICER})
SEALED_AS = "chat.url"  # the purpose the URL is sealed under (like webhook secrets)


def chat_rows(session, rows: list[dict]) -> list[dict]:
    """One `chat` row per (message of a chat kind, channel of its facility, of its audit's
    program, or of all)."""
    wanted = [r for r in rows if r["rule"] in KINDS]
    channels = store.active_channels(session) if wanted else []
    programs = _programs(session, wanted) if any(c.program for c in channels) else {}
    spoken = store.facility_languages(session, {r["context"].get("facility") for r in wanted
                                                if channels and r["context"].get("facility")})
    out = []
    for row in wanted:
        for channel in channels:
            if not _serves(channel, row["context"], programs):
                continue
            key = f"{RULE}:{channel.id}:{row['dedupe_key']}"[:300]
            out.append({**row, "dedupe_key": key, "rule": RULE,
                        # kept as written; the outbox page words it for its reader
                        "recipients": [f"{channel.service} channel {channel.id}"],
                        "context": {"channel": channel.id, "template": row["template"],
                                    "context": row["context"],
                                    "language": spoken.get(row["context"].get("facility"),
                                                           ENGLISH)},
                        "attachments": [], "invite": None,
                        "message_id": stable_message_id(key, "chat.invalid")})
    return out


def _serves(channel, context: dict, programs: dict[str, int | None]) -> bool:
    if channel.program is not None:
        return programs.get(context.get("audit") or "") == channel.program
    return channel.facility in (None, context.get("facility"))


def _programs(session, rows: list[dict]) -> dict[str, int | None]:
    """{A-<n> of the rows: its program's number, None when planned by hand}."""
    refs = {row["context"]["audit"] for row in rows if row["context"].get("audit")}
    numbers = {parse_id("audit", ref): ref for ref in refs}
    return {numbers[n]: p for n, p in store.programs_of_audits(session, set(numbers)).items()}


def deliver(new_uow, sender, render, public_url: str, row, wording_of=wording_for) -> dict:
    """Post one queued chat row, in the language of the facility it is about (the people of
    a facility's channel read it; English when the facility sets none); returns what the
    outbox keeps as sent."""
    channel = _channel(new_uow, row.context["channel"])
    language = row.context.get("language") or ENGLISH
    context = {**row.context["context"], "base_url": public_url, "language": language}
    title = " ".join(render([f"email/{row.context['template']}.subject.txt"], context,
                            language)[0].split())
    link = f"{public_url}{context['link']}" if context.get("link") else None
    label = wording_of(language).gettext(OPEN)
    body = json.dumps(shapes.body(channel.service, title, link, label)).encode()
    sender.send(channel.url, body, {})
    return {"subject": title[:300], "body_text": body.decode(), "body_html": None}


def _channel(new_uow, number: int):
    """The channel with its URL unsealed."""
    with new_uow().reading() as uow:
        found = store.channel(uow.session, number)
        if found is None or not found.active:
            raise DeliveryFailed(f"chat channel {number} was removed", retryable=False)
        return replace(found, url=uow.secrets.open(SEALED_AS, found.url))


@dataclass(frozen=True)
class ProgramScope:
    """An audit program a channel may serve: P-<n> and what it audits (pages word it)."""

    ref: str  # P-<n>
    facility: str
    checklist: str
    every: str  # "quarter"


@dataclass(frozen=True)
class ChannelView:
    """A channel and whom it serves: one facility, one program, or (neither) every facility;
    the page says it in its reader's language."""

    id: int
    service: str
    facility: str | None
    program: str | None  # P-<n>
    scope: ProgramScope | None  # what the program audits; None: removed, or no program
    url: str  # masked: scheme and host only
    description: str
    created_at: datetime


def _editor(session, actor: Actor) -> None:
    _, grants = actor_with_grants(session, actor)
    if not holds(grants, EDITORS, None):
        raise PermissionDenied(f"{actor} may not change chat channels: needs role admin or "
                               "compliance_officer for every facility", permission="outbox.retry")


@dataclass(frozen=True)
class ChatPage:
    channels: tuple[ChannelView, ...]
    facilities: tuple[str, ...]  # what a new channel may serve (or every facility)
    programs: tuple[ProgramScope, ...]  # what a new channel may serve


def chat_page(uow: UnitOfWork, *, actor: Actor) -> ChatPage:
    from audit_engine.storage.queries.facilities import facility_codes

    with uow.reading():
        session = uow.session
        _editor(session, actor)
        programs = store.program_scopes(session)
        return ChatPage(tuple(_view(c, uow.secrets, programs)
                              for c in store.active_channels(session)),
                        tuple(facility_codes(session)),
                        tuple(ProgramScope(_ref(n), *scope) for n, scope in programs.items()))


def _ref(program: int) -> str:
    return f"P-{program}"  # as programs are named everywhere (services/calendar/programs.py)


def _program_number(session, ref: str) -> int:
    number = parse_number_id("program", ref.strip().upper().removeprefix("P-"))
    if number not in store.program_scopes(session):
        raise NotFound.said("program %(ref)s not found", ref=ref)
    return number


def _scope(program: int, programs: dict[int, tuple[str, str, str]]) -> ProgramScope | None:
    found = programs.get(program)
    return ProgramScope(_ref(program), *found) if found else None


def _view(c, secrets, programs: dict[int, tuple[str, str, str]]) -> ChannelView:
    program = c.program is not None
    return ChannelView(c.id, c.service, c.facility, _ref(c.program) if program else None,
                       _scope(c.program, programs) if program else None,
                       shapes.masked(secrets.open(SEALED_AS, c.url)), c.description,
                       c.created_at)


def add_channel(uow: UnitOfWork, clock: Clock, *, actor: Actor, service: str, url: str,
                facility: str | None,
                program: str | None = None, description: str = "",
                allow_http: bool = False) -> ChannelView:
    """A channel for one facility, one program (P-<n>), or every facility (neither given)."""
    if service not in shapes.SERVICES:
        raise InvalidInput.said("service %(service)r: choose Slack or Microsoft Teams",
                                service=service)
    if facility and program:
        raise InvalidInput.said("a channel serves one facility or one program: %(facility)s "
                                "and %(program)s both given", facility=facility, program=program)
    url = check_url(url.strip(), allow_http=allow_http)
    with uow:
        session = uow.session
        _editor(session, actor)
        facility_id = facility_by_code(session, facility).id if facility else None
        program_id = _program_number(session, program) if program else None
        made = store.add(session, service, uow.secrets.seal(SEALED_AS, url), facility_id,
                         program_id, description.strip()[:200], actor.email, clock.now())
        append_event(uow, clock.now(), actor, "chat.add", f"chat:{made.id}",
                     {"service": service, "facility": facility, "url": shapes.masked(url),
                      "program": _ref(program_id) if program_id else None})
        uow.commit()
        return _view(store.channel(session, made.id), uow.secrets,
                     store.program_scopes(session))


def remove_channel(uow: UnitOfWork, clock: Clock, *, actor: Actor, channel: int) -> None:
    channel = parse_number_id("chat channel", channel)  # beyond the integer range: none
    with uow:
        _editor(uow.session, actor)
        if not store.deactivate(uow.session, channel):
            raise NotFound.said("chat channel %(channel)s not found", channel=channel)
        append_event(uow, clock.now(), actor, "chat.remove", f"chat:{channel}", {})
        uow.commit()


def send_test(uow: UnitOfWork, sender, *, actor: Actor, channel: int, public_url: str) -> None:
    """Post a test message now (not queued): the person sees at once whether it arrived."""
    channel = parse_number_id("chat channel", channel)
    with uow.reading():
        _editor(uow.session, actor)
        found = store.channel(uow.session, channel)
        if found is None or not found.active:
            raise NotFound.said("chat channel %(channel)s not found", channel=channel)
        found = replace(found, url=uow.secrets.open(SEALED_AS, found.url))
    title = gettext("audit-engine test message: hand-offs and overdue audits will appear here")
    body = json.dumps(shapes.body(found.service, title, public_url + "/",
                                  gettext(OPEN))).encode()
    try:
        sender.send(found.url, body, {})
    except DeliveryFailed as failed:
        raise InvalidInput.said("the test message did not arrive: %(reason)s",
                                reason=failed.reason) from None

