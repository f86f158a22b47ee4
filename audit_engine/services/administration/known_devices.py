"""Known devices: a browser that completed a sign-in keeps a signed cookie, so that someone
else guessing the password (which slows, then locks, the account) does not cost the owner
their access from that browser.

The proof is an HMAC keyed by the account's password hash: it cannot be made without the
database, and it is void once the password changes. A known device's failures count against
the device itself, not the account, so a stolen cookie buys no unthrottled guessing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

KEEP_DAYS = 90  # how long a device stays known without signing in again


def issue(password_hash: str, email: str, now: datetime) -> str:
    """The cookie value for a browser that just signed in as `email`."""
    issued = str(int(now.timestamp()))
    return f"{issued}.{_mac(password_hash, email, issued)}"


def known_key(password_hash: str | None, email: str, cookie: str | None,
              now: datetime) -> str | None:
    """The throttle key of this device when `cookie` proves an earlier sign-in as `email`
    (None otherwise: an unknown device is throttled with the account)."""
    issued, _, mac = (cookie or "").partition(".")
    if not password_hash or not issued.isdigit() or len(issued) > 12 or not mac:
        return None
    if now.timestamp() - int(issued) > KEEP_DAYS * 86400:
        return None
    if not hmac.compare_digest(mac, _mac(password_hash, email, issued)):
        return None
    return f"device:{mac[:32]}"


def _mac(password_hash: str, email: str, issued: str) -> str:
    digest = hmac.new(password_hash.encode(), f"known-device|{email}|{issued}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
