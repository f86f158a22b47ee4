"""Turning a `Mail` into an RFC 5322 message.

Layout (what Outlook and Gmail accept for invites with attachments):

    multipart/mixed
      multipart/alternative
        text/plain
        text/html                          (when there is HTML)
        text/calendar; method=REQUEST      (when there is an invite; METHOD inside matches)
      application/pdf ...                  (attachments)
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from audit_engine.domain.formats.mail import DeliveryFailed, Mail, split_mailbox
from audit_engine.notifications.invites import build_ics


def compose(mail: Mail, now: datetime | None = None) -> EmailMessage:
    """Build the message; an invalid address or header is a permanent DeliveryFailed."""
    now = now or datetime.now(UTC)
    _check_addresses(mail)
    message = EmailMessage()
    message["MIME-Version"] = "1.0"  # RFC 2045 4: on top of every message, multipart too
    try:
        message["From"] = mail.sender
        message["To"] = ", ".join(formataddr(split_mailbox(r)) for r in mail.recipients)
        message["Subject"] = mail.subject
    except (ValueError, TypeError) as exc:  # e.g. a newline injected into the subject
        raise DeliveryFailed(f"invalid header: {exc}", retryable=False) from exc
    message["Message-ID"] = mail.message_id
    message["Date"] = format_datetime(now.astimezone(UTC))
    # RFC 3834: stops auto-responders and vacation replies from answering reminders.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in mail.headers.items():
        message[name] = value
    if mail.html is None and mail.invite is None:
        message.set_content(mail.text)
    else:
        # Made multipart/alternative up front: set_content + add_alternative would build a
        # single part and then convert it, moving its headers (a third of compose's time).
        message.make_alternative()
        message.add_alternative(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    if mail.invite is not None:
        ics = build_ics(mail.invite, stamped_at=now)
        message.add_alternative(ics, subtype="calendar", params={"method": mail.invite.method})
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message


def _check_addresses(mail: Mail) -> None:
    if not mail.recipients:
        raise DeliveryFailed("no recipients", retryable=False)
    bad = [a for a in (mail.sender, *mail.recipients) if split_mailbox(a) is None]
    if bad:
        raise DeliveryFailed(f"invalid address: {', '.join(map(repr, bad))}", retryable=False)
