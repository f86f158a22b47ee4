"""The world both web benches use: an admin, and per auditor a facility and a 92-criterion
CTPAT MSC audit (U.S. importer) in fieldwork led by that auditor, who has a password.
Also a PostgreSQL schema of its own for a run (dropped after)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

from audit_engine.bootstrap import Settings, build_app

PASSWORD = "bench password 2027"


def build(home: Path, database_url: str, auditors: int) -> list[tuple[str, str]]:
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
        people.add_facility(app.uow(), app.clock, actor="admin@x.io", code=code, name=code,
                            entity_type="us_importer")
        people.add_user(app.uow(), app.clock, actor="admin@x.io", email=email, name=email,
                        roles=["auditor"], facilities=[code])
        set_password(app.uow(), app.clock, app.password_hasher, actor="bench", email=email,
                     password=PASSWORD)
        audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor="admin@x.io",
                                    facility=code, checklist="ctpat-msc", period="2027-Q1",
                                    lead=email)
        ref = audit.id
        transitions.start_fieldwork(app.uow(), app.clock, actor=email, audit=ref)
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
