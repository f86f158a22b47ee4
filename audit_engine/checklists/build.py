"""From a shape-checked document to domain values: the rules that relate fields to each other.

Problems are recorded with the line of the offending key; callers raise once the file is done.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from audit_engine.checklists import applicability
from audit_engine.checklists.yaml_source import Problems
from audit_engine.domain.rules.catalog import (
    Catalog,
    Category,
    Criterion,
    LevelChange,
    compute_content_hash,
)

CBP_ID = re.compile(r"(\d+)\.\d+")
NAME_KEY = re.compile(r"[a-z][a-z0-9_]*")


def line(item: dict, key: str | None = None) -> int:
    return item["_lines"].get(key, item["_line"]) if key else item["_line"]


def header(document: dict) -> dict[str, Any]:
    """Catalog fields common to standalone and tailoring files."""
    source = document["source"]
    extra: dict[str, Any] = {
        "kind": document.get("kind", "criteria"),
        "source": {k: str(v) for k, v in source.items() if not k.startswith("_")},
        "intros": {},
    }
    if "profiles" in document:
        extra["profiles"] = applicability.profile_declarations(document)
    if "used_by" in document:
        extra["used_by"] = sorted(document["used_by"])
    return {
        "id": document["id"],
        "title": document["title"],
        "version": document["version"],
        "effective": document["effective"],
        "source": f"{source['document']} ({source['date'].isoformat()})",
        "extra": extra,
    }


def categories(document: dict, problems: Problems, intros: dict) -> list[Category]:
    found: dict[str, Category] = {}
    for area in document.get("focus_areas", ()):
        for cat in area.get("categories", ()):
            if cat["id"] in found:
                problems.add(line(cat, "id"), f"categories[{cat['id']}]", "duplicate category id")
                continue
            found[cat["id"]] = Category(cat["id"], cat["name"], area["name"])
            if "intro" in cat:
                intros[cat["id"]] = cat["intro"]
    return list(found.values())


def levels(item: dict, path: str, problems: Problems) -> tuple[LevelChange, ...] | None:
    """The dated must/should history of a criterion (or tailoring), checked for order."""
    if "level" in item and "levels" in item:
        problems.add(line(item, "levels"), path, "give 'level' or 'levels', not both")
        return None
    if "level" in item:
        return (LevelChange(item["level"]),)
    changes = item.get("levels")
    if not changes:
        return None
    result: list[LevelChange] = []
    for i, change in enumerate(changes):
        where = f"{path}.levels[{i}]"
        effective = change.get("effective")
        if i > 0 and effective is None:
            problems.add(line(change), where, "every change after the first needs 'effective'")
            return None
        if result and effective is not None and result[-1].effective is not None:
            previous = result[-1].effective
            if effective <= previous:
                order = "overlaps" if effective == previous else "is before"
                problems.add(
                    line(change, "effective"),
                    f"{where}.effective",
                    f"{effective} {order} the previous change ({previous}); list changes "
                    "oldest first, one per date",
                )
                return None
        if result and result[-1].level == change["level"]:
            problems.add(line(change, "level"), f"{where}.level", f"repeats '{change['level']}'")
            return None
        result.append(LevelChange(change["level"], effective))
    return tuple(result)


def criterion(
    item: dict, known_categories: set[str], kind: str, problems: Problems
) -> Criterion | None:
    path = f"criteria[{item['id']}]"
    before = len(problems.lines)
    history = levels(item, path, problems)
    if history is None and len(problems.lines) == before:
        problems.add(line(item), path, "missing required key 'level' (or 'levels')")
    _check_fields(item, path, known_categories, kind, problems)
    applies = applicability.entity_types_and_confidence(item, path, problems)
    if applies is None or len(problems.lines) != before:
        return None
    disputes = applicability.disputes(item, path, history, applies[0], problems)
    if len(problems.lines) != before:
        return None
    return Criterion(
        id=item["id"],
        category=item["category"],
        title=item["title"],
        requirement=item["requirement"],
        levels=history,
        entity_types=applies[0],
        confidence=applies[1],
        disputes=disputes,
        guidance=item.get("guidance", ""),
        evidence=tuple(item.get("evidence", ())),
        questions=tuple(item["questions"]),
        wording=item["wording"],
        source=item.get("source", ""),
        related=tuple(item.get("related", ())),
    )


def _check_fields(
    item: dict, path: str, known_categories: set[str], kind: str, problems: Problems
) -> None:
    category = item["category"]
    if category not in known_categories:
        declared = ", ".join(sorted(known_categories))
        problems.add(
            line(item, "category"),
            f"{path}.category",
            f"unknown category '{category}' (declared: {declared})",
        )
    cbp = CBP_ID.fullmatch(item["id"])
    if kind == "criteria" and cbp and category.isdigit() and cbp.group(1) != category:
        problems.add(
            line(item, "category"),
            f"{path}.category",
            f"criterion {item['id']} is numbered in category {cbp.group(1)}, not {category}",
        )
    if kind == "inspection" and not NAME_KEY.fullmatch(item["id"]):
        problems.add(
            line(item, "id"),
            f"{path}.id",
            "inspection points are keyed by name (e.g. front_wall), not by number",
        )
    if item["wording"] == "confirmed" and "source" not in item:
        problems.add(
            line(item, "wording"),
            f"{path}.wording",
            "is 'confirmed' but no 'source' says where the CBP text was seen",
        )


def criteria(
    document: dict, known_categories: set[str], kind: str, problems: Problems
) -> list[Criterion]:
    first_line: dict[str, int] = {}
    result = []
    for item in document.get("criteria", ()):
        cid = item["id"]
        if cid in first_line:
            problems.add(
                line(item, "id"),
                f"criteria[{cid}].id",
                f"duplicate criterion id '{cid}' (first at line {first_line[cid]})",
            )
            continue
        first_line[cid] = line(item, "id")
        built = criterion(item, known_categories, kind, problems)
        if built is not None:
            result.append(built)
    return result


def standalone(document: dict, problems: Problems) -> Catalog | None:
    """A catalog that extends nothing: everything it needs is in the file."""
    for key in ("tailoring",):
        if key in document:
            problems.add(line(document, key), key, "'tailoring' needs 'extends' (a base catalog)")
    if not document.get("focus_areas"):
        problems.add(line(document), "focus_areas", "missing: declare at least one focus area")
    if not document.get("criteria"):
        problems.add(line(document), "criteria", "catalog has no criteria")
    fields = header(document)
    cats = categories(document, problems, fields["extra"]["intros"])
    crits = criteria(document, {c.id for c in cats}, fields["extra"]["kind"], problems)
    crits = applicability.apply_profile_lists(crits, document, problems)
    if problems.lines:
        return None
    catalog = Catalog(categories=tuple(cats), criteria=tuple(crits), **fields)
    return replace(catalog, content_hash=compute_content_hash(catalog))
