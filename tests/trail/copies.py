"""Copies of a whole installation (database and home) to tamper with, one per case."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, inspect, text

from audit_engine.bootstrap import Settings, build_app


def schema_of(url: str) -> str | None:
    marker = quote("-csearch_path=")
    return url.split(marker, 1)[1].split("&")[0] if marker in url else None


def copy_installation(app, target: Path):
    """A new App over a copy of `app`'s home and database (SQLite file or PostgreSQL schema)."""
    shutil.copytree(app.settings.home, target)
    url = app.settings.database_url
    if url.startswith("sqlite"):
        url = f"sqlite:///{target / Path(url.split('///', 1)[1]).name}"
    else:
        url = _copy_schema(url)
    return build_app(Settings(home=target, database_url=url))


def _copy_schema(url: str) -> str:
    source = schema_of(url)
    name = f"t_{uuid.uuid4().hex[:16]}"
    base = url.split("?", 1)[0]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            tables = inspect(connection).get_table_names(schema=source)
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
            for table in tables:
                connection.execute(text(
                    f'CREATE TABLE "{name}"."{table}" (LIKE "{source}"."{table}" INCLUDING ALL)'))
                connection.execute(text(
                    f'INSERT INTO "{name}"."{table}" SELECT * FROM "{source}"."{table}"'))
    finally:
        admin.dispose()
    return f"{base}?options={quote(f'-csearch_path={name}')}"


def drop_copy(app) -> None:
    app.dispose()
    name = schema_of(app.settings.database_url)
    if name is None:
        return
    admin = create_engine(app.settings.database_url.split("?", 1)[0], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    finally:
        admin.dispose()
