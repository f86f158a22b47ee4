"""Write a company checklist that completes one entity profile of a base catalog.

The file `extends` the base, declares the profile `complete` with exactly the imported ids, and
raises to `must` what the member's document marks must. It is checked by the same loader as any
checklist before it replaces the target file, so nothing half-written or invalid is left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from audit_engine.checklists.loader import load_catalog_file
from audit_engine.domain.rules.catalog import ENTITY_TYPES, Catalog


def profile_document(
    base: Catalog,
    *,
    catalog_id: str,
    version: str,
    entity_type: str,
    criteria: Sequence[str],
    made_must: Sequence[str],
    source_name: str,
    today: date,
) -> str:
    """The YAML text of the company checklist."""
    name = ENTITY_TYPES[entity_type]
    document: dict = {
        "format": 1,
        "id": catalog_id,
        "title": f"{base.title} - {name} profile from the member's CBP document",
        "version": version,
        "effective": base.effective.isoformat(),
        "source": {
            "document": f"Member's copy of CBP's MSC for {name} ({source_name})",
            "date": today.isoformat(),
            "notes": f"Imported with `audit-engine checklists profile import` on {today}.",
        },
        "extends": {"id": base.id, "version": base.version},
        "profiles": [_imported_profile(entity_type, criteria, source_name)],
    }
    if made_must:
        document["tailoring"] = [{"id": cid, "level": "must"} for cid in made_must]
    header = (
        f"# {name} profile imported from {source_name}: exactly these criteria apply to\n"
        f"# {entity_type}. Re-import to change it; see docs/entity-types.md.\n"
    )
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def _imported_profile(entity_type: str, criteria: Sequence[str], source_name: str) -> dict:
    """The one profile of an imported checklist: exactly the member's criteria, from CBP."""
    return {
        "entity_type": entity_type,
        "status": "complete",
        "basis": f"Every criterion ID of the member's CBP document ({source_name})",
        "criteria": list(criteria),
        "confidence": "cbp",
    }


def write_checked(text: str, target: Path, context_files: Sequence[Path]) -> Catalog:
    """Check `text` as a checklist (bases from `context_files`), then atomically write it."""
    target = target.resolve()
    if not target.parent.is_dir():
        raise FileNotFoundError(target.parent)
    others = [p for p in context_files if p.resolve() != target]
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".yaml", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        catalog = load_catalog_file(Path(temporary), others)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return catalog


def check_text(text: str, context_files: Sequence[Path]) -> Catalog:
    """Check `text` as a checklist without keeping it (for printing to standard output)."""
    with tempfile.TemporaryDirectory(prefix="audit-engine-import-") as folder:
        return write_checked(text, Path(folder) / "profile.yaml", context_files)
