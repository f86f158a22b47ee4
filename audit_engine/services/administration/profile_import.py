"""`checklists profile import`: complete an entity profile from the member's own CBP document.

Reads `id, level` rows (CSV or XLSX), checks every row against the base catalog, and writes a
company checklist that extends it, complete for that entity type. Nothing is written unless every
row is good and the result loads like any other checklist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from audit_engine.checklists import check_text, profile_document, write_checked
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.domain.rules.profile_rows import check_profile_rows
from audit_engine.services.administration.checklists import find_catalog
from audit_engine.spreadsheets.rows import read_id_level_rows

CATALOG_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@dataclass(frozen=True)
class ImportedProfileView:
    catalog: str  # id@version of the written checklist
    extends: str  # id@version of the base
    entity_type: str
    criteria: int
    added: tuple[str, ...]  # ids the base profile did not list for the entity type
    removed: tuple[str, ...]  # ids the base profile listed and the document does not
    made_must: tuple[str, ...]
    path: str | None  # where it was written; None when printed
    text: str


def import_profile(
    catalogs: Sequence[Catalog],
    sheet: Path,
    *,
    entity_type: str,
    catalog_id: str,
    base_ref: str,
    output: Path | None,
    context_files: Sequence[Path],
    today: date,
) -> ImportedProfileView:
    if not CATALOG_ID.fullmatch(catalog_id):
        raise InvalidInput.said(
            "--id %(catalog_id)r is not a checklist id (lowercase letters, digits, . _ -; "
            "at most 64)", catalog_id=catalog_id
        )
    base = find_catalog(catalogs, base_ref)
    _refuse_taken_id(catalogs, catalog_id, base)
    rows = read_id_level_rows(sheet)
    imported = check_profile_rows(rows, base, entity_type, str(sheet))
    text = profile_document(
        base,
        catalog_id=catalog_id,
        version=today.strftime("%Y.%m.%d"),
        entity_type=entity_type,
        criteria=imported.criteria,
        made_must=imported.made_must,
        source_name=sheet.name,
        today=today,
    )
    if output is not None and output.is_dir():
        raise InvalidInput(
            f"-o {output} is a folder; name the file to write, e.g. {output}/{catalog_id}.yaml"
        )
    written = (
        write_checked(text, output, context_files) if output else check_text(text, context_files)
    )
    return _imported_view(base, entity_type, imported, written, output, text)


def _imported_view(base: Catalog, entity_type: str, imported, written, output: Path | None,
                   text: str) -> ImportedProfileView:
    """What the import made, against the base catalog's profile for the entity type."""
    before = {c.id for c in base.for_entity(entity_type)}
    return ImportedProfileView(
        catalog=f"{written.id}@{written.version}",
        extends=f"{base.id}@{base.version}",
        entity_type=entity_type,
        criteria=len(imported.criteria),
        added=tuple(cid for cid in imported.criteria if cid not in before),
        removed=tuple(c.id for c in base.for_entity(entity_type) if c.id not in imported.criteria),
        made_must=imported.made_must,
        path=str(output) if output else None,
        text=text,
    )


def _refuse_taken_id(catalogs: Sequence[Catalog], catalog_id: str, base: Catalog) -> None:
    """An import may replace an earlier import of the same id, never another checklist."""
    for catalog in catalogs:
        extends = (catalog.extra.get("extends") or {}).get("id")
        if catalog.id == catalog_id and (catalog_id == base.id or extends != base.id):
            raise Conflict.said(
                "checklist id %(catalog_id)r is taken by %(taken)s; choose another --id",
                catalog_id=catalog_id, taken=f"{catalog.id}@{catalog.version}"
            )

