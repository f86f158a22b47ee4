"""Use cases that set a database up: upgrade the schema, register the checklist catalogs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import schema
from audit_engine.storage.models.catalog import ChecklistCatalog
from audit_engine.storage.queries.catalogs import registered_versions


@dataclass(frozen=True)
class InitResult:
    schema_before: str | None
    schema_after: str
    catalogs_added: tuple[str, ...]
    catalogs_known: int


def upgrade_database(engine, secret_box=None) -> tuple[str | None, str]:
    return schema.upgrade(engine, secret_box=secret_box)


@dataclass(frozen=True)
class DatabaseStatus:
    database: str | None  # the schema revision of the database (None: empty)
    code: str | None  # the newest revision this code knows
    up_to_date: bool


def database_status(engine) -> DatabaseStatus:
    head, _ = schema.known_revisions()
    current = schema.current_revision(engine)
    schema.refuse_newer(current)
    return DatabaseStatus(current, head, current == head)


def initialise(engine, uow: UnitOfWork, catalogs: Iterable[Catalog], clock: Clock) -> InitResult:
    """Create or upgrade the schema and register every catalog; running it twice changes nothing."""
    before, after = upgrade_database(engine, uow.secrets)
    catalogs = list(catalogs)
    added = register_catalogs(uow, catalogs, clock)
    return InitResult(before, after, tuple(added), len(catalogs))


def register_catalogs(uow: UnitOfWork, catalogs: Iterable[Catalog], clock: Clock) -> list[str]:
    """Record each catalog version the database has not seen yet (by content hash)."""
    added = []
    with uow:
        known = registered_versions(uow.session)
        for catalog in catalogs:
            if (catalog.id, catalog.content_hash) in known:
                continue
            uow.session.add(
                ChecklistCatalog(
                    catalog_id=catalog.id,
                    version=catalog.version,
                    content_hash=catalog.content_hash,
                    title=catalog.title,
                    snapshot=catalog.to_snapshot(),
                    registered_at=clock.now(),
                )
            )
            added.append(f"{catalog.id}@{catalog.version}")
        uow.commit()
    return added
