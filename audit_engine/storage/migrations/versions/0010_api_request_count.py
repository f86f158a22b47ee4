"""API rate limit counted in the database: requests per token and minute

Revision ID: 0010_api_request_count
Revises: 0009_risk
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_api_request_count"
down_revision = "0009_risk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_request_count",
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["api_token.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_id", "minute"),
    )


def downgrade() -> None:
    op.drop_table("api_request_count")
