"""Entity profiles as data for `checklists list|show|diff`: status, counts by confidence,
per-criterion confidence and disputes, and a catalog narrowed to one entity type for `diff`."""

from __future__ import annotations

from dataclasses import replace

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.applicability import CONFIDENCES
from audit_engine.domain.rules.catalog import ENTITY_TYPES, Catalog, Criterion
from audit_engine.domain.rules.entity_profiles import entity_profile
from audit_engine.services.administration.checklist_views import ProfileCounts


def check_entity_type(entity_type: str | None) -> None:
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidInput.said("unknown entity type %(entity_type)r (known: %(known)s)",
                                entity_type=entity_type, known=", ".join(ENTITY_TYPES))



def profile_counts(catalog: Catalog, entity_type: str) -> ProfileCounts:
    profile = entity_profile(catalog, entity_type)
    counts = profile.counts()
    return ProfileCounts(entity_type, profile.status, profile.basis, profile.criteria,
                         *(counts[level] for level in CONFIDENCES))


def profiles(catalog: Catalog) -> tuple[ProfileCounts, ...] | None:
    """Every entity type's profile of a criteria catalog (None for an inspection checklist)."""
    if catalog.kind != "criteria":
        return None
    return tuple(profile_counts(catalog, entity) for entity in ENTITY_TYPES)


def used_by(catalog: Catalog) -> list[str] | None:
    return catalog.extra.get("used_by")


def applicability(criterion: Criterion) -> dict[str, str]:
    """Confidence per entity type the criterion applies to."""
    return {e: criterion.confidence_for(e) or "" for e in sorted(criterion.entity_types)}


def narrowed(catalog: Catalog, entity_type: str | None) -> Catalog:
    """Only the criteria that apply to `entity_type` (the catalog itself when None)."""
    if entity_type is None:
        return catalog
    return replace(catalog, criteria=tuple(catalog.for_entity(entity_type)))
