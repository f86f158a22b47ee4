"""Two `serve` nodes with separate homes on one PostgreSQL database, as bench_two_nodes.py
starts them, and the count of connections opened to that database."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from bench.web_world import build, serve

WORKERS = os.environ.get("BENCH_TWO_NODES_WORKERS", "1")


def two_homes(folder: Path, database_url: str, users: int):
    """Node A's home with the world and the trail key; node B's home with a copy of the key;
    the same workbook and secrets keys for both. -> ([(home, its node's environment)] for A
    and B, the (email, audit) pairs)"""
    from audit_engine.bootstrap import build_app, load_settings
    from audit_engine.services.anchoring.anchor import ensure_key

    home_a, home_b = folder / "node-a", folder / "node-b"
    home_a.mkdir(mode=0o700)
    home_b.mkdir(mode=0o700)
    pairs = build(home_a, database_url, users)
    app = build_app(load_settings({"AUDIT_ENGINE_HOME": str(home_a),
                                   "AUDIT_ENGINE_DATABASE_URL": database_url}))
    ensure_key(app.uow(), app.trail_keys, app.checkpoints(), app.clock)  # as `init` does
    key = home_b / "shared-trail.key"
    shutil.copyfile(app.settings.trail_key_path, key)
    os.chmod(key, 0o600)
    app.dispose()
    shared = {"AUDIT_ENGINE_WORKBOOK_KEY": secrets.token_hex(32),
              "AUDIT_ENGINE_SECRETS_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}
    return [(home_a, shared), (home_b, {**shared, "AUDIT_ENGINE_TRAIL_KEY_FILE": str(key)})], pairs


def start_nodes(stack: ExitStack, database_url: str, homes: list[tuple[Path, dict]]):
    """A `serve` node per (home, environment), started together, each stopped when `stack`
    closes: [(process, base URL)]."""
    with ThreadPoolExecutor(len(homes)) as pool:
        starting = [pool.submit(serve, home, database_url, ["--workers", WORKERS], env)
                    for home, env in homes]
    for future in starting:
        if future.exception() is None:
            stack.callback(stop_node, future.result()[0])
    for future in starting:
        future.result()  # a node that did not start: its SystemExit, the others stopped
    return [future.result() for future in starting]


def stop_node(process) -> None:
    process.terminate()
    process.wait(30)


class ConnectionCount:
    """Sessions ever opened to the database of `database_url` (PostgreSQL 14+), each call
    counting the one it opens itself."""

    def __init__(self, database_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self.engine = create_engine(database_url, poolclass=NullPool)

    def __call__(self) -> int:
        from sqlalchemy import text

        with self.engine.connect() as connection:
            return connection.execute(text(
                "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
            )).scalar_one()

    def dispose(self) -> None:
        self.engine.dispose()
