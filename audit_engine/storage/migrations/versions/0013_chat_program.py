"""Chat channels for one audit program: chat_channel.program_id

Revision ID: 0013_chat_program
Revises: 0012_inbox
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_chat_program"
down_revision = "0012_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_channel") as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_chat_channel_program_id", "audit_program",
                                    ["program_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("chat_channel") as batch_op:
        batch_op.drop_constraint("fk_chat_channel_program_id", type_="foreignkey")
        batch_op.drop_column("program_id")
