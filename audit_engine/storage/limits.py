"""Text lengths and characters checked before the database sees them, the same on every backend.

PostgreSQL refuses a value longer than its VARCHAR column (a driver error), SQLite stores it
anyway; neither tells the user which limit they hit. Before each flush, every new or changed
string is checked against its column's length (free-text columns: FREE_TEXT_MAX) and refused
with an InvalidInput naming the field and the limit, so nothing is written. A NUL (U+0000) is
refused in every string (PostgreSQL cannot store one: a 500 otherwise), a bidirectional control
character in every name column.
"""

from __future__ import annotations

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from audit_engine.domain.formats.inputs import FREE_TEXT_MAX, check_characters, check_length

# Text columns that hold what people write (notes, plans, reasons). Others (trail payloads,
# rendered mail bodies) are written by us and bounded by what produced them.
FREE_TEXT = frozenset({"note", "plan", "root_cause", "text", "status_reason", "severity_reason"})
_TABLE_WORDS = {"app_user": "user"}


def column_limit(column) -> int | None:
    """The character limit of a column, or None when it has none we enforce."""
    kind = column.type
    if not isinstance(kind, String) and not isinstance(getattr(kind, "impl", None), String):
        return None  # SQLModel's AutoString is a decorator around String
    if getattr(kind, "length", None):
        return kind.length
    return FREE_TEXT_MAX if column.name in FREE_TEXT else None


def field_name(table: str, column: str) -> str:
    """`app_user`, `email` -> "user email"."""
    return f"{_TABLE_WORDS.get(table, table).replace('_', ' ')} {column.replace('_', ' ')}"


def is_name_column(name: str) -> bool:
    return name in ("name", "filename", "description", "title") or name.endswith("_name")


def check_row(obj) -> None:
    state = inspect(obj)
    table = state.mapper.local_table
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        value = state.dict.get(attr.key)
        if not isinstance(value, str):
            continue
        what = field_name(table.name, column.name)
        check_characters(value, what, is_name_column(column.name))
        limit = column_limit(column)
        if limit is not None and len(value) > limit:
            check_length(value, what, limit)


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        check_row(obj)


def install() -> None:
    """Check every ORM session's writes (idempotent; called by the engine factory)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
