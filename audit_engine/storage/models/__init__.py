"""Every table module, imported so SQLModel.metadata is complete (for Alembic and tests)."""

from audit_engine.storage.models import (  # noqa: F401
    accounts,
    api,
    catalog,
    lifecycle,
    people,
    risk,
    scheduling,
)
