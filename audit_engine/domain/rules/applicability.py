"""Which entity types a criterion applies to, and how sure we are (how complete each profile
is: `entity_profiles`).

CBP publishes one MSC document per business entity type ("ID numbers not listed are not
applicable to ..."). Where those documents could not be read, a catalog says per criterion and
entity type how it knows the criterion applies (`CONFIDENCES`), records disagreeing sources as
`Dispute`s, and declares each entity profile `complete` or `partial`. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# How we know a criterion applies to an entity type, strongest first.
CONFIDENCES = ("cbp", "secondary", "assumed")
# cbp: a CBP document, slide or message names the entity type for this criterion.
# secondary: a third party (law firm, consultant, trade press, training vendor) says so.
# assumed: no source ties them; the catalog includes it by judgement.
DEFAULT_CONFIDENCE = "assumed"

PROFILE_STATUSES = ("complete", "partial")
DISPUTE_TOPICS = ("level", "applicability")
APPLIES, NOT_APPLICABLE = "applies", "not_applicable"


@dataclass(frozen=True)
class Reading:
    """What one source says: a level (`must`/`should`) or `applies`/`not_applicable`."""

    says: str
    source: str


@dataclass(frozen=True)
class Dispute:
    """Sources disagree about a criterion; the catalog keeps every reading and the one it uses."""

    about: str  # "level" or "applicability"
    readings: tuple[Reading, ...]
    uses: str
    entity_type: str | None = None  # which entity type, for "applicability"
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "entity_type": self.entity_type,
            "readings": [{"says": r.says, "source": r.source} for r in self.readings],
            "uses": self.uses,
            "why": self.why,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Dispute:
        return cls(
            about=data["about"],
            readings=tuple(Reading(r["says"], r["source"]) for r in data["readings"]),
            uses=data["uses"],
            entity_type=data.get("entity_type"),
            why=data.get("why", ""),
        )


def confidence_pairs(by_confidence: Mapping[str, Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """{confidence: [entity types]} as sorted (entity type, confidence) pairs."""
    return tuple(
        sorted((entity, level) for level, entities in by_confidence.items() for entity in entities)
    )
