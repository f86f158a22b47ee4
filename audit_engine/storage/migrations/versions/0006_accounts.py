"""sign-in: credentials, web sessions, throttling, one-time links, security policy

Revision ID: 0006_accounts
Revises: 0005_notifications
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0006_accounts"
down_revision = "0005_notifications"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "user_credential",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("password_hash", AutoString(length=200), nullable=True),
        sa.Column("password_changed_at", UtcDateTime(), nullable=True),
        sa.Column("totp_secret", AutoString(length=64), nullable=True),
        sa.Column("totp_enabled_at", UtcDateTime(), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "web_session",
        sa.Column("id_hash", AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("stage", AutoString(length=20), nullable=False),
        sa.Column("csrf_token", AutoString(length=64), nullable=False),
        sa.Column("client", AutoString(length=100), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("web_session") as batch_op:
        batch_op.create_index("ix_web_session_user_id", ["user_id"], unique=False)
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", AutoString(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", UtcDateTime(), nullable=True),
        sa.Column("locked_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "account_token",
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", AutoString(length=20), nullable=False),
        sa.Column("created_by", AutoString(length=254), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("account_token") as batch_op:
        batch_op.create_index("ix_account_token_user_id", ["user_id"], unique=False)
    op.create_table(
        "security_policy",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("totp_required_for_privileged", sa.Boolean(), nullable=False),
        sa.Column("updated_by", AutoString(length=254), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for table in ("security_policy", "account_token", "sign_in_throttle", "web_session",
                  "user_credential"):
        op.drop_table(table)
