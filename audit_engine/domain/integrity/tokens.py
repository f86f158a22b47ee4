"""Personal API tokens: how a secret looks, how it is kept (only its SHA-256), how long it lives.

A token is `aet_` followed by 43 URL-safe characters (32 random bytes). It has 256 bits of
entropy, so one SHA-256 is enough to keep it: no salt or slow hash can make guessing harder.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from audit_engine.domain.errors import InvalidInput

TOKEN_PREFIX = "aet_"
SHOWN_PREFIX = 10  # characters of the secret kept to recognise a token in a list
MAX_EXPIRY_DAYS = 3650
MAX_NAME = 100


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def looks_like_token(secret: str) -> bool:
    return secret.startswith(TOKEN_PREFIX) and 20 <= len(secret) <= 200


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput.said("token name: must not be empty")
    if len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise InvalidInput.said("token name: at most %(limit)s printable characters",
                                limit=MAX_NAME)
    return name


def expiry(now: datetime, days: int | None) -> datetime | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InvalidInput.said("--expires: days must be between 1 and %(limit)s",
                                limit=MAX_EXPIRY_DAYS)
    return now + timedelta(days=days)


def usable(revoked_at: datetime | None, expires_at: datetime | None, now: datetime) -> str | None:
    """Why a token cannot be used now, or None when it can."""
    if revoked_at is not None:
        return "the token was revoked"
    if expires_at is not None and expires_at <= now:
        return "the token has expired"
    return None
