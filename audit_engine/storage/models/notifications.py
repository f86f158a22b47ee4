"""What people are told in the app, and how each person wants to be told.

An inbox item is one event (the same as a mail: its rule, template and context) for one person,
read or not; items are kept 90 days. A preference chooses, per kind of message, mail, the
inbox, both or neither, within what the reminder rules make mandatory.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class InboxItem(SQLModel, table=True):
    __tablename__ = "inbox_item"
    __table_args__ = (Index("ix_inbox_item_user_created", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    kind: str = Field(max_length=60)  # the rule, as in the outbox
    template: str = Field(max_length=120)  # its subject is the item's title
    context: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    link: str | None = Field(default=None, max_length=300)  # a page path, readable by them
    dedupe_key: str = Field(max_length=400, unique=True)  # the outbox key and the person
    created_at: datetime = utc_field(index=True)
    read_at: datetime | None = utc_field(nullable=True)


class NotificationPreference(SQLModel, table=True):
    __tablename__ = "notification_preference"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    kind: str = Field(max_length=60, primary_key=True)
    channel: str = Field(max_length=10)  # mail | inbox | both | none
    attach_pdf: bool = False  # reports ride along with the mail (the weekly digest's portfolio)
    updated_at: datetime = utc_field()


class ChatChannel(SQLModel, table=True):
    """A Microsoft Teams or Slack incoming webhook told of hand-offs and overdue audits of one
    facility, of one audit program (its audits only), or of every facility when both are
    empty. The URL is the secret (whoever has it can post): stored like webhook secrets, never
    shown whole."""

    __tablename__ = "chat_channel"

    id: int | None = Field(default=None, primary_key=True)
    service: str = Field(max_length=10)  # slack | teams
    url: str = Field(max_length=2000)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    program_id: int | None = Field(default=None, foreign_key="audit_program.id")
    description: str = Field(default="", max_length=200)
    active: bool = True
    created_by: str = Field(max_length=254)
    created_at: datetime = utc_field()
