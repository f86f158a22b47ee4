"""Second-factor recovery codes: ten made when the second factor goes on (and again on
request, which voids the old ones), shown once, stored as argon2id hashes, each accepted once at
the sign-in code step in place of the app's code (a lost phone)."""

from __future__ import annotations

import secrets
from datetime import datetime

from audit_engine.storage import accounts as store

COUNT = 10
LENGTH = 10  # characters, shown as two groups of five
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: copied from paper by hand


def new_codes() -> list[str]:
    """COUNT fresh codes as shown (`xxxxx-xxxxx`): about 49 bits each."""
    made = ("".join(secrets.choice(_ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT))
    return [f"{code[:5]}-{code[5:]}" for code in made]


def normalised(code: str) -> str:
    """A code as typed, without case, spaces or the hyphen."""
    return "".join(code.split()).replace("-", "").lower()


def is_recovery_code(code: str) -> bool:
    """Long enough to be a recovery code rather than the app's six digits."""
    return len(normalised(code)) == LENGTH


def hashes_of(hasher, codes: list[str]) -> list[str]:
    """The stored form (argon2id, made outside any transaction: tens of ms each)."""
    return [hasher.hash(normalised(code)) for code in codes]


def store_codes(session, user_id: int, hashes: list[str], now: datetime) -> None:
    store.replace_recovery_codes(session, user_id, hashes, now)


def redeem(session, hasher, user_id: int, code: str, now: datetime) -> bool:
    """True when `code` is one of the user's unused codes, which is then used up. At most
    COUNT argon2 checks, inside the transaction: rare (a lost phone) and throttled like a
    wrong code."""
    wanted = normalised(code)
    for row in store.unused_recovery_codes(session, user_id):
        if hasher.verify(row.code_hash, wanted):
            return store.use_recovery_code(session, row.id, now)
    return False


def unused_count(session, user_id: int) -> int:
    return len(store.unused_recovery_codes(session, user_id))
