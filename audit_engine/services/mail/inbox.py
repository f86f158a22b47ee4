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

from audit_engine.domain.actor import Actor, actor_email
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.rules import channels
from audit_engine.storage import inbox as store
from audit_engine.storage.queries.reminder_settings import rules_in_force

KEEP = timedelta(days=channels.INBOX_DAYS)
ALWAYS_MANDATORY = {"action_reminder"}  # carries the mandatory overdue notices


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


def inbox(uow, clock, *, actor: Actor, title, limit: int = 200) -> list[InboxLine]:
    """The person's items of the last 90 days, newest first; `title(template, context)` is
    the mail's subject."""
    with uow.reading():
        user_id = _user_id(uow.session, actor)
        rows = store.items(uow.session, user_id, clock.now() - KEEP, limit)
    return [InboxLine(r.id, title(r.template, r.context), r.link or "/", r.created_at,
                      r.read_at is None) for r in rows]


def unread(session, email: str, now: datetime) -> int:
    user_id = store.user_ids(session, [email]).get(email)
    return store.unread_count(session, user_id, now - KEEP) if user_id else 0


def mark_read(uow, clock, *, actor: Actor, item: int | None = None) -> int:
    """One item, or every item ("mark all read"); only ever the person's own."""
    with uow:
        changed = store.mark_read(uow.session, _user_id(uow.session, actor), clock.now(), item)
        uow.commit()
    return changed


def purge(session, now: datetime) -> int:
    return store.purge_before(session, now - KEEP)


def _user_id(session, actor: Actor) -> int:
    email = actor_email(actor)
    found = store.user_ids(session, [email]).get(email)
    if found is None:
        raise NotFound(f"user {email!r} not found")
    return found


@dataclass(frozen=True)
class PreferenceLine:
    kind: str
    name: str
    channel: str
    choices: tuple[str, ...]
    mandatory: bool
    attach_pdf: bool | None  # None: this kind carries no report to attach


def preferences(uow, *, actor: Actor) -> list[PreferenceLine]:
    with uow.reading():
        session = uow.session
        stored = {r.kind: r for r in store.preference_rows(session, _user_id(session, actor))}
        rules = rules_in_force(session)
    lines = []
    for kind, name in channels.KIND_NAMES.items():
        mandatory, row = _mandatory(rules, kind), stored.get(kind)
        lines.append(PreferenceLine(
            kind, name, channels.effective(row.channel if row else None, mandatory),
            channels.allowed(mandatory), mandatory,
            (bool(row and row.attach_pdf) if kind == "weekly_digest" else None)))
    return lines


def save_preferences(uow, clock, *, actor: Actor, chosen: dict[str, str],
                     attach: set[str]) -> None:
    """Each kind's channel; refused (one line) when the rule does not allow it."""
    with uow:
        session = uow.session
        user_id, rules = _user_id(session, actor), rules_in_force(session)
        for kind, channel in chosen.items():
            if kind not in channels.KIND_NAMES:
                raise InvalidInput(f"unknown kind of message {kind!r}")
            if channel not in channels.allowed(_mandatory(rules, kind)):
                raise InvalidInput(f"{channels.KIND_NAMES[kind]}: the administrator made this "
                                   "one mandatory by mail")
            store.save_preference(session, user_id, kind, channel, kind in attach, clock.now())
        uow.commit()
