"""Languages: each person's (app_user.language) and each facility's default (facility.language)

Revision ID: 0016_languages
Revises: 0015_sso
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0016_languages"
down_revision = "0015_sso"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.add_column(sa.Column("language", AutoString(length=20), nullable=True))
    with op.batch_alter_table("facility") as batch_op:
        batch_op.add_column(sa.Column("language", AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facility") as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_column("language")
