"""Second-factor recovery codes (hashed, single use)

Revision ID: 0014_recovery_codes
Revises: 0013_chat_program
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0014_recovery_codes"
down_revision = "0013_chat_program"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", AutoString(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recovery_code") as batch_op:
        batch_op.create_index("ix_recovery_code_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("recovery_code")
