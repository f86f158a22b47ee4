"""The outbox: enqueue idempotently, dispatch outside transactions, retry with backoff.

Delivery is at-least-once. A row is claimed (status sending, one attempt counted) in a short
write transaction, rendered and sent with no transaction open, then marked in another short
one. A process killed between send and mark leaves that one row in `sending`; the reaper
puts it back after STUCK_AFTER, so at most the one message in flight can go out twice (with
the same Message-ID).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import AuditEngineError, InvalidInput, NotFound
from audit_engine.domain.formats.mail import (
    Attachment,
    DeliveryFailed,
    Mail,
    stable_message_id,
)
from audit_engine.domain.rules.permissions import require
from audit_engine.languages.wording import wording_for
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.mail.calendar_text import invite_of

# With the module, not in the first enqueue: a scheduler's first tick paid ~5 ms importing them.
from audit_engine.services.mail.chat import chat_rows
from audit_engine.services.mail.inbox import by_preference
from audit_engine.services.mail.languages import by_language
from audit_engine.services.trail import append_event
from audit_engine.storage import outbox as store

log = logging.getLogger("audit_engine.outbox")

BACKOFF_SECONDS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600)
MAX_ATTEMPTS = 6
STUCK_AFTER = timedelta(minutes=15)
WEBHOOK_RULE = "webhook"  # rows that are HTTP deliveries (services/webhook_events.py)
CHAT_RULE = "chat"  # rows posted to a Teams or Slack channel (mail/chat.py)
HTTP_RULES = (WEBHOOK_RULE, CHAT_RULE)  # a failing endpoint is its own problem: others go on
BATCH = 50

# template names, context, language -> their texts, rendered in one go (one worker round trip
# and one time limit for a mail's parts: reporting.renderer.render_parts)
Render = Callable[[Sequence[str], dict, str], tuple[str, ...]]
Attach = Callable[[dict], Attachment]  # attachment reference -> file


def outbox_row(
    *,
    rule: str,
    key: str,
    recipients,
    template: str,
    context: dict,
    now: datetime,
    mail_domain: str,
    attachments: list | None = None,
    invite: dict | None = None,
) -> dict[str, Any]:
    """One row for `enqueue`; the dedupe key is (rule, subject, date) spelled as text."""
    dedupe_key = f"{rule}:{key}"
    return {
        "dedupe_key": dedupe_key,
        "rule": rule,
        "recipients": sorted(set(recipients)),
        "template": template,
        "context": context,
        "attachments": attachments or [],
        "invite": invite,
        "message_id": stable_message_id(dedupe_key, mail_domain),
        "status": store.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def enqueue(session, rows: list[dict]) -> int:
    """Queue mail idempotently, a row per language read (mail.languages); each recipient's
    preference may send it to their in-app inbox too or instead (mail.inbox)."""
    mail = by_preference(session, by_language(session, rows))
    return store.enqueue(session, mail + chat_rows(session, rows))


@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reaped: int = 0
    stopped_early: bool = False

    def __str__(self) -> str:
        return f"sent {self.sent}, retry later {self.retried}, failed {self.failed}" + (
            f", recovered {self.reaped} stuck" if self.reaped else ""
        )


@dataclass(frozen=True)
class Delivery:
    """What dispatch needs besides the database: a transport, templates, attachments."""

    transport: Any  # notifications.transports.Transport
    render: Render
    attach: Attach
    sender: str
    webhooks: Callable[[Any], dict] | None = None  # integrations.webhook_delivery, per row
    public_url: str = ""  # links in mail: base_url + the page path the row's context names
    chat: Any = None  # notifications.webhooks.HttpWebhookSender for chat channels
    wording_of: Callable[[str], Any] = wording_for  # a language's words (calendar, chat text)
    # (context, language) -> the context with its criteria in that language (mail.criteria)
    criteria: Callable[[dict, str], dict] | None = None


def dispatch(new_uow, clock, delivery: Delivery, *, limit: int | None = None) -> DispatchResult:
    """Send due pending rows until none are left (or `limit`); stop at the first retryable
    failure so an unreachable server costs one attempt per tick, not one per message."""
    result = DispatchResult()
    with new_uow() as uow:
        result.reaped = store.reap(uow.session, clock.now() - STUCK_AFTER)
        uow.commit()
    started = time.monotonic()
    try:
        while limit is None or result.sent + result.failed < limit:
            with new_uow() as uow:
                batch = store.claim(uow.session, clock.now(), BATCH)
                uow.commit()
            if not batch:
                break
            for position, row in enumerate(batch):
                outcome = _deliver(new_uow, clock, delivery, row)
                setattr(result, outcome, getattr(result, outcome) + 1)
                overdue = time.monotonic() - started > STUCK_AFTER.total_seconds() / 2
                if (outcome == "retried" and row.rule not in HTTP_RULES) or overdue:
                    _release(new_uow, [r.id for r in batch[position + 1 :]])
                    result.stopped_early = True
                    return result
    finally:
        delivery.transport.close()
    return result


def _deliver(new_uow, clock, delivery: Delivery, row) -> str:
    try:
        if row.rule == WEBHOOK_RULE:
            rendered, note = _webhook(delivery, row), None
        elif row.rule == CHAT_RULE:
            rendered, note = _chat(new_uow, delivery, row), None
        else:
            mail, rendered = build_mail(row, delivery)
            from audit_engine.notifications.compose import compose

            note = delivery.transport.send(compose(mail, clock.now()))
    except DeliveryFailed as exc:
        return _record_failure(new_uow, clock, row, exc.reason, exc.retryable)
    except AuditEngineError as exc:  # a template or report error: this message only
        return _record_failure(new_uow, clock, row, str(exc), retryable=False)
    except Exception as exc:  # never let one message take the scheduler down
        log.exception("outbox message %s: unexpected error", row.id)
        return _record_failure(new_uow, clock, row, f"{type(exc).__name__}: {exc}", False)
    with new_uow() as uow:
        store.mark_sent(uow.session, row.id, clock.now(), rendered, note)
        uow.commit()
    log.info("sent outbox message %s (%s) to %s", row.id, row.dedupe_key, ", ".join(row.recipients))
    return "sent"


def _webhook(delivery: Delivery, row) -> dict:
    if delivery.webhooks is None:
        raise DeliveryFailed("webhook deliveries are not set up here", retryable=True)
    return delivery.webhooks(row)


def _chat(new_uow, delivery: Delivery, row) -> dict:
    from audit_engine.services.mail.chat import deliver

    return deliver(new_uow, delivery.chat, delivery.render, delivery.public_url.rstrip("/"), row,
                   delivery.wording_of)


def _record_failure(new_uow, clock, row, reason: str, retryable: bool) -> str:
    with new_uow() as uow:
        if retryable and row.attempts < MAX_ATTEMPTS:
            delay = BACKOFF_SECONDS[min(row.attempts, len(BACKOFF_SECONDS)) - 1]
            store.mark_retry(uow.session, row.id, reason, clock.now() + timedelta(seconds=delay))
            outcome = "retried"
        else:
            if retryable:
                reason = f"gave up after {row.attempts} attempts: {reason}"
            store.mark_failed(uow.session, row.id, reason)
            outcome = "failed"
        uow.commit()
    log.warning("outbox message %s %s: %s", row.id,
                "will be retried" if outcome == "retried" else "failed", reason)
    return outcome


def _release(new_uow, ids: list[int]) -> None:
    with new_uow() as uow:
        store.release(uow.session, ids)
        uow.commit()


def build_mail(row, delivery: Delivery) -> tuple[Mail, dict]:
    """Render the row's templates and attachments; template errors raise InvalidInput."""
    context = {**row.context, "base_url": delivery.public_url.rstrip("/")}
    language = str(context.get("language") or "en")  # the reader's (mail.languages)
    if delivery.criteria is not None:
        context = delivery.criteria(context, language)
    text, html, subject = delivery.render(
        [f"email/{row.template}.{kind}" for kind in ("txt", "html", "subject.txt")], context,
        language)
    subject = " ".join(subject.split())
    attachments = tuple(delivery.attach(ref) for ref in row.attachments)
    invite = invite_of(row.invite, delivery.sender, delivery.wording_of(language)) \
        if row.invite else None
    mail = Mail(
        sender=delivery.sender,
        recipients=tuple(row.recipients),
        subject=subject,
        text=text,
        html=html,
        message_id=row.message_id,
        attachments=attachments,
        invite=invite,
        headers={"X-Audit-Engine-Key": row.dedupe_key[:200]},
    )
    return mail, {"subject": subject[:300], "body_text": text, "body_html": html}


