"""Translation files: a catalog's criteria, inspection points and categories in another
language, kept beside the English file (`msc.es.yaml` next to `msc.yaml`) or in a company folder.

A file with a top-level `translates` key is a translation, not a catalog. It is checked against
the catalog it names once every catalog is loaded: an id the catalog does not have is refused
with the file and line. Several files for one catalog and language are merged in load order
(shipped first, then the company folders), a later file's entry replacing an earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import yaml

from audit_engine.checklists.build import line
from audit_engine.checklists.nodes import (
    NodeReader,
    choice,
    integer,
    list_of,
    mapping_of,
    pattern,
    text,
)
from audit_engine.checklists.schema import CATALOG_ID, FORMAT_VERSION, ITEM_ID
from audit_engine.checklists.yaml_source import Problems
from audit_engine.domain.rules.catalog import WORDINGS, Catalog, Criterion
from audit_engine.domain.rules.criterion_text import CatalogText, CriterionText

LANGUAGE = pattern(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4})?", "a language code such as es or pt_BR")
ITEM_FIELDS = {
    "id": ITEM_ID,
    "title": text,
    "requirement": text,
    "guidance": text,
    "evidence": list_of(text, min_items=1),
    "questions": list_of(text, min_items=1),
    "wording": choice(WORDINGS, "wording"),
    "source": text,
}
ITEM = mapping_of(ITEM_FIELDS, required=("id", "title", "requirement", "questions"))
CATEGORY = mapping_of({"id": ITEM_ID, "name": text, "intro": text}, required=("id", "name"))
FILE_FIELDS = {
    "format": integer,
    "translates": CATALOG_ID,
    "language": LANGUAGE,
    "wording": choice(WORDINGS, "wording"),
    "source": text,
    "categories": list_of(CATEGORY, min_items=1),
    "criteria": list_of(ITEM, min_items=1),
}
FILE_REQUIRED = ("format", "translates", "language", "wording", "source")


def is_translation(root: yaml.Node | None) -> bool:
    return isinstance(root, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "translates" for key, _ in root.value)


def read(root: yaml.Node, problems: Problems) -> dict:
    """The file's content as checked plain values (problems recorded, not raised)."""
    document = NodeReader(problems).mapping(root, "", FILE_FIELDS, FILE_REQUIRED) or {}
    if document.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        problems.add(line(document, "format"), "format",
                     f"unsupported format {document['format']} (expected 1)")
    if document.get("language") == "en":
        problems.add(line(document, "language"), "language",
                     "English is the catalog's own text; translate into another language")
    return document


def attach(documents: dict[Path, dict], loaded: dict[Path, Catalog],
           errors: dict[Path, list[str]]) -> None:
    """Check each translation against its catalog and give every loaded catalog its texts
    (a tailoring's start from its base's); a file with a problem gives nothing."""
    texts: dict[tuple[str, str], CatalogText] = {}
    for path, document in documents.items():
        problems = Problems(str(path))
        text_of = _checked(document, list(loaded.values()), problems)
        if problems.lines or text_of is None:
            errors[path] = problems.lines
            continue
        key = (text_of.catalog_id, text_of.language)
        texts[key] = texts[key].merged(text_of) if key in texts else text_of
    for path, catalog in loaded.items():
        loaded[path] = replace(catalog, texts=_texts_for(catalog, loaded.values(), texts))


def _texts_for(catalog: Catalog, catalogs: Iterable[Catalog],
               texts: dict[tuple[str, str], CatalogText]) -> dict[str, CatalogText]:
    """Texts by language for `catalog`: its base chain's first, its own on top."""
    chain = [catalog.id]
    base = catalog.extra.get("extends")
    by_id = {c.id: c for c in catalogs}
    while base and base["id"] not in chain:
        chain.insert(0, base["id"])
        base = by_id[base["id"]].extra.get("extends") if base["id"] in by_id else None
    result: dict[str, CatalogText] = {}
    for catalog_id in chain:
        for (of, language), text_of in texts.items():
            if of == catalog_id:
                mine = replace(text_of, catalog_id=catalog.id)
                result[language] = result[language].merged(mine) if language in result else mine
    return result


# (file, its sha256, the catalog's content hash) -> the checked text and its problems: pages
# load the checklists on each request, and checking the MSC's Spanish anew costs milliseconds.
_CHECKED: dict[tuple[str, str, str], tuple[CatalogText | None, list[str]]] = {}


def _checked(document: dict, catalogs: list[Catalog], problems: Problems) -> CatalogText | None:
    same_id = [c for c in catalogs if c.id == document["translates"]]
    if not same_id:
        known = ", ".join(sorted({c.id for c in catalogs})) or "none"
        problems.add(line(document, "translates"), "translates",
                     f"catalog '{document['translates']}' is not loaded (loaded: {known})")
        return None
    catalog = max(same_id, key=lambda c: c.effective)
    key = (problems.file, document["_digest"], catalog.content_hash)
    if key not in _CHECKED:
        checked = Problems(problems.file)
        _CHECKED[key] = (_text(document, catalog, checked), checked.lines)
    text, lines = _CHECKED[key]
    problems.lines.extend(lines)
    return text


def _text(document: dict, catalog: Catalog, problems: Problems) -> CatalogText:
    english = {c.id: c for c in catalog.criteria}
    criteria: dict[str, CriterionText] = {}
    for item in document.get("criteria", ()):
        if item["id"] in criteria:
            problems.add(line(item, "id"), f"criteria[{item['id']}].id",
                         f"criterion '{item['id']}' is translated twice in this file")
            continue
        built = _criterion(item, document, english.get(item["id"]), _name(catalog), problems)
        if built is not None:
            criteria[item["id"]] = built
    categories = {}
    for item in document.get("categories", ()):
        if catalog.category(item["id"]) is None:
            problems.add(line(item, "id"), f"categories[{item['id']}].id",
                         f"unknown category id '{item['id']}' (not in {_name(catalog)})")
        categories[item["id"]] = (item["name"], item.get("intro", ""))
    return CatalogText(catalog.id, document["language"], criteria, categories,
                       files=(problems.file,))


def _criterion(item: dict, document: dict, english: Criterion | None, catalog_name: str,
               problems: Problems) -> CriterionText | None:
    where = f"criteria[{item['id']}]"
    if english is None:
        problems.add(line(item, "id"), f"{where}.id",
                     f"unknown criterion id '{item['id']}' (not in {catalog_name})")
        return None
    for key in ("questions", "evidence"):
        if len(item.get(key, ())) > len(getattr(english, key)):
            problems.add(line(item, key), f"{where}.{key}",
                         f"has {len(item[key])} lines; the English has "
                         f"{len(getattr(english, key))}")
    return CriterionText(
        title=item["title"], requirement=item["requirement"], questions=tuple(item["questions"]),
        guidance=item.get("guidance", ""), evidence=tuple(item.get("evidence", ())),
        wording=item.get("wording", document["wording"]),
        source=item.get("source", document["source"]))


def _name(catalog: Catalog) -> str:
    return f"{catalog.id}@{catalog.version}"
