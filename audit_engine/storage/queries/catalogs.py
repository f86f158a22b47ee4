"""The checklist catalog versions a database has registered."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.catalog import ChecklistCatalog


def registered_versions(session: Session) -> set[tuple[str, str]]:
    """(catalog id, content hash) of every registered catalog version."""
    query = select(ChecklistCatalog.catalog_id, ChecklistCatalog.content_hash)
    return set(session.exec(query))
