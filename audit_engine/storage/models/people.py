"""People and places: users, their roles (scoped to facilities), facilities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=200)
    active: bool = Field(default=True)
    created_at: datetime = utc_field()
    language: str | None = Field(default=None, max_length=20)  # None: the facility's default


class Facility(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=200)
    entity_type: str = Field(max_length=40)
    country: str | None = Field(default=None, max_length=2)
    manager_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    time_zone: str | None = Field(default=None, max_length=64)  # IANA name; None: the server's
    created_at: datetime = utc_field()
    language: str | None = Field(default=None, max_length=20)  # mail to people with none set


class RoleGrant(SQLModel, table=True):
    """A role for a user; facility_id None means every facility."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role", "facility_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    role: str = Field(max_length=40)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    # None: granted by hand; else the key of the identity provider whose group mapping gave
    # it (such grants follow the person's groups at each sign-in; hand grants never do)
    mapped_by: str | None = Field(default=None, max_length=40)
