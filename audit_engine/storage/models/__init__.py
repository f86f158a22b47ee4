"""Every table module, imported so SQLModel.metadata is complete (for Alembic and tests)."""

from audit_engine.storage.models import catalog, lifecycle, people, risk, scheduling  # noqa: F401
