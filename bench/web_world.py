"""The world the web benches use: an admin, and per auditor a facility and a 92-criterion
CTPAT MSC audit (U.S. importer) in fieldwork led by that auditor, who has a password.
Also a PostgreSQL schema or database of its own for a run (dropped after), and `audit-engine
serve` as a process with the CPU it uses."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from audit_engine.bootstrap import Settings, build_app
from audit_engine.demo.story import cli  # noqa: E402
from audit_engine.domain.rules.lifecycle import AuditId

PASSWORD = "bench password 2027"
# What a browser sends when it navigates to a page (not for a picture or an htmx request).
NAVIGATION = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Dest": "document"}
COMMAND = Path(sys.executable).parent / "audit-engine"


def build(home: Path, database_url: str, auditors: int) -> list[tuple[str, AuditId]]:
    """The world on an empty database: (auditor email, audit display id) per auditor."""
    from audit_engine.services.administration import people, setup
    from audit_engine.services.administration.account_links import set_password
    from audit_engine.services.planning import planning
    from audit_engine.services.review import transitions

    app = build_app(Settings(home=home, database_url=database_url))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email="admin@x.io", name="A",
                    roles=["admin", "compliance_officer"])
    pairs = []
    for n in range(auditors):
        email, code = f"auditor{n}@x.io", f"F{n:02d}"
        people.add_facility(app.uow(), app.clock, actor=cli("admin@x.io"), code=code, name=code,
                            entity_type="us_importer")
        people.add_user(app.uow(), app.clock, actor=cli("admin@x.io"), email=email, name=email,
                        roles=["auditor"], facilities=[code])
        set_password(app.uow(), app.clock, app.password_hasher, actor=cli("bench"), email=email,
                     password=PASSWORD)
        audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=cli("admin@x.io"),
                                    facility=code, checklist="ctpat-msc", period="2027-Q1",
                                    lead=email)
        ref = AuditId(audit.id)
        transitions.start_fieldwork(app.uow(), app.clock, actor=cli(email), audit=ref)
        pairs.append((email, ref))
    app.dispose()
    return pairs


@contextmanager
def postgres_schema(base_url: str, prefix: str):
    """A URL whose connections use a fresh schema; the schema goes afterwards."""
    from sqlalchemy import create_engine, text

    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()



@contextmanager
def postgres_database(server_url: str, prefix: str):
    """The URL of a fresh database on the PostgreSQL server of `server_url`; dropped after."""
    from sqlalchemy import create_engine, make_url, text

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

def first_group(pattern: str | re.Pattern[str], text: str) -> str:
    """The first group of `pattern`'s first match in `text` (a page's csrf token, an answer's
    version); LookupError naming the pattern when the page has none."""
    found = re.search(pattern, text)
    if found is None:
        shown = pattern if isinstance(pattern, str) else pattern.pattern
        raise LookupError(f"no match for {shown!r} in the page")
    return found.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(home: Path, database_url: str, args: list[str],
          env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """`audit-engine serve ARGS` on a free port once it answers /health: (process, base URL)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    environment.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url,
                       **(env or {}))
    process = subprocess.Popen([str(COMMAND), "serve", "--port", str(port), *args],
                               env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (the uvicorn workers)."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for process in (root, *root.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total
