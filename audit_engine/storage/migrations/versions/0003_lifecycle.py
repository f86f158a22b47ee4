"""audit lifecycle: audits, answers, evidence, findings, corrective actions, trail

Revision ID: 0003_lifecycle
Revises: 0002_catalogs
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from audit_engine.storage.types import UtcDateTime

revision = "0003_lifecycle"
down_revision = "0002_catalogs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.AutoString(length=254), nullable=False),
        sa.Column("action", sqlmodel.AutoString(length=60), nullable=False),
        sa.Column("subject", sqlmodel.AutoString(length=60), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_audit_id"), ["audit_id"], unique=False)

    trail_head = op.create_table(
        "trail_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The one head row every trail append locks (see storage/trail.py).
    op.bulk_insert(trail_head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "criteria_snapshot",
        sa.Column("content_hash", sqlmodel.AutoString(length=80), nullable=False),
        sa.Column("checklist_id", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("checklist_version", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("period", sqlmodel.AutoString(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("checklist_id", sqlmodel.AutoString(length=100), nullable=False),
        sa.Column("checklist_version", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("checklist_hash", sqlmodel.AutoString(length=80), nullable=False),
        sa.Column("planned_by_id", sa.Integer(), nullable=False),
        sa.Column("planned_at", UtcDateTime(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", UtcDateTime(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", UtcDateTime(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["checklist_hash"],
            ["criteria_snapshot.content_hash"],
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["planned_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_program_id"), ["program_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_status"), ["status"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("original_name", sqlmodel.AutoString(length=255), nullable=False),
        sa.Column("media_type", sqlmodel.AutoString(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facility.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("category", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("level", sqlmodel.AutoString(length=10), nullable=False),
        sa.Column("result", sqlmodel.AutoString(length=20), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("audit_id", "criterion_id"),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "evidence_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
        ),
        sa.ForeignKeyConstraint(
            ["linked_by_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evidence_id", "audit_id", "criterion_id"),
    )
    with op.batch_alter_table("evidence_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_link_audit_id"), ["audit_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evidence_link_evidence_id"), ["evidence_id"], unique=False
        )

    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sqlmodel.AutoString(length=40), nullable=False),
        sa.Column("result", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("level", sqlmodel.AutoString(length=10), nullable=False),
        sa.Column("severity", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("severity_reason", sa.Text(), nullable=True),
        sa.Column("status", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("audit_id", "criterion_id"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "corrective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("implemented_by_id", sa.Integer(), nullable=True),
        sa.Column("implemented_at", UtcDateTime(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["finding.id"],
        ),
        sa.ForeignKeyConstraint(
            ["implemented_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrective_action_audit_id"), ["audit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corrective_action_due"), ["due"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrective_action_finding_id"), ["finding_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_corrective_action_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corrective_action_status"), ["status"], unique=False)

    op.create_table(
        "action_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("event", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["corrective_action.id"],
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_note_action_id"), ["action_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_note_action_id"))

    op.drop_table("action_note")
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrective_action_status"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_owner_id"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_finding_id"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_due"))
        batch_op.drop_index(batch_op.f("ix_corrective_action_audit_id"))

    op.drop_table("corrective_action")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_audit_id"))

    op.drop_table("finding")
    with op.batch_alter_table("evidence_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_link_evidence_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_link_audit_id"))

    op.drop_table("evidence_link")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_audit_id"))

    op.drop_table("answer")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_evidence_facility_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_status"))
        batch_op.drop_index(batch_op.f("ix_audit_program_id"))
        batch_op.drop_index(batch_op.f("ix_audit_period"))
        batch_op.drop_index(batch_op.f("ix_audit_facility_id"))

    op.drop_table("audit")
    op.drop_table("criteria_snapshot")
    op.drop_table("trail_head")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_audit_id"))

    op.drop_table("audit_event")
