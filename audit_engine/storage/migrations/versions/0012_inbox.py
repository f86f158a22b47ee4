"""In-app inbox items, per-person notification preferences, Teams/Slack chat channels

Revision ID: 0012_inbox
Revises: 0011_sealed_secrets
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0012_inbox"
down_revision = "0011_sealed_secrets"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "inbox_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=60), nullable=False),
        sa.Column("template", AutoString(length=120), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("link", AutoString(length=300), nullable=True),
        sa.Column("dedupe_key", AutoString(length=400), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("read_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("inbox_item") as batch_op:
        batch_op.create_index("ix_inbox_item_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_inbox_item_user_created", ["user_id", "created_at"],
                              unique=False)
    op.create_table(
        "notification_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=60), nullable=False),
        sa.Column("channel", AutoString(length=10), nullable=False),
        sa.Column("attach_pdf", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id", "kind"),
    )
    op.create_table(
        "chat_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", AutoString(length=10), nullable=False),
        sa.Column("url", AutoString(length=2000), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("description", AutoString(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", AutoString(length=254), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("chat_channel")
    op.drop_table("notification_preference")
    op.drop_table("inbox_item")
