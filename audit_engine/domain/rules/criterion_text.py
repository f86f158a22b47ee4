"""Criterion text in other languages: what a translation file gives, and a criterion as a
reader of one language sees it.

English is the catalog's own text (the text an audit pins and hashes). A translation is kept
beside it, per catalog id and language, outside the content hash: a better Spanish sentence
changes no audit. A criterion without a translation is shown in English, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from audit_engine.domain.rules.catalog import Catalog, Category, Criterion

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class CriterionText:
    """One criterion (or inspection point) in one language."""

    title: str
    requirement: str
    questions: tuple[str, ...]
    guidance: str = ""
    evidence: tuple[str, ...] = ()
    wording: str = "paraphrase"  # confirmed: the authority's own text in this language was seen
    source: str = ""  # where that text was seen, or whose translation this is


@dataclass(frozen=True)
class CatalogText:
    """A catalog's text in one language: criteria and categories by id."""

    catalog_id: str
    language: str
    criteria: dict[str, CriterionText] = field(default_factory=dict)
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, intro)
    files: tuple[str, ...] = ()  # where it was read from

    def merged(self, later: CatalogText) -> CatalogText:
        """This text with `later`'s entries on top (a company file after the shipped one)."""
        return replace(self, criteria={**self.criteria, **later.criteria},
                       categories={**self.categories, **later.categories},
                       files=(*self.files, *later.files))


def gaps(catalog: Catalog, language: str) -> list[str]:
    """Ids of criteria with no text in `language` (none for English)."""
    if language == SOURCE_LANGUAGE:
        return []
    text = catalog.texts.get(language)
    have = text.criteria if text else {}
    return [c.id for c in catalog.criteria if c.id not in have]


def shown_criterion(criterion: Criterion, text: CriterionText | None) -> Criterion:
    """`criterion` with its words, wording mark and source in the translation's language;
    English (marked `in_english`) where there is no translation. Questions and evidence are
    matched by position: a tailoring that adds a question shows the added one in English."""
    if text is None:
        return replace(criterion, in_english=True)
    return replace(
        criterion,
        title=text.title,
        requirement=text.requirement,
        guidance=text.guidance or criterion.guidance,
        questions=_by_position(criterion.questions, text.questions),
        evidence=_by_position(criterion.evidence, text.evidence),
        wording=text.wording,
        source=text.source,
        in_english=False,
    )


def _by_position(english: tuple[str, ...], translated: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(translated[i] if i < len(translated) else line for i, line in enumerate(english))


def shown_catalog(catalog: Catalog, language: str, texts: dict[str, CatalogText]) -> Catalog:
    """`catalog` (a pinned snapshot or a loaded file) as a reader of `language` sees it.

    `texts`: the live translations of the catalog's id (its own, then its base's for a
    tailoring), by language. Never hashed: the result is for showing only."""
    if language == SOURCE_LANGUAGE:
        return catalog
    text = texts.get(language)
    if text is None:
        return replace(catalog, criteria=tuple(replace(c, in_english=True)
                                               for c in catalog.criteria))
    categories = tuple(_shown_category(c, text) for c in catalog.categories)
    criteria = tuple(shown_criterion(c, text.criteria.get(c.id)) for c in catalog.criteria)
    extra: dict[str, Any] = dict(catalog.extra)
    extra["intros"] = {key: (text.categories.get(key, ("", ""))[1] or intro)
                       for key, intro in catalog.extra.get("intros", {}).items()}
    return replace(catalog, categories=categories, criteria=criteria, extra=extra)


def _shown_category(category: Category, text: CatalogText) -> Category:
    if category.id not in text.categories:
        return category
    return replace(category, name=text.categories[category.id][0])
