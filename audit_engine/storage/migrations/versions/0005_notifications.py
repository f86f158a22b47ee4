"""schedules and mail: programs, fieldwork windows, reminder rules, opt-outs, subscriptions,
outbox, scheduler lease

Revision ID: 0005_notifications
Revises: 0004_reports
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0005_notifications"
down_revision = "0004_reports"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    _outbox()
    op.create_table(
        "reminder_rule",
        sa.Column("key", AutoString(length=60), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("weekday", AutoString(length=3), nullable=True),
        sa.Column("updated_by", AutoString(length=254), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    _subscriptions()
    op.create_table(
        "scheduler_lease",
        sa.Column("name", AutoString(length=40), nullable=False),
        sa.Column("holder", AutoString(length=200), nullable=False),
        sa.Column("acquired_at", UtcDateTime(), nullable=False),
        sa.Column("renewed_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "mail_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rule", AutoString(length=60), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "rule"),
    )
    with op.batch_alter_table("mail_opt_out") as batch_op:
        batch_op.create_index("ix_mail_opt_out_user_id", ["user_id"], unique=False)
    _programs()
    with op.batch_alter_table("audit") as batch_op:
        batch_op.create_index("uq_audit_program_period", ["program_id", "period"], unique=True)
        batch_op.create_index("ix_audit_due", ["due"], unique=False)
        batch_op.create_index("ix_audit_closed_at", ["closed_at"], unique=False)
    with op.batch_alter_table("corrective_action") as batch_op:
        batch_op.create_index("ix_corrective_action_status_due", ["status", "due"], unique=False)


def _outbox() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", AutoString(length=300), nullable=False),
        sa.Column("rule", AutoString(length=60), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("template", AutoString(length=120), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("invite", sa.JSON(), nullable=True),
        sa.Column("subject", AutoString(length=300), nullable=True),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("message_id", AutoString(length=200), nullable=False),
        sa.Column("status", AutoString(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.create_index("ix_outbox_message_due", ["status", "next_attempt_at"], unique=False)


def _subscriptions() -> None:
    op.create_table(
        "report_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report", AutoString(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("schedule", AutoString(length=100), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("next_run_at", UtcDateTime(), nullable=False),
        sa.Column("last_run_at", UtcDateTime(), nullable=True),
        sa.Column("last_outcome", AutoString(length=200), nullable=True),
        sa.Column("created_by", AutoString(length=254), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report_subscription") as batch_op:
        batch_op.create_index("ix_report_subscription_next_run_at", ["next_run_at"], unique=False)


def _programs() -> None:
    op.create_table(
        "audit_program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", AutoString(length=100), nullable=False),
        sa.Column("every", AutoString(length=20), nullable=False),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("fieldwork_days", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("next_opening", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"]),
        sa.ForeignKeyConstraint(["lead_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("facility_id", "checklist_id", "every"),
    )
    with op.batch_alter_table("audit_program") as batch_op:
        batch_op.create_index("ix_audit_program_next_opening", ["next_opening"], unique=False)
    op.create_table(
        "fieldwork_window",
        sa.Column("audit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("ical_uid", AutoString(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["audit.id"]),
        sa.PrimaryKeyConstraint("audit_id"),
        sa.UniqueConstraint("ical_uid"),
    )
    with op.batch_alter_table("fieldwork_window") as batch_op:
        batch_op.create_index("ix_fieldwork_window_starts_on", ["starts_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("corrective_action") as batch_op:
        batch_op.drop_index("ix_corrective_action_status_due")
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_index("ix_audit_closed_at")
        batch_op.drop_index("ix_audit_due")
        batch_op.drop_index("uq_audit_program_period")
    for table in (
        "fieldwork_window",
        "audit_program",
        "mail_opt_out",
        "scheduler_lease",
        "report_subscription",
        "reminder_rule",
        "outbox_message",
    ):
        op.drop_table(table)
