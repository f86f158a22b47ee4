"""Five Step Risk Assessment: assessments, rated items, action-plan items as corrective
actions; programmes that may plan against a partial entity profile

Revision ID: 0009_risk
Revises: 0008_trail_keys
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0009_risk"
down_revision = "0008_trail_keys"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    _risk_assessment()
    _risk_item()
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.alter_column("finding_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("audit_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("risk_assessment_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("risk_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_corrective_action_risk_assessment_id",
            "risk_assessment",
            ["risk_assessment_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            "fk_corrective_action_risk_item_id", "risk_item", ["risk_item_id"], ["id"]
        )
        batch_op.create_index(
            batch_op.f("ix_corrective_action_risk_assessment_id"),
            ["risk_assessment_id"],
            unique=False,
        )
    with op.batch_alter_table("audit_program", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "allow_partial_profile", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def _risk_assessment() -> None:
    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("cargo_flow", sa.Text(), server_default="", nullable=False),
        sa.Column("process", sa.Text(), server_default="", nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("completed_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["completed_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("facility_id", "year"),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_assessment_facility_id"), ["facility_id"], unique=False
        )


def _risk_item() -> None:
    op.create_table(
        "risk_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("rating", AutoString(length=10), nullable=False),
        sa.Column("criterion_id", AutoString(length=40), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["assessment_id"], ["risk_assessment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_item_assessment_id"), ["assessment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_program", schema=None) as batch_op:
        batch_op.drop_column("allow_partial_profile")
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrective_action_risk_assessment_id"))
        batch_op.drop_constraint("fk_corrective_action_risk_item_id", type_="foreignkey")
        batch_op.drop_constraint("fk_corrective_action_risk_assessment_id", type_="foreignkey")
        batch_op.drop_column("risk_item_id")
        batch_op.drop_column("risk_assessment_id")
        batch_op.alter_column("audit_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("finding_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("risk_item")
    op.drop_table("risk_assessment")
