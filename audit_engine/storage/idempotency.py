"""Idempotency records: claim a key once, keep the first response, forget old ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, select

from audit_engine.storage.models.api import IdempotencyRecord


def claim(session: Session, scope: str, key: str, fingerprint: str, now: datetime) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: True when this call made the record."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = (
        insert(IdempotencyRecord)
        .values(scope=scope, key=key, fingerprint=fingerprint, headers={}, created_at=now)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(IdempotencyRecord.id)
    )
    return session.connection().execute(statement).first() is not None


def find(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    query = select(IdempotencyRecord).where(
        IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
    )
    return session.exec(query).first()


def keep_response(
    session: Session, scope: str, key: str, status: int, content_type: str | None,
    headers: dict, body: bytes,
) -> None:
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
        .values(status_code=status, content_type=content_type, headers=headers, body=body)
    )


def forget(session: Session, scope: str, key: str) -> None:
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
        )
    )


def forget_before(session: Session, before: datetime) -> int:
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before)
    )
    return max(result.rowcount, 0)
