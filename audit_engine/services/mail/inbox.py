"""The in-app inbox and each person's notification preferences.

Every message queued for mail passes here first (`by_preference`, called by outbox.enqueue in
the same transaction): each recipient who is a user gets it by mail, in the inbox, both or
neither, by their preference within what the reminder rules make mandatory
(domain/rules/channels.py). The inbox keeps the message's rule, template and context, so its
title is the mail's subject; items older than 90 days are not shown and are purged by the tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.rules import channels
from audit_engine.domain.rules.permissions import require
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import inbox as store
from audit_engine.storage.models.scheduling import MailOptOut
from audit_engine.storage.queries.reminder_settings import opt_out_rows, rules_in_force

KEEP = timedelta(days=channels.INBOX_DAYS)
ALWAYS_MANDATORY = {"action_reminder"}  # carries the mandatory overdue notices
DUE_SOON = "action_due"  # the daily reminder's "due soon" part: one may opt out of it


def _mandatory(rules, kind: str) -> bool:
    return kind in ALWAYS_MANDATORY or (kind in rules and rules[kind].mandatory)


def by_preference(session, rows: list[dict]) -> list[dict]:
    """The rows to mail (recipients who chose mail), after adding the inbox items."""
    wanted = [r for r in rows if r["rule"] not in channels.NOT_CHOSEN]
    if not wanted:
        return rows
    ids = store.user_ids(session, {e for r in wanted for e in r["recipients"]})
    chosen = store.preferences(session, ids.values(), {r["rule"] for r in wanted})
    rules, items, out = rules_in_force(session), [], []
    for row in rows:
        if row["rule"] in channels.NOT_CHOSEN:
            out.append(row)
            continue
        mail = []
        for email in row["recipients"]:
            pref = chosen.get((ids.get(email), row["rule"]))
            channel = channels.effective(pref.channel if pref else None,
                                         _mandatory(rules, row["rule"]))
            if email not in ids or channels.by_mail(channel):
                mail.append(email)
            if email in ids and channels.in_inbox(channel):
                items.append(_item(row, ids[email], email))
        if mail:
            out.append({**row, "recipients": mail})
    store.add_items(session, items)
    return out


def _item(row: dict, user_id: int, email: str) -> dict:
    context = row["context"]
    link = context.get("link") or next(
        (e.get("link") for s in context.get("sections", ()) for e in s.get("entries", ())
         if e.get("link")), None) or "/"
    return {"user_id": user_id, "kind": row["rule"], "template": row["template"],
            "context": context, "link": link, "dedupe_key": f"{row['dedupe_key']}:{email}"[:400],
            "created_at": row["created_at"], "read_at": None}


@dataclass(frozen=True)
class InboxLine:
    id: int
    title: str
    link: str
    at: datetime
    unread: bool


def inbox(uow: UnitOfWork, clock: Clock, *, actor: Actor, title,
          limit: int = 200) -> list[InboxLine]:
    """The person's items of the last 90 days, newest first; `title(template, context)` is
    the mail's subject."""
    with uow.reading():
        user_id = _user_id(uow.session, actor)
        rows = store.items(uow.session, user_id, clock.now() - KEEP, limit)
    return [InboxLine(r.id, title(r.template, r.context), r.link or "/", r.created_at,
                      r.read_at is None) for r in rows]


def kept_since(now: datetime) -> datetime:
    """The oldest item time the inbox still keeps (the navigation's badge counts from it)."""
    return now - KEEP


def mark_read(uow: UnitOfWork, clock: Clock, *, actor: Actor, item: int | None = None) -> int:
    """One item, or every item ("mark all read"); only ever the person's own."""
    with uow:
        changed = store.mark_read(uow.session, _user_id(uow.session, actor), clock.now(), item)
        uow.commit()
    return changed


def open_item(uow: UnitOfWork, clock: Clock, *, actor: Actor, item: int) -> str | None:
    """One of the person's items opened: marked read, its link given (None when it is not
    theirs, or older than the inbox keeps)."""
    lines = {line.id: line for line in inbox(uow, clock, actor=actor, title=lambda *_: "")}
    if item not in lines:
        return None
    mark_read(uow, clock, actor=actor, item=item)
    return lines[item].link


