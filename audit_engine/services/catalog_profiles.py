"""Entity profiles as data for `checklists list|show|diff`: status, counts by confidence,
per-criterion confidence and disputes, and a catalog narrowed to one entity type for `diff`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from audit_engine.domain.applicability import CONFIDENCES, entity_profile
from audit_engine.domain.catalog import ENTITY_TYPES, Catalog, Criterion, diff_catalogs
from audit_engine.domain.errors import InvalidInput
from audit_engine.services import checklists


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


# --- the views `checklists list|show|diff` print (the plain catalog views plus profiles) -----


def list_with_profiles(catalogs) -> list[dict[str, Any]]:
    by_key = {(c.id, c.version): c for c in catalogs}
    rows = checklists.list_catalogs(catalogs)
    for row in rows:
        catalog = by_key[(row["id"], row["version"])]
        row.update(profiles=profiles(catalog), used_by=used_by(catalog))
    return rows


def show_with_profiles(catalogs, ref: str, *, on, entity_type: str | None) -> dict[str, Any]:
    check_entity_type(entity_type)
    view = checklists.show_catalog(catalogs, ref, on=on, entity_type=entity_type)
    catalog = checklists.find_catalog(catalogs, f"{view['id']}@{view['version']}")
    is_criteria = catalog.kind == "criteria"
    view["profile"] = profile_dict(catalog, entity_type) if entity_type and is_criteria else None
    view["profiles"] = None if entity_type else profiles(catalog)
    view["used_by"] = used_by(catalog)
    for item in view["criteria"]:
        item.update(criterion_applicability(catalog.criterion(item["id"]), entity_type))
    return view


def diff_for_entity(
    catalogs, old_ref: str, new_ref: str, *, context_files, cache_dir, entity_type: str | None
) -> dict[str, Any]:
    """`checklists diff`, narrowed to one entity type's profiles when it is given."""
    check_entity_type(entity_type)
    if entity_type is None:
        return checklists.diff(catalogs, old_ref, new_ref, context_files=context_files,
                               cache_dir=cache_dir)  # fmt: skip
    files = [Path(r) for r in (old_ref, new_ref) if Path(r).is_file()]
    context = [*context_files, *files]
    old = checklists._resolve(catalogs, old_ref, context, cache_dir)
    new = checklists._resolve(catalogs, new_ref, context, cache_dir)
    result = diff_catalogs(narrowed(old, entity_type), narrowed(new, entity_type))
    return {
        "old": f"{old.id}@{old.version}",
        "new": f"{new.id}@{new.version}",
        "entity_type": entity_type,
        "old_hash": old.content_hash,
        "new_hash": new.content_hash,
        "added": [checklists._brief(c) for c in result.added],
        "removed": [checklists._brief(c) for c in result.removed],
        "changed": [
            {
                "id": change.id,
                "kinds": list(change.kinds),
                "changes": [
                    {"field": f.field, "kind": f.kind, "old": f.old, "new": f.new}
                    for f in change.changes
                ],
            }
            for change in result.changed
        ],
    }
