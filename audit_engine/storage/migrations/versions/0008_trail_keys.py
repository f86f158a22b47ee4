"""keyed trail: each event and the head name the HMAC key that signed it (NULL: plain SHA-256)

Revision ID: 0008_trail_keys
Revises: 0007_api
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0008_trail_keys"
down_revision = "0007_api"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # Existing events keep key_id NULL and their SHA-256: they still verify as they are; the
    # first keyed event (a `trail.key` event) chains onto them.
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", AutoString(length=20), nullable=True))
    with op.batch_alter_table("trail_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trail_head", schema=None) as batch_op:
        batch_op.drop_column("key_id")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("key_id")
