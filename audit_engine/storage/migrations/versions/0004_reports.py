"""reports: stored report artifacts (owned by the reports work; empty until it needs a table)

Revision ID: 0004_reports
Revises: 0003_lifecycle
"""

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_reports"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
