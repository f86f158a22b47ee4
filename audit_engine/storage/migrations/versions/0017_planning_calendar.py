"""Audit teams, facility time zones, per-person calendar feeds

Revision ID: 0017_planning_calendar
Revises: 0016_languages
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0017_planning_calendar"
down_revision = "0016_languages"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "audit_team_member",
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["audit.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("audit_id", "user_id"),
    )
    with op.batch_alter_table("audit_team_member") as batch_op:
        batch_op.create_index("ix_audit_team_member_user_id", ["user_id"], unique=False)
    op.create_table(
        "calendar_feed",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("facility") as batch_op:
        batch_op.add_column(sa.Column("time_zone", AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facility") as batch_op:
        batch_op.drop_column("time_zone")
    op.drop_table("calendar_feed")
    with op.batch_alter_table("audit_team_member") as batch_op:
        batch_op.drop_index("ix_audit_team_member_user_id")
    op.drop_table("audit_team_member")
