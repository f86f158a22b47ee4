"""Checklist use cases: list, show, validate, diff. Thin functions over loaded catalogs or paths.

Catalog references are `ID` (the loaded catalog with that id and the latest effective date) or
`ID@VERSION`; `diff` also accepts a file path, so a new MSC draft can be compared before it is
installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from audit_engine.checklists import (
    checklist_files,
    expand_paths,
    load_catalog_file,
    validate_paths,
)
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.catalog import (
    ENTITY_TYPES,
    Catalog,
    Criterion,
    LevelChange,
)
from audit_engine.domain.rules.catalog_diff import diff_catalogs
from audit_engine.domain.rules.criterion_text import SOURCE_LANGUAGE, shown_catalog
from audit_engine.services.administration import catalog_profiles as profiles
from audit_engine.services.administration.checklist_views import (
    CatalogDetail,
    CatalogDiffView,
    CatalogLine,
    CategoryLine,
    CriterionBrief,
    CriterionChangeView,
    CriterionView,
    FieldChangeView,
)


def find_catalog(catalogs: Iterable[Catalog], ref: str) -> Catalog:
    catalogs = list(catalogs)
    cid, _, version = ref.partition("@")
    same_id = [c for c in catalogs if c.id == cid and (not version or c.version == version)]
    if not same_id:
        known = ", ".join(sorted(f"{c.id}@{c.version}" for c in catalogs)) or "none"
        raise NotFound.said("checklist %(ref)r not found (known: %(known)s)", ref=ref,
                            known=known)

    return max(same_id, key=lambda c: (c.effective, c.version))


def list_catalogs(catalogs: Iterable[Catalog]) -> list[CatalogLine]:
    return [
        CatalogLine(
            id=c.id, version=c.version, kind=c.kind, title=c.title, effective=c.effective,
            criteria=len(c.criteria),
            entity_types=sum(1 for e in ENTITY_TYPES if c.for_entity(e)),
            extends=_extends(c), content_hash=c.content_hash, profiles=profiles.profiles(c),
            used_by=profiles.used_by(c),
        )
        for c in sorted(catalogs, key=lambda c: (c.id, c.effective, c.version))
    ]


def show_catalog(
    catalogs: Iterable[Catalog], ref: str, *, on: date, entity_type: str | None = None,
    language: str = SOURCE_LANGUAGE,
) -> CatalogDetail:
    """One catalog with its criteria (only those for `entity_type` if given), levels as of `on`,
    its text in `language` (English where that language has none: listed in `gaps`)."""
    found = find_catalog(catalogs, ref)
    catalog = shown_catalog(found, language, found.texts)
    profiles.check_entity_type(entity_type)
    criteria = catalog.for_entity(entity_type) if entity_type else list(catalog.criteria)
    return CatalogDetail(
        id=catalog.id, version=catalog.version, kind=catalog.kind, title=catalog.title,
        effective=catalog.effective, source=catalog.source, content_hash=catalog.content_hash,
        extends=_extends(catalog), entity_type=entity_type,
        profile=profiles.profile_counts(catalog, entity_type)
        if entity_type and catalog.kind == "criteria"
        else None,
        profiles=None if entity_type else profiles.profiles(catalog),
        used_by=profiles.used_by(catalog),
        levels_as_of=on,
        categories=tuple(CategoryLine(c.id, c.name, c.focus_area) for c in catalog.categories),
        criteria=tuple(criterion_view(c, catalog, on, entity_type) for c in criteria),
        language=language,
        gaps=tuple(c.id for c in criteria if c.in_english),
    )


def criterion_view(
    criterion: Criterion, catalog: Catalog, on: date, entity_type: str | None = None
) -> CriterionView:
    category = catalog.category(criterion.category)
    return CriterionView(
        id=criterion.id,
        category=criterion.category,
        category_name=category.name if category else None,
        title=criterion.title,
        level=criterion.level_on(on),
        level_history=level_history(criterion.levels),
        wording=criterion.wording,
        requirement=criterion.requirement,
        entity_types=tuple(sorted(criterion.entity_types)),
        guidance=criterion.guidance,
        evidence=tuple(criterion.evidence),
        questions=tuple(criterion.questions),
        source=criterion.source,
        related=tuple(criterion.related),
        confidence=criterion.confidence_for(entity_type) if entity_type else None,
        applicability=profiles.applicability(criterion),
        disputes=tuple(d.to_dict() for d in criterion.disputes),
        in_english=criterion.in_english,
    )


def level_history(levels: Sequence[LevelChange]) -> str:
    """`should; must from 2023-01-01`"""
    return "; ".join(
        f"{ch.level} from {ch.effective}" if ch.effective else ch.level for ch in levels
    )


def level_history_dicts(levels: Sequence[dict]) -> str:
    """The same, from snapshot form ({"level", "effective"} dicts) as `diff` reports it."""
    return "; ".join(
        f"{ch['level']} from {ch['effective']}" if ch["effective"] else ch["level"] for ch in levels
    )


def all_checklist_files(shipped_dir: Path, extra_dirs: Iterable[Path]) -> list[Path]:
    """Every shipped and configured checklist file, in load order."""
    return checklist_files(shipped_dir, extra_dirs)


def validate_checklists(
    paths: Sequence[Path], *, all_files: Sequence[Path], cache_dir: Path | None = None
) -> tuple[int, list[str]]:
    """(files checked, problems). No paths: every shipped and configured file."""
    targets = expand_paths(list(paths) or list(all_files))
    problems = validate_paths(targets, context_files=all_files, cache_dir=cache_dir)
    return len(targets), problems


def diff(
    catalogs: Sequence[Catalog],
    old_ref: str,
    new_ref: str,
    *,
    context_files: Sequence[Path] = (),
    cache_dir: Path | None = None,
    entity_type: str | None = None,
) -> CatalogDiffView:
    """Criteria added, removed and changed; with `entity_type`, of that entity's profiles."""
    profiles.check_entity_type(entity_type)
    # Either file may be the base the other extends, so each is context for the other.
    files = [Path(r) for r in (old_ref, new_ref) if Path(r).is_file()]
    context = [*context_files, *files]
    old = _resolve(catalogs, old_ref, context, cache_dir)
    new = _resolve(catalogs, new_ref, context, cache_dir)
    result = diff_catalogs(profiles.narrowed(old, entity_type), profiles.narrowed(new, entity_type))
    return CatalogDiffView(
        old=f"{old.id}@{old.version}",
        new=f"{new.id}@{new.version}",
        old_hash=old.content_hash,
        new_hash=new.content_hash,
        entity_type=entity_type,
        added=tuple(_brief(c) for c in result.added),
        removed=tuple(_brief(c) for c in result.removed),
        changed=tuple(
            CriterionChangeView(change.id, tuple(change.kinds),
                            tuple(FieldChangeView(f.field, f.kind, f.old, f.new)
                                  for f in change.changes))
            for change in result.changed
        ),
    )


def _resolve(
    catalogs: Sequence[Catalog], ref: str, context_files: Sequence[Path], cache_dir: Path | None
) -> Catalog:
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise NotFound(f"checklist file {ref} does not exist")
        return load_catalog_file(path, context_files, cache_dir)
    return find_catalog(catalogs, ref)


def _brief(criterion: Criterion) -> CriterionBrief:
    return CriterionBrief(criterion.id, criterion.title, level_history(criterion.levels),
                          tuple(sorted(criterion.entity_types)))


def _extends(catalog: Catalog) -> str | None:
    base = catalog.extra.get("extends")
    return f"{base['id']}@{base['version']}" if base else None
