"""The checklist catalog as plain values: what the YAML loader produces and what an audit pins.

Pure Python; the checklists adapter parses and validates files into these, and an audit keeps
`Catalog.to_snapshot()` so a later catalog change never alters it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from audit_engine.domain.rules.applicability import DEFAULT_CONFIDENCE, Dispute

LEVELS = ("must", "should")
WORDINGS = ("confirmed", "paraphrase")
SNAPSHOT_FORMAT = 1

# The 12 CTPAT business entity types, by stable key.
ENTITY_TYPES: dict[str, str] = {
    "us_importer": "U.S. Importer",
    "us_exporter": "U.S. Exporter",
    "foreign_manufacturer": "Foreign Manufacturer",
    "highway_carrier": "Highway Carrier",
    "mexican_long_haul_carrier": "Mexican Long Haul Highway Carrier",
    "rail_carrier": "Rail Carrier",
    "sea_carrier": "Sea Carrier",
    "air_carrier": "Air Carrier",
    "consolidator": "Consolidator (Air Freight, OTI, NVOCC)",
    "customs_broker": "Licensed U.S. Customs Broker",
    "third_party_logistics": "Third Party Logistics Provider",
    "marine_port_terminal": "U.S. Marine Port Authority and Terminal Operator",
}


@dataclass(frozen=True)
class LevelChange:
    """From `effective` on, the criterion is at `level` (until the next change)."""

    level: str
    effective: date | None = None  # None: since the catalog began


@dataclass(frozen=True)
class Criterion:
    id: str  # as CBP numbers it, e.g. "6.2"
    category: str  # category id, e.g. "6"
    title: str
    requirement: str
    levels: tuple[LevelChange, ...]
    entity_types: frozenset[str]
    guidance: str = ""
    evidence: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    wording: str = "paraphrase"  # "confirmed" CBP text or our "paraphrase"
    source: str = ""  # where the wording was checked (needed when wording is "confirmed")
    related: tuple[str, ...] = ()  # ids this criterion relates to, e.g. "ctpat-msc:5.3"
    # (entity type, confidence) pairs; an entity type not listed here is "assumed".
    confidence: tuple[tuple[str, str], ...] = ()
    disputes: tuple[Dispute, ...] = ()  # sources that disagree, with the reading used
    in_english: bool = field(default=False, compare=False)  # shown untranslated; never hashed

    def level_on(self, day: date) -> str:
        """The must/should level in force on `day`."""
        current = self.levels[0].level
        for change in self.levels:
            if change.effective is None or change.effective <= day:
                current = change.level
        return current

    def applies_to(self, entity_type: str) -> bool:
        return entity_type in self.entity_types

    def confidence_for(self, entity_type: str) -> str | None:
        """How we know it applies to `entity_type` (None: it does not apply)."""
        if entity_type not in self.entity_types:
            return None
        return dict(self.confidence).get(entity_type, DEFAULT_CONFIDENCE)


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    focus_area: str


@dataclass(frozen=True)
class Catalog:
    id: str
    title: str
    version: str
    effective: date
    source: str
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...]
    content_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    texts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # translations

    def for_entity(self, entity_type: str) -> list[Criterion]:
        return [c for c in self.criteria if c.applies_to(entity_type)]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._criteria_by_id.get(criterion_id)

    @cached_property  # a page looks up each of its ~100 criteria: by id, not by a scan
    def _criteria_by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in reversed(self.criteria)}  # the first of a repeated id wins

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def kind(self) -> str:
        """Either criteria (an MSC-style catalog) or inspection (a checklist run between audits)."""
        return str(self.extra.get("kind", "criteria"))

    def to_snapshot(self) -> dict[str, Any]:
        """A JSON-able dict holding everything an audit needs to reproduce this catalog."""
        body = _snapshot_body(self)
        body["content_hash"] = self.content_hash or compute_content_hash(self)
        return body


def _snapshot_body(catalog: Catalog) -> dict[str, Any]:
    return {
        "snapshot_format": SNAPSHOT_FORMAT,
        "id": catalog.id,
        "title": catalog.title,
        "version": catalog.version,
        "effective": catalog.effective.isoformat(),
        "source": catalog.source,
        "categories": [
            {"id": c.id, "name": c.name, "focus_area": c.focus_area} for c in catalog.categories
        ],
        "criteria": [criterion_to_dict(c) for c in catalog.criteria],
        "extra": catalog.extra,
    }


def criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "category": criterion.category,
        "title": criterion.title,
        "requirement": criterion.requirement,
        "levels": [
            {"level": ch.level, "effective": ch.effective.isoformat() if ch.effective else None}
            for ch in criterion.levels
        ],
        "entity_types": sorted(criterion.entity_types),
        "guidance": criterion.guidance,
        "evidence": list(criterion.evidence),
        "questions": list(criterion.questions),
        "wording": criterion.wording,
        "source": criterion.source,
        "related": list(criterion.related),
        # Only when present, so snapshots taken before these fields existed keep their hash.
        **({"confidence": dict(criterion.confidence)} if criterion.confidence else {}),
        **({"disputes": [d.to_dict() for d in criterion.disputes]} if criterion.disputes else {}),
    }


def canonical_json(data: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8 (the form the hash is taken of)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_content_hash(catalog: Catalog) -> str:
    """sha256 of the canonical form: formatting, comments and key order in the file don't count."""
    return "sha256:" + hashlib.sha256(canonical_json(_snapshot_body(catalog))).hexdigest()


def catalog_from_snapshot(data: dict[str, Any]) -> Catalog:
    """Rebuild the Catalog an audit pinned. Raises ValueError if the snapshot was altered."""
    if data.get("snapshot_format") != SNAPSHOT_FORMAT:
        raise ValueError(f"unsupported catalog snapshot format {data.get('snapshot_format')!r}")
    catalog = Catalog(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        effective=date.fromisoformat(data["effective"]),
        source=data["source"],
        categories=tuple(Category(**c) for c in data["categories"]),
        criteria=tuple(_criterion_from_dict(c) for c in data["criteria"]),
        content_hash=data["content_hash"],
        extra=dict(data.get("extra") or {}),
    )
    if compute_content_hash(catalog) != catalog.content_hash:
        raise ValueError(f"catalog snapshot {catalog.id}@{catalog.version} does not match its hash")
    return catalog


def _criterion_from_dict(data: dict[str, Any]) -> Criterion:
    return Criterion(
        id=data["id"],
        category=data["category"],
        title=data["title"],
        requirement=data["requirement"],
        levels=tuple(
            LevelChange(
                ch["level"], date.fromisoformat(ch["effective"]) if ch["effective"] else None
            )
            for ch in data["levels"]
        ),
        entity_types=frozenset(data["entity_types"]),
        guidance=data.get("guidance", ""),
        evidence=tuple(data.get("evidence", ())),
        questions=tuple(data.get("questions", ())),
        wording=data.get("wording", "paraphrase"),
        source=data.get("source", ""),
        related=tuple(data.get("related", ())),
        confidence=tuple(sorted((data.get("confidence") or {}).items())),
        disputes=tuple(Dispute.from_dict(d) for d in data.get("disputes", ())),
    )
