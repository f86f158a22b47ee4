"""The checklist file format as field tables (each field is documented in docs/checklist-format.md).

Unknown keys are refused everywhere. This module only checks shapes and value types; the rules
that relate fields to each other (duplicate IDs, level history, categories) live in build.py.
"""

from __future__ import annotations

import yaml

from audit_engine.checklists.nodes import (
    NodeReader,
    a_date,
    choice,
    integer,
    list_of,
    mapping_of,
    pattern,
    text,
    text_list,
)
from audit_engine.checklists.yaml_source import Problems
from audit_engine.domain.rules.applicability import CONFIDENCES, DISPUTE_TOPICS, PROFILE_STATUSES
from audit_engine.domain.rules.catalog import ENTITY_TYPES, LEVELS, WORDINGS

FORMAT_VERSION = 1
KINDS = ("criteria", "inspection")
CATALOG_ID = pattern(
    r"[a-z0-9][a-z0-9._-]{0,63}", "a catalog id (lowercase letters, digits, . _ -)"
)
VERSION = pattern(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,31}", "a version (letters, digits, . _ + -)")
ITEM_ID = pattern(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "an id (letters, digits, . _ -)")


def entity_types(reader: NodeReader, node: yaml.Node, path: str) -> list[str] | None:
    """A list of entity type keys, or the word `all`."""
    if isinstance(node, yaml.ScalarNode) and node.value == "all":
        reader.scalar(node, path)
        return list(ENTITY_TYPES)
    values = reader.sequence(node, path, choice(ENTITY_TYPES, "entity type"), min_items=1)
    if values is not None and len(set(values)) != len(values):
        reader.problems.at(node, path, "lists an entity type twice")
        return None
    return values


# `applicability: {cbp: [...], secondary: [...], assumed: [...]}`: entity types by confidence.
APPLICABILITY = mapping_of({level: entity_types for level in CONFIDENCES})
READING = mapping_of({"says": text, "source": text}, required=("says", "source"))
DISPUTE_FIELDS = {
    "about": choice(DISPUTE_TOPICS, "dispute topic"),
    "entity_type": choice(ENTITY_TYPES, "entity type"),
    "readings": list_of(READING, min_items=2),
    "uses": text,
    "why": text,
}
DISPUTE = mapping_of(DISPUTE_FIELDS, required=("about", "readings", "uses"))
PROFILE_FIELDS = {
    "entity_type": choice(ENTITY_TYPES, "entity type"),
    "status": choice(PROFILE_STATUSES, "profile status"),
    "basis": text,
    "criteria": list_of(text, min_items=1),
    "confidence": choice(CONFIDENCES, "confidence"),
}
PROFILE = mapping_of(PROFILE_FIELDS, required=("entity_type", "status", "basis"))

LEVEL_CHANGE = mapping_of(
    {"level": choice(LEVELS, "level"), "effective": a_date}, required=("level",)
)
LEVEL_FIELDS = {"level": choice(LEVELS, "level"), "levels": list_of(LEVEL_CHANGE, min_items=1)}

CRITERION_FIELDS = {
    "id": ITEM_ID,
    "category": ITEM_ID,
    "title": text,
    "requirement": text,
    **LEVEL_FIELDS,
    "entity_types": entity_types,
    "applicability": APPLICABILITY,
    "disputes": list_of(DISPUTE, min_items=1),
    "guidance": text,
    "evidence": text_list,
    "questions": list_of(text, min_items=1),
    "wording": choice(WORDINGS, "wording"),
    "source": text,
    "related": text_list,
}
CRITERION = mapping_of(
    CRITERION_FIELDS,
    required=("id", "category", "title", "requirement", "questions", "wording"),
)

TAILORING = mapping_of(
    {
        "id": ITEM_ID,
        **LEVEL_FIELDS,
        "add_questions": list_of(text, min_items=1),
        "add_evidence": list_of(text, min_items=1),
        "add_guidance": text,
    },
    required=("id",),
)

CATEGORY = mapping_of({"id": ITEM_ID, "name": text, "intro": text}, required=("id", "name"))
FOCUS_AREA = mapping_of(
    {"name": text, "categories": list_of(CATEGORY, min_items=1)}, required=("name", "categories")
)
SOURCE = mapping_of(
    {"document": text, "date": a_date, "url": text, "notes": text}, required=("document", "date")
)
EXTENDS = mapping_of({"id": CATALOG_ID, "version": VERSION}, required=("id",))

CATALOG_FIELDS = {
    "format": integer,
    "id": CATALOG_ID,
    "title": text,
    "version": VERSION,
    "effective": a_date,
    "kind": choice(KINDS, "kind"),
    "source": SOURCE,
    "extends": EXTENDS,
    "focus_areas": list_of(FOCUS_AREA),
    "criteria": list_of(CRITERION),
    "tailoring": list_of(TAILORING),
    "profiles": list_of(PROFILE, min_items=1),
    "used_by": entity_types,
}
CATALOG_REQUIRED = ("format", "id", "title", "version", "effective", "source")


def read_document(root: yaml.Node, problems: Problems) -> dict:
    """The file's content as checked plain values (problems recorded, not raised)."""
    document = NodeReader(problems).mapping(root, "", CATALOG_FIELDS, CATALOG_REQUIRED) or {}
    fmt = document.get("format")
    if fmt is not None and fmt != FORMAT_VERSION:
        problems.add(
            document["_lines"]["format"], "format", f"unsupported format {fmt} (expected 1)"
        )
    return document
