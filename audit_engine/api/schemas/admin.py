"""Bodies of facilities, users and checklists."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import EMAIL_PATTERN, In, Out
from audit_engine.domain.rules.catalog import ENTITY_TYPES
from audit_engine.domain.rules.lifecycle import Role

EntityType = Literal[tuple(ENTITY_TYPES)]  # type: ignore[valid-type]
RoleName = Literal[tuple(role.value for role in Role)]  # type: ignore[valid-type]


class FacilityIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": "MX-TIJ", "name": "Tijuana plant",
                                          "entity_type": "foreign_manufacturer", "country": "MX"}]}
    )
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    entity_type: EntityType
    country: str | None = Field(None, max_length=2)
    manager: str | None = Field(None, max_length=254)


class FacilityOut(Out):
    code: str
    name: str
    entity_type: str
    country: str | None
    manager: str | None


class UserIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "ana@example.com", "name": "Ana Ruiz",
                                          "roles": ["auditor"], "facilities": ["MX-TIJ"]}]}
    )
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    roles: list[RoleName] = Field(min_length=1, max_length=10)
    facilities: list[str] = Field(default_factory=list, max_length=200)


class UserOut(Out):
    email: str
    name: str
    roles: list[str]


class ChecklistOut(Out):
    model_config = ConfigDict(extra="allow")
    id: str
    version: str
