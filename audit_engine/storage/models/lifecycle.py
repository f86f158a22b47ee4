"""Audit lifecycle tables: audits, answers, evidence, findings, corrective actions, the trail.

The Audit row is the aggregate root: every write under an audit bumps its version
(version_id_col), so two concurrent writers on one audit cannot both commit.
States are plain VARCHAR; the workflow package is the only writer of `status`.

The checklist an audit pins lives in its own table, once per content hash: SQLite rewrites a
whole row (overflow pages included) on every UPDATE, so a ~74 KB snapshot inside the audit row
made each transition write ~74 KB, and planning 500 audits wrote the same JSON 500 times.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlalchemy.orm import object_session
from sqlmodel import Field, SQLModel

from audit_engine.domain.rules.status_writes import refuse_outside_workflow
from audit_engine.storage.types import utc_field

AUDIT_VERSION = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class CriteriaSnapshot(SQLModel, table=True):
    """A checklist catalog as audits pinned it (Catalog.to_snapshot()); immutable."""

    __tablename__ = "criteria_snapshot"

    content_hash: str = Field(primary_key=True, max_length=80)  # "sha256:<hex>"
    checklist_id: str = Field(max_length=100)
    checklist_version: str = Field(max_length=40)
    snapshot: dict = Field(sa_column=Column(JSON, nullable=False))


class Audit(SQLModel, table=True):
    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    entity_type: str = Field(max_length=40)
    period: str = Field(max_length=7, index=True)
    period_start: date
    period_end: date
    due: date | None = None
    status: str = Field(max_length=20, index=True)  # initial state: the workflow table's
    status_reason: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    lead_id: int | None = Field(default=None, foreign_key="app_user.id")
    program_id: int | None = Field(default=None, index=True)
    checklist_id: str = Field(max_length=100)
    checklist_version: str = Field(max_length=40)
    checklist_hash: str = Field(max_length=80, foreign_key="criteria_snapshot.content_hash")
    planned_by_id: int = Field(foreign_key="app_user.id")
    planned_at: datetime = utc_field()
    submitted_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    submitted_at: datetime | None = utc_field(nullable=True)
    approved_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    approved_at: datetime | None = utc_field(nullable=True)
    closed_at: datetime | None = utc_field(nullable=True)
    updated_at: datetime = utc_field()
    version: int = Field(default=1, sa_column=AUDIT_VERSION)

    __mapper_args__ = {"version_id_col": AUDIT_VERSION}

    @property
    def criteria_snapshot(self) -> dict:
        """The pinned checklist (loaded on first use, then from the session's identity map)."""
        session = object_session(self)
        if session is None:
            raise RuntimeError(f"audit {self.id}: criteria_snapshot needs an open session")
        return session.get(CriteriaSnapshot, self.checklist_hash).snapshot


class AuditTeamMember(SQLModel, table=True):
    """An auditor on an audit's team besides its lead (picked when planning, changed while
    planned)."""

    __tablename__ = "audit_team_member"

    audit_id: int = Field(primary_key=True, foreign_key="audit.id")
    user_id: int = Field(primary_key=True, foreign_key="app_user.id", index=True)
    added_at: datetime = utc_field()


class Answer(SQLModel, table=True):
    """One row per applicable criterion, created at planning with result None."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("audit_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit.id", index=True)
    criterion_id: str = Field(max_length=40)
    category: str = Field(max_length=40)
    level: str = Field(max_length=10)  # must / should, in force on the period start
    result: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    answered_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    answered_at: datetime | None = utc_field(nullable=True)


class Evidence(SQLModel, table=True):
    """A stored file (content-addressed by sha256) as uploaded for one facility."""

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    original_name: str = Field(max_length=255)
    media_type: str = Field(max_length=120)
    size: int
    facility_id: int = Field(foreign_key="facility.id", index=True)
    valid_until: date | None = None
    added_by_id: int = Field(foreign_key="app_user.id")
    added_at: datetime = utc_field()


class EvidenceLink(SQLModel, table=True):
    __tablename__ = "evidence_link"
    __table_args__ = (UniqueConstraint("evidence_id", "audit_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    audit_id: int = Field(foreign_key="audit.id", index=True)
    criterion_id: str = Field(max_length=40)
    linked_by_id: int = Field(foreign_key="app_user.id")
    linked_at: datetime = utc_field()


class Finding(SQLModel, table=True):
    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("audit_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit.id", index=True)
    criterion_id: str = Field(max_length=40)
    result: str = Field(max_length=20)
    level: str = Field(max_length=10)
    severity: str = Field(max_length=20)
    severity_reason: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    status: str = Field(max_length=20)
    status_reason: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    note: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    created_at: datetime = utc_field()
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = utc_field(nullable=True)


class CorrectiveAction(SQLModel, table=True):
    """For a confirmed finding of an audit, or an item of a risk assessment's action plan
    (then `finding_id` and `audit_id` are empty)."""

    __tablename__ = "corrective_action"

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int | None = Field(default=None, foreign_key="finding.id", index=True)
    audit_id: int | None = Field(default=None, foreign_key="audit.id", index=True)
    risk_assessment_id: int | None = Field(
        default=None, foreign_key="risk_assessment.id", index=True
    )
    risk_item_id: int | None = Field(default=None, foreign_key="risk_item.id")
    owner_id: int = Field(foreign_key="app_user.id", index=True)
    due: date = Field(index=True)
    plan: str = Field(sa_column=Column(sa.Text, nullable=False))
    root_cause: str = Field(
        default="", sa_column=Column(sa.Text, nullable=False, server_default="")
    )
    status: str = Field(max_length=20, index=True)
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = utc_field()
    implemented_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    implemented_at: datetime | None = utc_field(nullable=True)
    verified_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    verified_at: datetime | None = utc_field(nullable=True)


class ActionNote(SQLModel, table=True):
    """Progress on a corrective action: the event it came with, text and/or an evidence file."""

    __tablename__ = "action_note"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="corrective_action.id", index=True)
    event: str = Field(max_length=20)
    text: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    author_id: int = Field(foreign_key="app_user.id")
    at: datetime = utc_field()


class AuditEvent(SQLModel, table=True):
    """One link of the tamper-evident trail; `seq` is contiguous from 1."""

    __tablename__ = "audit_event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = utc_field()
    actor: str = Field(max_length=254)
    action: str = Field(max_length=60)
    subject: str = Field(max_length=60)
    audit_id: int | None = Field(default=None, index=True)
    payload: str = Field(sa_column=Column(sa.Text, nullable=False))  # canonical JSON text
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)  # HMAC-SHA256 under key_id; plain SHA-256 when key_id is None
    key_id: str | None = Field(default=None, max_length=20)


class TrailHead(SQLModel, table=True):
    """The single row naming the last event: locked to serialize appends, and it lets
    `log verify` notice a deleted tail."""

    __tablename__ = "trail_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = 0
    hash: str = Field(default="0" * 64, max_length=64)
    key_id: str | None = Field(default=None, max_length=20)  # the last event's key


def _refuse_status_writes(model) -> None:
    def on_set(row, value, _old, _initiator):
        refuse_outside_workflow(row, value)

    event.listen(model.status, "set", on_set)


for _model in (Audit, Finding, CorrectiveAction):
    _refuse_status_writes(_model)
