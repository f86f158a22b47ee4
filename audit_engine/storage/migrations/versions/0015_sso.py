"""Single sign-on: linked identities, sign-ins under way, mapped grants, the SSO policy

Revision ID: 0015_sso
Revises: 0014_recovery_codes
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0015_sso"
down_revision = "0014_recovery_codes"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "sso_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", AutoString(length=300), nullable=False),
        sa.Column("subject", AutoString(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", AutoString(length=254), nullable=False),
        sa.Column("linked_by", AutoString(length=254), nullable=False),
        sa.Column("linked_at", UtcDateTime(), nullable=False),
        sa.Column("last_sign_in_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "subject"),
    )
    with op.batch_alter_table("sso_identity") as batch_op:
        batch_op.create_index("ix_sso_identity_user_id", ["user_id"], unique=False)
    op.create_table(
        "sso_attempt",
        sa.Column("state_hash", AutoString(length=64), nullable=False),
        sa.Column("provider", AutoString(length=40), nullable=False),
        sa.Column("purpose", AutoString(length=10), nullable=False),
        sa.Column("nonce", AutoString(length=64), nullable=False),
        sa.Column("verifier", AutoString(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("next_path", AutoString(length=500), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("state_hash"),
    )
    with op.batch_alter_table("sso_attempt") as batch_op:
        batch_op.create_index("ix_sso_attempt_created_at", ["created_at"], unique=False)
    with op.batch_alter_table("role_grant") as batch_op:
        batch_op.add_column(sa.Column("mapped_by", AutoString(length=40), nullable=True))
    with op.batch_alter_table("web_session") as batch_op:
        batch_op.add_column(sa.Column("provider", AutoString(length=40), nullable=True))
    with op.batch_alter_table("security_policy") as batch_op:
        batch_op.add_column(sa.Column("sso_required", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("break_glass", AutoString(length=2000), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("security_policy") as batch_op:
        batch_op.drop_column("break_glass")
        batch_op.drop_column("sso_required")
    with op.batch_alter_table("web_session") as batch_op:
        batch_op.drop_column("provider")
    with op.batch_alter_table("role_grant") as batch_op:
        batch_op.drop_column("mapped_by")
    op.drop_table("sso_attempt")
    op.drop_table("sso_identity")
