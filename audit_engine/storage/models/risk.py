"""Five Step Risk Assessment tables: one assessment per facility and year, its rated items.

Action-plan items are corrective actions (`corrective_action.risk_assessment_id`), worked and
verified through the same workflow as audit actions.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class RiskAssessment(SQLModel, table=True):
    __tablename__ = "risk_assessment"
    __table_args__ = (UniqueConstraint("facility_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    year: int
    status: str = Field(default="open", max_length=20)
    cargo_flow: str = Field(
        default="", sa_column=Column(sa.Text, nullable=False, server_default="")
    )
    process: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    assessed_on: date | None = None  # the day it was completed
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = utc_field()
    completed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = utc_field()


class RiskItem(SQLModel, table=True):
    """A rated threat (step 2) or vulnerability (step 3)."""

    __tablename__ = "risk_item"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="risk_assessment.id", index=True)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=200)
    rating: str = Field(max_length=10)
    criterion_id: str | None = Field(
        default=None, max_length=40
    )  # MSC id a vulnerability is measured against
    note: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    added_by_id: int = Field(foreign_key="app_user.id")
    added_at: datetime = utc_field()
