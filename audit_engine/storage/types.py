"""Column types shared by every table: timezone-aware UTC times on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, TypeDecorator
from sqlmodel import Field


class UtcDateTime(TypeDecorator):
    """Stores UTC; always returns an aware datetime (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_field(*, nullable: bool = False, index: bool = False, default=None):
    """A SQLModel field holding an aware UTC datetime."""
    return Field(default=default, sa_column=Column(UtcDateTime(), nullable=nullable, index=index))
