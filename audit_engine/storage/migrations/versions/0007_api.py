"""the HTTP API: personal API tokens, idempotency records, webhook endpoints

Revision ID: 0007_api
Revises: 0006_accounts
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0007_api"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=100), nullable=False),
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("prefix", AutoString(length=16), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=True),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("api_token") as batch_op:
        batch_op.create_index("ix_api_token_user_id", ["user_id"], unique=False)
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", AutoString(length=80), nullable=False),
        sa.Column("key", AutoString(length=200), nullable=False),
        sa.Column("fingerprint", AutoString(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("content_type", AutoString(length=100), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "key"),
    )
    with op.batch_alter_table("idempotency_record") as batch_op:
        batch_op.create_index("ix_idempotency_record_created_at", ["created_at"], unique=False)
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", AutoString(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("description", AutoString(length=200), nullable=False),
        sa.Column("secret", AutoString(length=100), nullable=False),
        sa.Column("previous_secret", AutoString(length=100), nullable=True),
        sa.Column("previous_expires_at", UtcDateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", AutoString(length=254), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for table in ("webhook_endpoint", "idempotency_record", "api_token"):
        op.drop_table(table)
