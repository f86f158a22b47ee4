"""Per-token request counts by minute: one upsert per API request, shared by every process."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from audit_engine.storage.engine import writer
from audit_engine.storage.models.api import ApiRequestCount


def count_request(engine: Engine, token_id: int, minute: int,
                  previous_known: int | None = None) -> tuple[int, int]:
    """Count one request of `token_id` in `minute`; returns (this minute's count with it, the
    previous minute's count: `previous_known` when the caller has it, else read). Older
    minutes of the token are dropped by the first request of each minute (not by every
    request: one statement fewer on the API's every call)."""
    table = ApiRequestCount.__table__
    insert = _insert_for(engine.dialect.name)
    add_one = (insert(table).values(token_id=token_id, minute=minute, count=1)
               .on_conflict_do_update(index_elements=["token_id", "minute"],
                                      set_={"count": table.c.count + 1})
               .returning(table.c.count))
    with writer(engine).begin() as connection:
        current = connection.execute(add_one).scalar_one()
        previous = previous_known if previous_known is not None else connection.execute(
            select(table.c.count).where(table.c.token_id == token_id,
                                        table.c.minute == minute - 1)).scalar() or 0
        if current == 1:
            connection.execute(delete(table).where(table.c.token_id == token_id,
                                                   table.c.minute < minute - 1))
    return current, previous


def _insert_for(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
