"""docs/checklist-format.md stays true to the schema: every field and command is documented."""

from __future__ import annotations

import re

from audit_engine.checklists import schema, translations
from audit_engine.domain.rules.catalog import ENTITY_TYPES

from .conftest import HERE

DOC = (HERE.parents[1] / "docs" / "checklist-format.md").read_text()


def test_every_field_is_documented():
    nested = ("source", "extends")
    fields = set(schema.CATALOG_FIELDS) | {"date", "document", "url", "notes", "intro", "name"}
    fields |= {"add_questions", "add_evidence", "add_guidance", "related", "wording", "levels"}
    fields |= set(schema.CRITERION_FIELDS) | set(schema.DISPUTE_FIELDS) | set(schema.PROFILE_FIELDS)
    fields |= {"says"} | set(translations.FILE_FIELDS) | set(translations.ITEM_FIELDS)
    for field in sorted(fields):
        assert re.search(rf"`(?:[\w\[\]]+\.)?{field}`", DOC), field
    assert all(f"`{key}`" in DOC for key in nested)


def test_every_entity_type_and_command_is_documented():
    for key in ENTITY_TYPES:
        assert f"`{key}`" in DOC, key
    for key in ("cbp", "secondary", "assumed", "complete", "partial", "--allow-partial-profile",
                "--lang"):
        assert f"`{key}`" in DOC, key
    commands = ("checklists list", "checklists show", "checklists validate", "checklists diff")
    for command in (*commands, "checklists profile import"):
        assert command in DOC, command
