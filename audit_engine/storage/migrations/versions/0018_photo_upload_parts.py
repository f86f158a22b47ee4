"""Photos arriving in chunks kept in the database (any node takes the next chunk)

Revision ID: 0018_photo_upload_parts
Revises: 0017_planning_calendar
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0018_photo_upload_parts"
down_revision = "0017_planning_calendar"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "photo_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", AutoString(length=64), nullable=False),
        sa.Column("upload", AutoString(length=64), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "upload"),
    )
    with op.batch_alter_table("photo_upload") as batch_op:
        batch_op.create_index("ix_photo_upload_started_at", ["started_at"], unique=False)
    op.create_table(
        "photo_upload_chunk",
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["upload_id"], ["photo_upload.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("upload_id", "offset"),
    )


def downgrade() -> None:
    op.drop_table("photo_upload_chunk")
    with op.batch_alter_table("photo_upload") as batch_op:
        batch_op.drop_index("ix_photo_upload_started_at")
    op.drop_table("photo_upload")
