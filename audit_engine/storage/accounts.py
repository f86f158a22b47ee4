"""Sign-in queries: throttling counters, sessions, one-time links, credentials, recovery codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlmodel import Session

from audit_engine.storage.models.accounts import (
    AccountToken,
    RecoveryCode,
    SecurityPolicy,
    SignInThrottle,
    UserCredential,
    WebSession,
)
from audit_engine.storage.models.notifications import InboxItem
from audit_engine.storage.models.people import User
from audit_engine.storage.queries.people import FACILITY_LANGUAGE

_UNREAD = (  # the person's unread inbox items still kept
    select(func.count()).select_from(InboxItem)
    .where(InboxItem.user_id == User.id, InboxItem.read_at.is_(None),
           InboxItem.created_at >= bindparam("unread_since"))
    .scalar_subquery()
)
_SESSION_WITH_USER = (  # built once: building a SELECT costs more than SQLite runs it
    select(WebSession, User, _UNREAD, FACILITY_LANGUAGE)
    .join(User, User.id == WebSession.user_id)
    .where(WebSession.id_hash == bindparam("id_hash"))
)


@dataclass(frozen=True)
class SessionLookup:
    """What every signed-in request needs of its session, read in one statement."""

    row: WebSession
    user: User
    unread: int  # inbox items not read, created since the `unread_since` asked for
    facility_language: str | None


def throttle_rows(
    session: Session, keys: list[str], lock: bool = False
) -> dict[str, SignInThrottle]:
    query = select(SignInThrottle).where(SignInThrottle.key.in_(keys))
    if lock:
        query = query.with_for_update()
    return {row.key: row for row in session.scalars(query)}


def clear_throttle(session: Session, key: str) -> None:
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))


def credential(session: Session, user_id: int) -> UserCredential:
    """The user's credential row, created empty when missing."""
    row = session.get(UserCredential, user_id)
    if row is None:
        row = UserCredential(user_id=user_id)
        session.add(row)
    return row


def web_session(session: Session, id_hash: str) -> WebSession | None:
    return session.get(WebSession, id_hash)


def web_session_with_user(session: Session, id_hash: str,
                          unread_since: datetime) -> SessionLookup | None:
    """The session row, its user, their unread count and their facilities' language, in one
    statement (every signed-in request asks)."""
    found = session.execute(_SESSION_WITH_USER,
                            {"id_hash": id_hash, "unread_since": unread_since}).first()
    return SessionLookup(*found) if found else None


def end_sessions(session: Session, user_id: int, keep: str | None = None) -> int:
    statement = delete(WebSession).where(WebSession.user_id == user_id)
    if keep:
        statement = statement.where(WebSession.id_hash != keep)
    return session.execute(statement).rowcount or 0


def end_session(session: Session, id_hash: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id_hash == id_hash))


def latest_token(session: Session, user_id: int, purpose: str) -> AccountToken | None:
    query = (
        select(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose)
        .order_by(AccountToken.created_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def retire_tokens(session: Session, user_id: int, now: datetime) -> None:
    """Every unused link of the user stops working (a new one was made, or one was used)."""
    for row in session.scalars(
        select(AccountToken).where(AccountToken.user_id == user_id, AccountToken.used_at.is_(None))
    ):
        row.used_at = now
        session.add(row)


def policy(session: Session) -> SecurityPolicy:
    return session.get(SecurityPolicy, 1) or SecurityPolicy()


def lock_throttles(session: Session, keys: list[str]) -> dict[str, SignInThrottle]:
    """The counters of `keys`, created at zero when missing, locked for this transaction
    (INSERT ... ON CONFLICT DO NOTHING, then SELECT ... FOR UPDATE: two processes counting
    the same key at once both count)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    rows = [{"key": key, "failures": 0} for key in keys]
    session.execute(insert(SignInThrottle).on_conflict_do_nothing(index_elements=["key"]), rows)
    return throttle_rows(session, keys, lock=True)


def touch_session(session: Session, id_hash: str, now: datetime) -> None:
    """Record that the session was used now (a Core UPDATE: no row loaded)."""
    table = WebSession.__table__
    session.execute(update(table).where(table.c.id_hash == id_hash).values(last_seen_at=now))


def unused_recovery_codes(session: Session, user_id: int) -> list[RecoveryCode]:
    query = select(RecoveryCode).where(RecoveryCode.user_id == user_id,
                                       RecoveryCode.used_at.is_(None))
    return list(session.scalars(query))


def replace_recovery_codes(session: Session, user_id: int, hashes: list[str],
                           now: datetime) -> None:
    """The user's codes are `hashes` from now on (none: they have no codes)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, code_hash=h, created_at=now) for h in hashes)


def use_recovery_code(session: Session, code_id: int, now: datetime) -> bool:
    """Mark a code used; False when another sign-in used it first (a conditional UPDATE)."""
    table = RecoveryCode.__table__
    done = session.execute(update(table).where(table.c.id == code_id, table.c.used_at.is_(None))
                           .values(used_at=now))
    return done.rowcount == 1
