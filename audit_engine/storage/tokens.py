"""Queries on personal API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from audit_engine.storage.models.api import ApiToken
from audit_engine.storage.models.people import User

_BY_HASH = (
    select(ApiToken, User.email)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)
_TOUCH = (
    update(ApiToken.__table__)
    .where(ApiToken.__table__.c.id == bindparam("token_id"))
    .values(last_used_at=bindparam("at"))
)


def token_by_hash(session: Session, token_hash: str) -> tuple[ApiToken, str] | None:
    """The token with this hash and its user's email."""
    found = session.execute(_BY_HASH, {"token_hash": token_hash}).first()
    return (found[0], found[1]) if found else None


def touch(session: Session, token_id: int, at: datetime) -> None:
    session.connection().execute(_TOUCH, {"token_id": token_id, "at": at})


def tokens_of(session: Session, user_id: int | None) -> list[tuple[ApiToken, str]]:
    """Tokens with their owner's email, newest first; user_id None: everyone's."""
    query = select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return [(t, e) for t, e in session.execute(query.order_by(ApiToken.id.desc()))]
