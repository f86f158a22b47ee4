"""Report subscriptions in a chosen language (report_subscription.language; none: each
recipient's own)

Revision ID: 0019_subscription_language
Revises: 0018_photo_upload_parts
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0019_subscription_language"
down_revision = "0018_photo_upload_parts"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("report_subscription") as batch_op:
        batch_op.add_column(sa.Column("language", AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_subscription") as batch_op:
        batch_op.drop_column("language")
