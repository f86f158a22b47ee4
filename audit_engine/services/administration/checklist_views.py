"""What `checklists list|show|diff` return: frozen read models the CLI prints and the API
sends. Field order is the JSON key order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ProfileCounts:
    """One entity type's profile of a criteria catalog, with criteria counted by confidence."""

    entity_type: str
    status: str
    basis: str
    criteria: int
    cbp: int  # the counts by confidence, as domain.applicability.CONFIDENCES
    secondary: int
    assumed: int


@dataclass(frozen=True)
class CatalogLine:
    id: str
    version: str
    kind: str
    title: str
    effective: date
    criteria: int
    entity_types: int
    extends: str | None  # ID@VERSION of the base catalog
    content_hash: str
    profiles: tuple[ProfileCounts, ...] | None  # None: an inspection checklist
    used_by: list[str] | None


@dataclass(frozen=True)
class CategoryLine:
    id: str
    name: str
    focus_area: str


@dataclass(frozen=True)
class CriterionView:
    id: str
    category: str
    category_name: str | None
    title: str
    level: str
    level_history: str
    wording: str
    requirement: str
    entity_types: tuple[str, ...]
    guidance: str
    evidence: tuple[str, ...]
    questions: tuple[str, ...]
    source: str
    related: tuple[str, ...]
    confidence: str | None  # for the entity type asked about
    applicability: dict[str, str]  # entity type -> confidence
    disputes: tuple[dict[str, Any], ...]  # the catalog's own form of each dispute
    in_english: bool = False  # asked in another language, which has no text for it


@dataclass(frozen=True)
class CatalogDetail:
    id: str
    version: str
    kind: str
    title: str
    effective: date
    source: str
    content_hash: str
    extends: str | None
    entity_type: str | None
    profile: ProfileCounts | None
    profiles: tuple[ProfileCounts, ...] | None
    used_by: list[str] | None
    levels_as_of: date
    categories: tuple[CategoryLine, ...]
    criteria: tuple[CriterionView, ...]
    language: str = "en"  # the language of the text (title, requirement, ...; wording, source)
    gaps: tuple[str, ...] = ()  # ids with no text in that language, shown in English


@dataclass(frozen=True)
class CriterionBrief:
    id: str
    title: str
    level_history: str
    entity_types: tuple[str, ...]


@dataclass(frozen=True)
class FieldChangeView:
    field: str
    kind: str
    old: Any
    new: Any


@dataclass(frozen=True)
class CriterionChangeView:
    id: str
    kinds: tuple[str, ...]
    changes: tuple[FieldChangeView, ...]


@dataclass(frozen=True)
class CatalogDiffView:
    old: str  # ID@VERSION
    new: str
    old_hash: str
    new_hash: str
    entity_type: str | None
    added: tuple[CriterionBrief, ...]
    removed: tuple[CriterionBrief, ...]
    changed: tuple[CriterionChangeView, ...]
