"""Per-token request counts by minute: one upsert per API request, shared by every process."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine, bindparam, delete, select

from audit_engine.storage.engine import writer
from audit_engine.storage.models.api import ApiRequestCount


def count_request(engine: Engine, token_id: int, minute: int,
                  previous_known: int | None = None) -> tuple[int, int]:
    """Count one request of `token_id` in `minute`; returns (this minute's count with it, the
    previous minute's count: `previous_known` when the caller has it, else read). Older
    minutes of the token are dropped by the first request of each minute (not by every
    request: one statement fewer on the API's every call)."""
    table = ApiRequestCount.__table__
    with writer(engine).begin() as connection:
        current = connection.execute(_add_one(engine.dialect.name),
                                     {"token_id": token_id, "minute": minute}).scalar_one()
        previous = previous_known if previous_known is not None else connection.execute(
            select(table.c.count).where(table.c.token_id == token_id,
                                        table.c.minute == minute - 1)).scalar() or 0
        if current == 1:
            connection.execute(delete(table).where(table.c.token_id == token_id,
                                                   table.c.minute < minute - 1))
    return current, previous


@cache  # built once per dialect: building the upsert cost more than running it
def _add_one(dialect: str):
    table = ApiRequestCount.__table__
    return (_insert_for(dialect)(table)
            .values(token_id=bindparam("token_id"), minute=bindparam("minute"), count=1)
            .on_conflict_do_update(index_elements=["token_id", "minute"],
                                   set_={"count": table.c.count + 1})
            .returning(table.c.count))


def _insert_for(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