# ---- outbox list / retry ----------------------------------------------------------------------


@dataclass(frozen=True)
class MessageView:
    """One outbox message (an e-mail or a webhook delivery) as the outbox lists show it."""

    id: int
    status: str
    rule: str
    key: str  # the dedupe key: one message per rule, subject and moment
    to: tuple[str, ...]
    subject: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    message_id: str | None
    error: str | None


def message_view(row) -> MessageView:
    return MessageView(
        id=row.id,
        status=row.status,
        rule=row.rule,
        key=row.dedupe_key,
        to=tuple(row.recipients),
        subject=row.subject,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        message_id=row.message_id,
        error=row.last_error,
    )


def list_outbox(new_uow, *, status: str | None = None, limit: int = 200) -> list[MessageView]:
    if status and status not in store.STATUSES:
        raise InvalidInput.said("status %(status)r is not one of: %(known)s", status=status,
                                known=", ".join(store.STATUSES))
    with new_uow().reading() as uow:
        return [message_view(r) for r in store.list_messages(uow.session, status, limit)]


def retry_message(new_uow, clock, message_id: int, *, actor: Actor) -> MessageView:
    """A failed (or pending) message goes out again at the next tick, attempts reset; the
    trail records who asked (admins and compliance officers: those who see the outbox)."""
    with new_uow() as uow:
        _, grants = actor_with_grants(uow.session, actor)
        require(actor, grants, "outbox.retry")
        row = store.rearm(uow.session, message_id, clock.now())
        if row is None:
            raise NotFound.said("outbox message %(number)s not found", number=message_id)
        if row.status not in (store.PENDING,):
            raise InvalidInput.said("outbox message %(number)s is %(status)s; only failed or "
                                    "pending messages can be retried", number=message_id,
                                    status=row.status)

        view = message_view(row)
        append_event(uow, clock.now(), actor, "outbox.retry", f"outbox:{row.id}",
                     {"rule": row.rule, "to": list(row.recipients), "error": row.last_error})
        uow.commit()
        return view
