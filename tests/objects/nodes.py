"""Nodes as other machines build them: their own home, the shared database and bucket, the
keys given as file paths (copies of the first node's)."""

from __future__ import annotations

import os
import shutil

from audit_engine.bootstrap import build_app, load_settings


def node(tmp_path, name: str, database_url: str, seaweed, bucket: str, key_from=None):
    """An App as another machine builds it, the trail key copied from `key_from`."""
    home = tmp_path / name
    home.mkdir(mode=0o700)
    env = {"AUDIT_ENGINE_HOME": str(home), "AUDIT_ENGINE_DATABASE_URL": database_url,
           **seaweed.env(bucket)}
    if key_from is not None:
        env["AUDIT_ENGINE_TRAIL_KEY_FILE"] = str(copy_key(key_from, home / "shared-trail.key"))
    return build_app(load_settings(env))


def first_node(tmp_path, database_url: str, seaweed, bucket: str):
    """Node A, "node-a" under `tmp_path`: the database initialised and the trail key made, as
    `init` does."""
    from audit_engine.services.administration import setup
    from audit_engine.services.anchoring.anchor import ensure_key

    app = node(tmp_path, "node-a", database_url, seaweed, bucket)
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    ensure_key(app.uow(), app.trail_keys, app.checkpoints(), app.clock)
    return app


def copy_key(source, target):
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target
