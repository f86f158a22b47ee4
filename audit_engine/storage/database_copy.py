"""A consistent copy of the database and its way back, for `backup` and `restore`.

SQLite: the online backup API (a consistent snapshot while others keep writing, WAL included)
into `database.sqlite3`. PostgreSQL: `pg_dump` of the database, or of the one schema the URL's
`search_path` names, as plain SQL into `database.sql`; restored with `psql` in one
transaction. The client programs come from the PostgreSQL client package (`pg_dump`, `psql`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from audit_engine.domain.errors import AuditEngineError, InvalidInput

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.sql"


def kind_of(url: str) -> str:
    return make_url(url).get_backend_name()


def is_empty(engine) -> bool:
    """No table of ours in the database (or the URL's schema)."""
    return not inspect(engine).get_table_names()


def dump(url: str, folder: Path) -> str:
    """Write the copy into `folder`; returns its file name."""
    if kind_of(url) == "sqlite":
        source = Path(make_url(url).database or "")
        _owner_only(folder / SQLITE_FILE)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
                sqlite3.connect(folder / SQLITE_FILE) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return SQLITE_FILE
    args, env, schema = _libpq(url)
    where = ["--schema", schema] if schema else []
    _owner_only(folder / POSTGRES_FILE)
    _run(["pg_dump", *args, "--no-owner", "--no-privileges", *where,
          "--file", str(folder / POSTGRES_FILE)], env)
    return POSTGRES_FILE


def load(url: str, folder: Path, name: str) -> None:
    """Restore the copy `name` from `folder` into the (empty) database of `url`."""
    if kind_of(url) == "sqlite":
        target = Path(make_url(url).database or "")
        target.parent.mkdir(parents=True, exist_ok=True)
        _owner_only(target)
        with sqlite3.connect(folder / name) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        return
    args, env, _ = _libpq(url)
    script = (folder / name).read_text(encoding="utf-8")
    # the schema may exist already (empty): creating it again must not fail the restore
    script = "\n".join(line.replace("CREATE SCHEMA ", "CREATE SCHEMA IF NOT EXISTS ", 1)
                       if line.startswith("CREATE SCHEMA ") else line
                       for line in script.splitlines())
    _run(["psql", *args, "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
          "--single-transaction", "--file", "-"], env, script)


def _owner_only(path: Path) -> None:
    """The copy holds everyone's data (and sealed secrets): created mode 600 before SQLite
    opens it."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _libpq(url: str) -> tuple[list[str], dict[str, str], str | None]:
    """pg_dump/psql arguments, environment (password) and the schema named by `url`."""
    parsed = make_url(url)
    args = ["--dbname", parsed.database or "postgres"]
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    options = unquote(str(parsed.query.get("options", "")))
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options \
        else None
    if schema:
        env["PGOPTIONS"] = f"-csearch_path={schema}"
    return args, env, schema


def _run(command: list[str], env: dict[str, str], stdin: str | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise InvalidInput(f"{command[0]} is not installed: install the PostgreSQL client "
                           "(Debian: postgresql-client) to back up or restore PostgreSQL")
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise AuditEngineError(f"{command[0]}: {last}")
