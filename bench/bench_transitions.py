"""Lifecycle throughput against raw-SQL floors, on a SQLite file. Prints ratios (aim: <= 3x).

1. Persisted transitions/s: each fires through the workflow and appends its trail event in its
   own transaction, vs a raw UPDATE + INSERT per transaction.
2. Planning a quarter for 500 importer facilities (one answer row per criterion) in one
   transaction, vs raw executemany of the same audit and answer rows.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.services import audit_flow, audits, people, setup  # noqa: E402

N_TRANSITIONS = 400
N_FACILITIES = 500


def build(home: Path):
    app = build_app(Settings(home=home))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email="a@x.io", name="A", roles=["admin"])
    for email, role in [("co@x.io", "compliance_officer"), ("lead@x.io", "auditor")]:
        people.add_user(app.uow(), app.clock, actor="a@x.io", email=email, name=email, roles=[role])
    return app


def transitions(app) -> float:
    """start then cancel (with a reason) on N_TRANSITIONS/2 audits: N_TRANSITIONS events."""
    requests = []
    for i in range(N_TRANSITIONS // 2):
        code = f"T{i}"
        people.add_facility(
            app.uow(), app.clock, actor="a@x.io", code=code, name=code, entity_type="us_importer"
        )
        requests.append(audits.PlanRequest(code, "ctpat-msc", "2027-Q1", "lead@x.io"))
    planned = audits.plan_audits(
        app.uow(), app.clock, app.catalogs(), actor="co@x.io", requests=requests
    )
    started = time.perf_counter()
    for row in planned:
        audit_flow.start_fieldwork(app.uow(), app.clock, actor="lead@x.io", audit=row.id)
        audit_flow.cancel_audit(app.uow(), app.clock, actor="co@x.io", audit=row.id, reason="b")
    return N_TRANSITIONS / (time.perf_counter() - started)


def raw_transitions(path: Path) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, status TEXT, version INT)")
    db.execute(
        "CREATE TABLE e (seq INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT,"
        " payload TEXT, prev_hash TEXT, hash TEXT)"
    )
    db.executemany("INSERT INTO a VALUES (?, 'planned', 1)", [(i,) for i in range(N_TRANSITIONS)])
    started = time.perf_counter()
    for i in range(N_TRANSITIONS):
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "UPDATE a SET status='fieldwork', version=version+1 WHERE id=? AND version=1", (i,)
        )
        db.execute(
            "INSERT INTO e (at, actor, action, payload, prev_hash, hash) VALUES "
            "(?, 'x', 'audit.start', '{}', ?, ?)",
            (datetime.now(UTC).isoformat(), "0" * 64, "1" * 64),
        )
        db.execute("COMMIT")
    return N_TRANSITIONS / (time.perf_counter() - started)


def plan_quarter(app) -> float:
    requests = []
    for i in range(N_FACILITIES):
        code = f"Q{i}"
        requests.append(audits.PlanRequest(code, "ctpat-msc", "2027-Q2", "lead@x.io"))
    with app.uow() as uow:  # facilities set up outside the timing, in one go
        from audit_engine.storage.models.people import Facility

        for r in requests:
            uow.session.add(
                Facility(
                    code=r.facility,
                    name=r.facility,
                    entity_type="us_importer",
                    created_at=app.clock.now(),
                )
            )
        uow.commit()
    catalogs = app.catalogs()
    started = time.perf_counter()
    audits.plan_audits(app.uow(), app.clock, catalogs, actor="co@x.io", requests=requests)
    return time.perf_counter() - started


def raw_plan(path: Path, snapshot: dict, criteria: list) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE au (id INTEGER PRIMARY KEY, f INT, snap TEXT)")
    db.execute("CREATE TABLE an (id INTEGER PRIMARY KEY, au INT, c TEXT, cat TEXT, lvl TEXT)")
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    text = json.dumps(snapshot)
    db.executemany(
        "INSERT INTO au (id, f, snap) VALUES (?, ?, ?)",
        [(i, i, text) for i in range(1, N_FACILITIES + 1)],
    )
    db.executemany(
        "INSERT INTO an (au, c, cat, lvl) VALUES (?, ?, ?, ?)",
        [(i, c.id, c.category, "must") for i in range(1, N_FACILITIES + 1) for c in criteria],
    )
    db.execute("COMMIT")
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        app = build(tmp / "home")
        ours = transitions(app)
        floor = raw_transitions(tmp / "raw.sqlite3")
        print(
            f"transitions/s: ours {ours:.0f}, raw floor {floor:.0f}, "
            f"ratio {floor / ours:.2f}x (aim <= 3x)"
        )
        catalog = next(c for c in app.catalogs() if c.id == "ctpat-msc")
        criteria = catalog.for_entity("us_importer")
        ours_plan = plan_quarter(app)
        floor_plan = raw_plan(tmp / "raw2.sqlite3", catalog.to_snapshot(), criteria)
        print(
            f"plan a quarter, {N_FACILITIES} facilities x {len(criteria)} criteria: "
            f"ours {ours_plan:.2f}s, raw executemany {floor_plan:.2f}s, "
            f"ratio {ours_plan / floor_plan:.2f}x (aim <= 3x)"
        )
        app.dispose()


if __name__ == "__main__":
    main()
