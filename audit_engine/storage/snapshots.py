"""Pinning a checklist catalog for audits: one criteria_snapshot row per content hash."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from audit_engine.domain.rules.catalog import Catalog, compute_content_hash
from audit_engine.storage.models.lifecycle import CriteriaSnapshot

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def pin_snapshot(session: Session, catalog: Catalog) -> str:
    """Store the catalog's snapshot unless this content hash is stored already; return the hash.

    The snapshot (~74 KB for the MSC) is built and sent only the first time. Two planners
    pinning the same new catalog at once both succeed (ON CONFLICT DO NOTHING)."""
    content_hash = catalog.content_hash or compute_content_hash(catalog)
    known = session.execute(
        select(CriteriaSnapshot.content_hash).where(CriteriaSnapshot.content_hash == content_hash)
    ).first()
    if known is None:
        insert = _INSERTS[session.get_bind().dialect.name]
        session.execute(
            insert(CriteriaSnapshot.__table__)
            .values(
                content_hash=content_hash,
                checklist_id=catalog.id,
                checklist_version=catalog.version,
                snapshot=catalog.to_snapshot(),
            )
            .on_conflict_do_nothing(index_elements=["content_hash"])
        )
    return content_hash


def snapshots_by_hash(session: Session, hashes) -> dict[str, dict]:
    """{content hash: pinned snapshot} of `hashes`."""
    wanted = sorted({h for h in hashes if h})
    if not wanted:
        return {}
    return dict(session.exec(select(CriteriaSnapshot.content_hash, CriteriaSnapshot.snapshot)
                             .where(CriteriaSnapshot.content_hash.in_(wanted))).all())


# content hash -> {criterion id: title}, read once per process: a hash names its content, so
# the titles never change (as services/shown_checklists.py keeps pinned catalogs). Every tick
# decoded a ~100 KB snapshot for them. Shared: callers only read them.
_TITLES: dict[str, dict[str, str]] = {}


def criterion_titles(session: Session, hashes) -> dict[str, dict[str, str]]:
    """{checklist hash: {criterion id: title}} from the pinned snapshots of `hashes`."""
    wanted = {h for h in hashes if h}
    for h, snap in snapshots_by_hash(session, wanted - _TITLES.keys()).items():
        _TITLES[h] = {c["id"]: c["title"] for c in snap.get("criteria", ())}
    return {h: _TITLES[h] for h in wanted if h in _TITLES}
