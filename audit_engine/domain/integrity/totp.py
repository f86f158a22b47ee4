"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), HMAC-SHA1, 6 digits, 30 s.

What authenticator apps expect; the standard library's hmac is all it needs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # accept the step before and after (clock drift)


def new_secret() -> str:
    """160 random bits, base32 without padding (as apps type and scan it)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def time_step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def hotp(secret: str, counter: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**DIGITS).zfill(DIGITS)


def code_at(secret: str, moment: datetime) -> str:
    return hotp(secret, time_step(moment))


def matching_step(secret: str, code: str, moment: datetime, after_step: int = -1) -> int | None:
    """The time step whose code equals `code` (within the drift window), if later than
    `after_step` (a code already used is refused: no replay); None otherwise."""
    code = "".join(code.split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):  # not "１２３４５６"
        return None
    now = time_step(moment)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if step > after_step and hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str = "audit-engine") -> str:
    """The otpauth:// URI an authenticator app reads (Key Uri Format)."""
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits={DIGITS}"
