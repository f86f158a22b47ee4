"""A file with `extends`: a company's own criteria and tailoring on top of a base catalog.

The result is a full catalog of its own (own id, version and hash) holding the base criteria as
tailored plus the company's criteria, so an audit pins exactly what it was planned with. Tailoring
may add questions, evidence and guidance and make levels stricter; it never relaxes a level.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from audit_engine.checklists import applicability, build
from audit_engine.checklists.build import line
from audit_engine.checklists.yaml_source import Problems
from audit_engine.domain.rules.catalog import Catalog, Criterion, compute_content_hash

LOOKS_LIKE_CBP = re.compile(r"\d+(\.\d+)*")


def find_base(extends: dict, catalogs: list[Catalog]) -> Catalog | None:
    """The named version, or the latest (by effective date) catalog with that id."""
    same_id = [c for c in catalogs if c.id == extends["id"]]
    if "version" in extends:
        same_id = [c for c in same_id if c.version == extends["version"]]
    return max(same_id, key=lambda c: (c.effective, c.version), default=None)


def resolve(document: dict, base: Catalog, problems: Problems) -> Catalog | None:
    fields = build.header(document)
    kind = document.get("kind", base.kind)
    if kind != base.kind:
        problems.add(line(document, "kind"), "kind", f"is '{kind}' but the base is '{base.kind}'")
        return None
    fields["extra"].update(
        kind=kind,
        intros={**base.extra.get("intros", {})},
        extends={"id": base.id, "version": base.version, "content_hash": base.content_hash},
    )
    own_categories = build.categories(document, problems, fields["extra"]["intros"])
    for cat in own_categories:
        if base.category(cat.id) is not None:
            problems.add(
                line(document, "focus_areas"),
                f"categories[{cat.id}]",
                f"category '{cat.id}' is already in {base.id}",
            )
    categories = (*base.categories, *own_categories)
    own = build.criteria(document, {c.id for c in categories}, kind, problems)
    _check_own_ids(document, base, problems)
    tailored = _tailor(document, base, problems)
    profiles = {**base.extra.get("profiles", {}), **fields["extra"].get("profiles", {})}
    if profiles:
        fields["extra"]["profiles"] = profiles
    if "used_by" not in fields["extra"] and "used_by" in base.extra:
        fields["extra"]["used_by"] = base.extra["used_by"]
    if not own and not document.get("tailoring"):
        problems.add(line(document), "criteria", "catalog has no criteria and no tailoring")
    combined = applicability.apply_profile_lists([*tailored, *own], document, problems)
    if problems.lines:
        return None
    catalog = Catalog(categories=categories, criteria=tuple(combined), **fields)
    return replace(catalog, content_hash=compute_content_hash(catalog))


def _check_own_ids(document: dict, base: Catalog, problems: Problems) -> None:
    for item in document.get("criteria", ()):
        where = f"criteria[{item['id']}].id"
        if base.criterion(item["id"]) is not None:
            problems.add(
                line(item, "id"),
                where,
                f"'{item['id']}' is already in {base.id}; change it under 'tailoring'",
            )
        elif LOOKS_LIKE_CBP.fullmatch(item["id"]):
            problems.add(
                line(item, "id"),
                where,
                f"'{item['id']}' looks like a CBP criterion ID; give company criteria "
                "an own prefix, e.g. ACME-1",
            )


def _tailor(document: dict, base: Catalog, problems: Problems) -> list[Criterion]:
    entries: dict[str, dict] = {}
    for entry in document.get("tailoring", ()):
        cid, where = entry["id"], f"tailoring[{entry['id']}]"
        if base.criterion(cid) is None:
            problems.add(
                line(entry, "id"),
                f"{where}.id",
                f"no criterion '{cid}' in {base.id}@{base.version}",
            )
        elif cid in entries:
            problems.add(line(entry, "id"), f"{where}.id", f"'{cid}' is tailored twice")
        else:
            entries[cid] = entry
    return [_apply(entries[c.id], c, problems) if c.id in entries else c for c in base.criteria]


def _apply(entry: dict, original: Criterion, problems: Problems) -> Criterion:
    where = f"tailoring[{original.id}]"
    history = build.levels(entry, where, problems) or original.levels
    tailored = replace(
        original,
        levels=history,
        questions=(*original.questions, *entry.get("add_questions", ())),
        evidence=(*original.evidence, *entry.get("add_evidence", ())),
        guidance="\n\n".join(g for g in (original.guidance, entry.get("add_guidance", "")) if g),
    )
    relaxed = _first_relaxed_day(original, tailored)
    if relaxed is not None:
        key = "levels" if "levels" in entry else "level"
        when = "from the start" if relaxed == date.min else f"on {relaxed}"
        problems.add(
            line(entry, key),
            f"{where}.{key}",
            f"makes {original.id} 'should' {when} where the base says 'must'; "
            "tailoring may only make levels stricter",
        )
    return tailored


def _first_relaxed_day(original: Criterion, tailored: Criterion) -> date | None:
    days = {date.min} | {c.effective for c in (*original.levels, *tailored.levels) if c.effective}
    for day in sorted(days):
        if original.level_on(day) == "must" and tailored.level_on(day) == "should":
            return day
    return None
