"""checklist catalog registry

Revision ID: 0002_catalogs
Revises: 0001_people
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0002_catalogs"
down_revision = "0001_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist_catalog",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("catalog_id", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("version", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("content_hash", sqlmodel.AutoString(length=80), nullable=False),
        sa.Column("title", sqlmodel.AutoString(length=300), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("registered_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("catalog_id", "content_hash"),
    )
    op.create_index("ix_checklist_catalog_catalog_id", "checklist_catalog", ["catalog_id"])


def downgrade() -> None:
    op.drop_table("checklist_catalog")
