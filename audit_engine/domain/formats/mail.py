"""An e-mail as plain values, and the one error a transport raises.

Services build `Mail`; notifications/ turns it into MIME and sends it. Pure Python.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

# Deliberately simple: one @, no spaces or separators, a domain of dot-separated labels
# ("localhost" is fine for an internal relay). A reminder to "bob" fails loudly, once.
_ADDRESS = re.compile(r"^[^@\s<>,;:\"()\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")


# `Display Name <address>`: a name without quotes, angle brackets or control characters.
_MAILBOX = re.compile(r'"?(?P<name>[^"<>\x00-\x1f\x7f]*?)"?\s*<(?P<address>[^<>]+)>')


def is_valid_address(address: str) -> bool:
    return bool(_ADDRESS.fullmatch(address or ""))


def split_mailbox(text: str) -> tuple[str, str] | None:
    """A bare address or `Name <address>` -> (name, address), name "" when there is none;
    None when it is neither."""
    text = text or ""
    if is_valid_address(text):
        return "", text
    found = _MAILBOX.fullmatch(text)
    if found and is_valid_address(found["address"]):
        return found["name"].strip(), found["address"]
    return None


def normal_mailbox(text: str) -> str | None:
    """The one spelling of a recipient: the address in lower case, a name kept as given."""
    parts = split_mailbox(text)
    if parts is None:
        return None
    name, address = parts
    return f"{name} <{address.lower()}>" if name else address.lower()


def stable_message_id(dedupe_key: str, domain: str) -> str:
    """The same dedupe key always gives the same Message-ID, across retries and restarts."""
    digest = hashlib.sha256(dedupe_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True)
class Invite:
    """A calendar event sent as an iTIP REQUEST (or CANCEL) with a stable UID."""

    uid: str
    sequence: int  # raised every time the window moves
    starts_at: datetime  # tz-aware; written as UTC
    ends_at: datetime
    summary: str
    organizer: str
    attendees: tuple[str, ...]
    description: str = ""
    location: str = ""
    method: str = "REQUEST"


@dataclass(frozen=True)
class Mail:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    text: str
    message_id: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    invite: Invite | None = None
    headers: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


class DeliveryFailed(Exception):
    """A transport could not hand the message over.

    `retryable` is True for conditions that may pass (4xx, timeouts, refused connections) and
    False for ones that will not (5xx, an invalid address, a message that cannot be built).
    """

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
