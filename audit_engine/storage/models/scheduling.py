"""Schedules and mail: audit programs, fieldwork windows, reminder rules, opt-outs, report
subscriptions, the outbox, and the scheduler lease.

Business schedules live here, not in APScheduler's job store. Every due-date column that a tick
scans is indexed, so a tick costs time in proportion to what is due, not to table size.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction
from audit_engine.storage.types import utc_field

# A program opens at most one audit per period. Declared here, on the lifecycle's table, because
# the program concept is ours; NULL program ids (hand-planned audits) never collide.
Index("uq_audit_program_period", Audit.program_id, Audit.period, unique=True)
# The tick scans audits by due date and by closing time.
Index("ix_audit_due", Audit.due)
Index("ix_audit_closed_at", Audit.closed_at)
# Open actions by due date: the overdue scan must not walk every verified action of the past.
Index("ix_corrective_action_status_due", CorrectiveAction.status, CorrectiveAction.due)


class AuditProgram(SQLModel, table=True):
    """A recurring audit of one facility with one checklist, e.g. every quarter."""

    __tablename__ = "audit_program"
    __table_args__ = (UniqueConstraint("facility_id", "checklist_id", "every"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id")
    checklist_id: str = Field(max_length=100)
    every: str = Field(default="quarter", max_length=20)
    start_month: int = 1  # openings fall on the 1st of months start_month, +3, +6, +9
    fieldwork_days: int = 3
    lead_id: int | None = Field(default=None, foreign_key="app_user.id")
    paused: bool = False
    allow_partial_profile: bool = False  # plan against a partial entity profile (its audits say so)
    starts_on: date  # the first opening date
    next_opening: date = Field(index=True)  # what the tick scans
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = utc_field()


class FieldworkWindow(SQLModel, table=True):
    """When fieldwork happens, and the calendar identity of its invite."""

    __tablename__ = "fieldwork_window"

    audit_id: int = Field(
        foreign_key="audit.id", primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    starts_on: date = Field(index=True)
    ends_on: date
    ical_uid: str = Field(max_length=200, unique=True)
    sequence: int = 0  # raised every time the window moves
    updated_at: datetime = utc_field()


class ReminderRule(SQLModel, table=True):
    """An override of one built-in reminder rule (defaults live in domain/rules/reminders.py)."""

    __tablename__ = "reminder_rule"

    key: str = Field(primary_key=True, max_length=60)
    enabled: bool = True
    mandatory: bool = False
    days: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    weekday: str | None = Field(default=None, max_length=3)
    updated_by: str = Field(max_length=254)
    updated_at: datetime = utc_field()


class MailOptOut(SQLModel, table=True):
    """A user who wants no more messages of one rule ("*": every non-mandatory rule)."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "rule"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    rule: str = Field(max_length=60)
    created_at: datetime = utc_field()


class ReportSubscription(SQLModel, table=True):
    __tablename__ = "report_subscription"

    id: int | None = Field(default=None, primary_key=True)
    report: str = Field(max_length=40)  # portfolio | actions | facility
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    schedule: str = Field(max_length=100)  # weekly | monthly | quarterly | a cron expression
    recipients: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    next_run_at: datetime = utc_field(index=True)
    last_run_at: datetime | None = utc_field(nullable=True)
    last_outcome: str | None = Field(default=None, max_length=200)
    created_by: str = Field(max_length=254)
    created_at: datetime = utc_field()
    language: str | None = Field(default=None, max_length=20)  # None: each recipient's own


class OutboxMessage(SQLModel, table=True):
    """One e-mail to send. The unique dedupe key makes every enqueue idempotent.

    Bodies are rendered at dispatch (outside any transaction) from `template` and the
    `context` captured at enqueue, and kept once rendered: a template fixed after a failure
    takes effect on `outbox retry`. Attachments are references rendered at dispatch too.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=300, unique=True)
    rule: str = Field(max_length=60)
    recipients: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    template: str = Field(max_length=120)
    context: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attachments: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    invite: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    subject: str | None = Field(default=None, max_length=300)
    body_text: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    body_html: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    message_id: str = Field(max_length=200)
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = utc_field()
    last_error: str | None = Field(default=None, sa_column=Column(sa.Text, nullable=True))
    claimed_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field()
    sent_at: datetime | None = utc_field(nullable=True)


class SchedulerLease(SQLModel, table=True):
    """Leader election on SQLite: the holder renews `expires_at`; a standby takes over after."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=200)
    acquired_at: datetime = utc_field()
    renewed_at: datetime = utc_field()
    expires_at: datetime = utc_field()
