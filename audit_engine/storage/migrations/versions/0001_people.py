"""people and places: users, facilities, role grants

Revision ID: 0001_people
Revises:
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0001_people"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sqlmodel.AutoString(length=254), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_app_user_email", "app_user", ["email"], unique=True)
    op.create_table(
        "facility",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("entity_type", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("country", sqlmodel.AutoString(length=2), nullable=True),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_facility_code", "facility", ["code"], unique=True)
    op.create_index("ix_facility_manager_id", "facility", ["manager_id"])
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("role", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facility.id"), nullable=True),
        sa.UniqueConstraint("user_id", "role", "facility_id"),
    )
    op.create_index("ix_role_grant_user_id", "role_grant", ["user_id"])


def downgrade() -> None:
    op.drop_table("role_grant")
    op.drop_table("facility")
    op.drop_table("app_user")
