"""Webhooks as the Standard Webhooks specification has them: events, secrets and signatures.

Each delivery carries three headers: `webhook-id` (the same on every retry of one message),
`webhook-timestamp` (integer seconds since the epoch) and `webhook-signature`, a space-separated
list of `v1,<base64 HMAC-SHA256>` signatures of `<id>.<timestamp>.<body>`, one per active
secret. Secrets are `whsec_` followed by base64 of 32 random bytes; the HMAC key is the
decoded bytes. Spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.words import N_, said

EVENTS = (
    "audit.opened",
    "audit.submitted",
    "audit.closed",
    "finding.confirmed",
    "action.overdue",
    "action.verified",
    "report.final",
)
SECRET_PREFIX = "whsec_"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_URL = 2000


SEALED_AS = "webhook secret"  # the purpose a stored secret is sealed for (never kept in clear)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` signature of `id.timestamp.body`."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets_: Iterable[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(sign(s, message_id, timestamp, body) for s in secrets_)


def verify(secret: str, message_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """True when one of the header's signatures was made with `secret` (constant time)."""
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, part) for part in header.split())


def check_events(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    if not chosen:
        raise InvalidInput.said("events: name at least one of %(known)s",
                                known=", ".join(EVENTS))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise InvalidInput.said("events: unknown event %(event)r; known: %(known)s",
                                event=unknown[0], known=", ".join(EVENTS))
    return chosen


def check_url(url: str, *, allow_http: bool, allow_private: bool = False) -> str:
    """An https URL; plain http only to a loopback host and only when allowed by a setting; a
    host written as a loopback, private or link-local address only when allowed (its name is
    resolved and checked again at every delivery)."""
    url = url.strip()
    if len(url) > MAX_URL:
        raise InvalidInput.said("url: longer than %(limit)s characters", limit=MAX_URL)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput.said("url: %(url)r is not an http(s) URL", url=url)
    if parts.username or parts.password:
        raise InvalidInput.said("url: must not carry a user name or password")
    if parts.scheme == "http" and not (allow_http and parts.hostname in LOOPBACK_HOSTS):
        raise InvalidInput.said(
            "url: must be https (plain http only to a loopback address, with "
            "AUDIT_ENGINE_WEBHOOK_ALLOW_HTTP=1)"
        )
    host = "127.0.0.1" if parts.hostname == "localhost" else parts.hostname
    why = address_refusal(host, allow_private=allow_private,
                          allow_loopback=allow_private or allow_http) if _is_ip(host) else None
    if why:
        raise InvalidInput.said("url: %(host)s is %(why)s; %(hint)s", host=parts.hostname,
                                why=why, hint=said(PRIVATE_HINT))
    return url


PRIVATE_HINT = N_("webhooks go to public addresses (AUDIT_ENGINE_WEBHOOK_ALLOW_PRIVATE=1 allows "
                "loopback, private and link-local ones)")


def address_refusal(address: str, *, allow_private: bool, allow_loopback: bool) -> str | None:
    """Why a webhook may not go to `address` (an IP), or None when it may: only global unicast
    addresses, unless a setting allows loopback or private ones (never unspecified,
    multicast or reserved)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "not a unicast address"
    if ip.is_global:
        return None
    if allow_private:
        return None
    return "a link-local address" if ip.is_link_local else "a private or non-public address"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
