"""Registry of the checklist catalogs this database has seen, by content hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class ChecklistCatalog(SQLModel, table=True):
    __tablename__ = "checklist_catalog"
    __table_args__ = (UniqueConstraint("catalog_id", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: str = Field(max_length=100, index=True)
    version: str = Field(max_length=40)
    content_hash: str = Field(max_length=80)
    title: str = Field(max_length=300)
    snapshot: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    registered_at: datetime = utc_field()
