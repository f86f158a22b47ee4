"""The diff of two catalogs: what a compliance officer reads when CBP revises the MSC
(criteria added, removed and changed, each change with its kind)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.rules.catalog import Catalog, Criterion, criterion_to_dict

DIFF_FIELDS = (
    "category",
    "title",
    "requirement",
    "levels",
    "entity_types",
    "guidance",
    "evidence",
    "questions",
    "wording",
    "source",
    "related",
    "confidence",
    "disputes",
)
# Which kind of change each field is, for the summary column of `checklists diff`.
CHANGE_KINDS = {
    "levels": "level",
    "entity_types": "applicability",
    "confidence": "applicability",
    "requirement": "text",
    "title": "text",
    "category": "category",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        return CHANGE_KINDS.get(self.field, "detail")


@dataclass(frozen=True)
class CriterionChange:
    id: str
    changes: tuple[FieldChange, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ch.kind for ch in self.changes))


@dataclass(frozen=True)
class CatalogDiff:
    added: tuple[Criterion, ...]
    removed: tuple[Criterion, ...]
    changed: tuple[CriterionChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """Criteria added, removed and changed between two catalogs (order of criteria ignored)."""
    old_by_id = {c.id: c for c in old.criteria}
    new_by_id = {c.id: c for c in new.criteria}
    changed = []
    for cid, new_c in new_by_id.items():
        old_c = old_by_id.get(cid)
        if old_c is not None and old_c != new_c:
            changed.append(CriterionChange(cid, _field_changes(old_c, new_c)))
    return CatalogDiff(
        added=tuple(c for cid, c in new_by_id.items() if cid not in old_by_id),
        removed=tuple(c for cid, c in old_by_id.items() if cid not in new_by_id),
        changed=tuple(changed),
    )


def _field_changes(old: Criterion, new: Criterion) -> tuple[FieldChange, ...]:
    old_d, new_d = criterion_to_dict(old), criterion_to_dict(new)
    empty: dict[str, Any] = {"confidence": {}, "disputes": []}
    return tuple(
        FieldChange(name, old_d.get(name, empty.get(name)), new_d.get(name, empty.get(name)))
        for name in DIFF_FIELDS
        if old_d.get(name, empty.get(name)) != new_d.get(name, empty.get(name))
    )