def purge(session, now: datetime) -> int:
    return store.purge_before(session, now - KEEP)


def _user_id(session, actor: Actor) -> int:
    email = actor.email
    found = store.user_ids(session, [email]).get(email)
    if found is None:
        raise NotFound.said("user %(email)r not found", email=email)
    return found


@dataclass(frozen=True)
class PreferenceLine:
    kind: str
    name: str
    channel: str
    choices: tuple[str, ...]
    mandatory: bool
    attach_pdf: bool | None  # None: this kind carries no report to attach


def _whose(session, actor: Actor, person: str | None) -> int:
    """The user whose preferences these are: the actor's own, or (an administrator only)
    another person's."""
    if person is None or person.strip().lower() == actor.email:
        return _user_id(session, actor)
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "user.add")
    return _user_id(session, Actor(person.strip().lower(), "web"))


@dataclass(frozen=True)
class Preferences:
    lines: tuple[PreferenceLine, ...]
    # the daily reminder lists actions before they are due; None: mandatory, not a choice
    due_soon: bool | None


def preferences(uow: UnitOfWork, *, actor: Actor, person: str | None = None) -> Preferences:
    """The actor's preferences, or `person`'s as an administrator sees them; a kind opted
    out of on the command line (`reminder opt-out`, or `*`) shows as not at all."""
    with uow.reading():
        session = uow.session
        user_id = _whose(session, actor, person)
        stored = {r.kind: r for r in store.preference_rows(session, user_id)}
        opted = {r.rule for r in opt_out_rows(session, user_id)}
        rules = rules_in_force(session)
    lines = []
    for kind, name in channels.KIND_NAMES.items():
        mandatory, row = _mandatory(rules, kind), stored.get(kind)
        chosen = "none" if opted & {kind, "*"} else (row.channel if row else None)
        lines.append(PreferenceLine(
            kind, name, channels.effective(chosen, mandatory),
            channels.allowed(mandatory), mandatory,
            (bool(row and row.attach_pdf) if kind == "weekly_digest" else None)))
    due_soon = None if rules[DUE_SOON].mandatory else not opted & {DUE_SOON, "*"}
    return Preferences(tuple(lines), due_soon)


def _replace_opt_outs(session, user_id: int, kinds, due_soon: bool | None, now) -> None:
    """The page's choices replace the command line's opt-outs of the same kinds (and, when
    the whole page was sent, its "*"): one setting per kind, shown as it is."""
    gone = set(kinds) | ({"*"} if due_soon is not None else set())
    gone |= {DUE_SOON} if due_soon else set()
    kept = set()
    for row in opt_out_rows(session, user_id):
        if row.rule in gone:
            session.delete(row)
        else:
            kept.add(row.rule)
    if due_soon is False and DUE_SOON not in kept and \
            not rules_in_force(session)[DUE_SOON].mandatory:
        session.add(MailOptOut(user_id=user_id, rule=DUE_SOON, created_at=now))


def save_preferences(uow: UnitOfWork, clock: Clock, *, actor: Actor, chosen: dict[str, str],
                     attach: set[str], person: str | None = None,
                     due_soon: bool | None = None) -> None:
    """Each kind's channel; refused (one line) when the rule does not allow it. An
    administrator's change for another person is in the trail (the person sees who)."""
    with uow:
        session = uow.session
        user_id, rules = _whose(session, actor, person), rules_in_force(session)
        for kind, channel in chosen.items():
            if kind not in channels.KIND_NAMES:
                raise InvalidInput.said("unknown kind of message %(kind)r", kind=kind)

            if channel not in channels.allowed(_mandatory(rules, kind)):
                raise InvalidInput.said("%(kind)s: the administrator made this one "
                                        "mandatory by mail", kind=channels.KIND_NAMES[kind])
            store.save_preference(session, user_id, kind, channel, kind in attach, clock.now())
        _replace_opt_outs(session, user_id, chosen, due_soon, clock.now())
        if person is not None and person.strip().lower() != actor.email:
            append_event(uow, clock.now(), actor, "notifications.set",
                         f"user:{person.strip().lower()}",
                         {"chosen": chosen, "attach_pdf": sorted(attach),
                          "due_soon": due_soon})
        uow.commit()
