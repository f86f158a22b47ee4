"""Sign-in rules: passwords, throttling of failed attempts, session lifetimes. Pure Python.

Throttling counts failures per key (an account's email, a client address) inside a window.
From SLOW_AFTER failures on, the next attempt must wait (doubling each time); from LOCK_AFTER
on, the key is locked for LOCK_FOR. Keys and their counters live in the database, so every
server process sees the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.words import Phrase, said

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # argon2 accepts more; nobody types more, and hashing it costs


def check_password(password: str) -> str:
    """The password as given, or InvalidInput saying what is wrong with it."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.said("password is too short: at least %(limit)s characters",
                                limit=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise InvalidInput.said("password is too long: at most %(limit)s characters",
                                limit=MAX_PASSWORD)
    if not password.strip():
        raise InvalidInput.said("password must not be only spaces")
    return password


@dataclass(frozen=True)
class ThrottlePolicy:
    slow_after: int
    lock_after: int
    window: timedelta
    lock_for: timedelta
    first_wait: timedelta = timedelta(seconds=2)
    longest_wait: timedelta = timedelta(seconds=60)

    def wait_after(self, failures: int) -> timedelta:
        """How long the next attempt must wait after `failures` failures (0 below slow_after)."""
        if failures < self.slow_after:
            return timedelta(0)
        doubled: timedelta = self.first_wait * 2 ** (failures - self.slow_after)
        return min(doubled, self.longest_wait)


ACCOUNT_POLICY = ThrottlePolicy(
    slow_after=3, lock_after=10, window=timedelta(minutes=15), lock_for=timedelta(minutes=15)
)
ADDRESS_POLICY = ThrottlePolicy(
    slow_after=10, lock_after=30, window=timedelta(minutes=15), lock_for=timedelta(minutes=15)
)


def account_key(email: str) -> str:
    """The throttle key of an account (a completed password reset deletes it)."""
    return f"account:{email}"


@dataclass(frozen=True)
class ThrottleState:
    failures: int = 0
    last_failure: datetime | None = None
    locked_until: datetime | None = None


def refusal(state: ThrottleState, policy: ThrottlePolicy, now: datetime,
            what: str) -> Phrase | None:
    """Why an attempt is refused right now (locked, or too soon), or None to let it through;
    said, so a page words it in its reader's language (`what` too, when said)."""
    if state.locked_until and now < state.locked_until:
        minutes = _minutes(state.locked_until - now)
        if minutes == 1:
            return said("too many failed sign-ins for %(what)s: locked for 1 more minute; try "
                        "again later or reset the password", what=what)
        return said("too many failed sign-ins for %(what)s: locked for %(minutes)s more "
                    "minutes; try again later or reset the password", what=what, minutes=minutes)
    if state.last_failure is None or now - state.last_failure > policy.window:
        return None
    ready = state.last_failure + policy.wait_after(state.failures)
    if now < ready:
        seconds = max(1, int((ready - now).total_seconds() + 0.999))
        return said("too many failed sign-ins for %(what)s: wait %(seconds)s seconds before "
                    "trying again", what=what, seconds=seconds)
    return None


def after_failure(state: ThrottleState, policy: ThrottlePolicy, now: datetime) -> ThrottleState:
    """The state after one more failure; locked_until set when this failure locks the key."""
    fresh = state.last_failure is None or now - state.last_failure > policy.window
    expired_lock = state.locked_until is not None and now >= state.locked_until
    failures = 1 if fresh or expired_lock else state.failures + 1
    locked = now + policy.lock_for if failures >= policy.lock_after else None
    return ThrottleState(failures, now, locked)


def _minutes(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60 + (1 if delta.total_seconds() % 60 else 0)))


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta
    touch_every: timedelta = timedelta(seconds=60)  # last-seen writes at most this often

    def expired(self, created: datetime, last_seen: datetime, now: datetime) -> bool:
        return now - last_seen > self.idle or now - created > self.absolute


INVITATION_VALID = timedelta(days=7)
RESET_VALID = timedelta(hours=2)
