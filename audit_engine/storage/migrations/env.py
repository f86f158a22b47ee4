"""Alembic environment: always run with a connection handed in by storage.schema."""

from alembic import context
from sqlmodel import SQLModel

import audit_engine.storage.models  # noqa: F401  (fills SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    transactional_ddl=True,  # all or nothing, SQLite included
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
