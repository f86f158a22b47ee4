"""Entity profiles as data for `checklists list|show|diff`: status, counts by confidence,
per-criterion confidence and disputes, and a catalog narrowed to one entity type for `diff`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from audit_engine.domain.applicability import CONFIDENCES, entity_profile
from audit_engine.domain.catalog import ENTITY_TYPES, Catalog, Criterion
from audit_engine.domain.errors import InvalidInput


def check_entity_type(entity_type: str | None) -> None:
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidInput(
            f"unknown entity type {entity_type!r} (known: {', '.join(ENTITY_TYPES)})"
        )


def profile_dict(catalog: Catalog, entity_type: str) -> dict[str, Any]:
    """`{"entity_type", "status", "basis", "criteria", "cbp", "secondary", "assumed"}`"""
    profile = entity_profile(catalog, entity_type)
    return {
        "entity_type": entity_type,
        "status": profile.status,
        "basis": profile.basis,
        "criteria": profile.criteria,
        **{level: profile.counts()[level] for level in CONFIDENCES},
    }


def profiles(catalog: Catalog) -> list[dict[str, Any]] | None:
    """Every entity type's profile of a criteria catalog (None for an inspection checklist)."""
    if catalog.kind != "criteria":
        return None
    return [profile_dict(catalog, entity) for entity in ENTITY_TYPES]


def used_by(catalog: Catalog) -> list[str] | None:
    return catalog.extra.get("used_by")


def criterion_applicability(criterion: Criterion, entity_type: str | None) -> dict[str, Any]:
    """Confidence for the entity type asked about, per entity type, and any disputes."""
    return {
        "confidence": criterion.confidence_for(entity_type) if entity_type else None,
        "applicability": {e: criterion.confidence_for(e) for e in sorted(criterion.entity_types)},
        "disputes": [d.to_dict() for d in criterion.disputes],
    }


def narrowed(catalog: Catalog, entity_type: str | None) -> Catalog:
    """Only the criteria that apply to `entity_type` (the catalog itself when None)."""
    if entity_type is None:
        return catalog
    return replace(catalog, criteria=tuple(catalog.for_entity(entity_type)))
