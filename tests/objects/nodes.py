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


def copy_key(source, target):
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target
