"""Checks and building of `entity_types` / `applicability`, `disputes` and `profiles`.

A criterion names its entity types either as a plain list (each then `assumed`) or grouped by
confidence. A dispute must use one of its own readings, and the reading it uses must be what
the criterion says. A profile entry may list the exact criteria of an entity type (what a
member copied from its own CBP document); those lists are applied after the criteria are built.
"""

from __future__ import annotations

from dataclasses import replace

from audit_engine.domain.rules.applicability import (
    APPLIES,
    DEFAULT_CONFIDENCE,
    NOT_APPLICABLE,
    Dispute,
    Reading,
)
from audit_engine.domain.rules.catalog import LEVELS, Criterion, LevelChange


def line(item: dict, key: str | None = None) -> int:
    return item["_lines"].get(key, item["_line"]) if key else item["_line"]


def entity_types_and_confidence(item: dict, path: str, problems) -> tuple | None:
    """(entity types, (entity, confidence) pairs) from `entity_types` or `applicability`."""
    if ("entity_types" in item) == ("applicability" in item):
        message = (
            "give 'entity_types' or 'applicability', not both"
            if "entity_types" in item
            else "missing required key 'entity_types' (or 'applicability')"
        )
        problems.add(line(item, "applicability"), path, message)
        return None
    if "entity_types" in item:
        return frozenset(item["entity_types"]), ()
    grouped = {k: v for k, v in item["applicability"].items() if not k.startswith("_")}
    seen: dict[str, str] = {}
    for confidence, entities in grouped.items():
        for entity in entities:
            if entity in seen:
                problems.add(
                    line(item["applicability"], confidence),
                    f"{path}.applicability.{confidence}",
                    f"{entity} is already listed under '{seen[entity]}'",
                )
                return None
            seen[entity] = confidence
    if not seen:
        problems.add(line(item, "applicability"), f"{path}.applicability", "lists no entity type")
        return None
    pairs = tuple(sorted((e, c) for e, c in seen.items() if c != DEFAULT_CONFIDENCE))
    return frozenset(seen), pairs


def disputes(
    item: dict, path: str, history: tuple[LevelChange, ...], applies: frozenset[str], problems
) -> tuple[Dispute, ...]:
    result = []
    for i, entry in enumerate(item.get("disputes", ())):
        where = f"{path}.disputes[{i}]"
        dispute = Dispute(
            about=entry["about"],
            readings=tuple(Reading(r["says"], r["source"]) for r in entry["readings"]),
            uses=entry["uses"],
            entity_type=entry.get("entity_type"),
            why=entry.get("why", ""),
        )
        problem = _dispute_problem(dispute, history, applies)
        if problem:
            problems.add(line(entry), where, problem)
        result.append(dispute)
    return tuple(result)


def _dispute_problem(
    dispute: Dispute, history: tuple[LevelChange, ...], applies: frozenset[str]
) -> str | None:
    said = [r.says for r in dispute.readings]
    allowed = LEVELS if dispute.about == "level" else (APPLIES, NOT_APPLICABLE)
    wrong = [s for s in said if s not in allowed]
    if wrong:
        return f"reading '{wrong[0]}' is not one of: {', '.join(allowed)}"
    if dispute.uses not in said:
        return f"uses '{dispute.uses}', which none of its readings says"
    if dispute.about == "level":
        if history and dispute.uses != history[-1].level:
            return f"uses '{dispute.uses}' but the criterion's level is '{history[-1].level}'"
        return None
    if dispute.entity_type is None:
        return "an applicability dispute needs 'entity_type'"
    used = APPLIES if dispute.entity_type in applies else NOT_APPLICABLE
    if dispute.uses != used:
        return f"uses '{dispute.uses}' but {dispute.entity_type} is {used.replace('_', ' ')}"
    return None


def profile_declarations(document: dict) -> dict[str, dict]:
    """{entity type: {"status", "basis"}} declared in this file."""
    return {
        p["entity_type"]: {"status": p["status"], "basis": p["basis"]}
        for p in document.get("profiles", ())
    }


def apply_profile_lists(criteria: list[Criterion], document: dict, problems) -> list[Criterion]:
    """Where a profile lists its criteria, exactly those apply to its entity type."""
    known = {c.id for c in criteria}
    seen_entities: set[str] = set()
    for i, profile in enumerate(document.get("profiles", ())):
        entity, where = profile["entity_type"], f"profiles[{i}]"
        if entity in seen_entities:
            problems.add(line(profile, "entity_type"), where, f"{entity} is declared twice")
            continue
        seen_entities.add(entity)
        listed = profile.get("criteria")
        if listed is None:
            continue
        unknown = [cid for cid in listed if cid not in known]
        doubled = sorted({cid for cid in listed if listed.count(cid) > 1})
        if unknown or doubled:
            what = f"unknown criteria {unknown}" if unknown else f"criteria listed twice {doubled}"
            problems.add(line(profile, "criteria"), f"{where}.criteria", what)
            continue
        confidence = profile.get("confidence", DEFAULT_CONFIDENCE)
        criteria = [_set_applicability(c, entity, c.id in listed, confidence) for c in criteria]
    return criteria


def _set_applicability(criterion: Criterion, entity: str, applies: bool, confidence: str):
    """The profile's list settles applicability for `entity` (and any dispute about it)."""
    others = tuple(p for p in criterion.confidence if p[0] != entity)
    kept = tuple(
        d
        for d in criterion.disputes
        if not (d.about == "applicability" and d.entity_type == entity)
    )
    if not applies:
        types = criterion.entity_types - {entity}
        return replace(criterion, entity_types=types, confidence=others, disputes=kept)
    if confidence != DEFAULT_CONFIDENCE:
        others = tuple(sorted((*others, (entity, confidence))))
    types = criterion.entity_types | {entity}
    return replace(criterion, entity_types=types, confidence=others, disputes=kept)
