"""Secrets at rest: a new home and its SQLite files are owner-only, and the TOTP seeds and
webhook secrets the database holds are sealed under a key outside it (an Alembic migration
seals the ones an older version stored in clear)."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from audit_engine.bootstrap import Settings, build_app
from audit_engine.domain.errors import InvalidInput
from audit_engine.services.administration import setup
from audit_engine.services.administration.second_factor import second_factor_state
from audit_engine.services.integrations.webhooks import add_webhook
from audit_engine.storage import schema
from tests.acting import as_cli
from tests.lifecycle import world

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
HOOK = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_home_its_database_files_and_keys_are_owner_only(tmp_path):
    home = tmp_path / "fresh" / "home"
    app = build_app(Settings(home=home))
    try:
        setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
        world.cast(app)
        second_factor_state(app.uow(), actor=as_cli(world.LEAD))  # a seed sealed: the key is made
        files = sorted(p.name for p in home.iterdir() if p.is_file())
        assert {"audit-engine.sqlite3", "audit-engine.sqlite3-wal",
                "audit-engine.sqlite3-shm", "secrets.key"} <= set(files), files
        assert _mode(home) == 0o700
        assert {name: _mode(home / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        app.dispose()


def test_an_older_database_readable_by_others_is_narrowed(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    database = home / "audit-engine.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    app = build_app(Settings(home=home))
    try:
        setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
        assert _mode(database) == 0o600
    finally:
        app.dispose()


def _raw(app, query: str) -> list:
    with app.engine.connect() as connection:
        return connection.execute(text(query)).scalars().all()


def test_totp_seeds_and_webhook_secrets_are_sealed_in_the_database(app):
    world.cast(app)
    seed = second_factor_state(app.uow(), actor=as_cli(world.LEAD)).secret
    made = add_webhook(app.uow(), app.clock, actor=as_cli(world.ADMIN), url="https://hooks.example/x",
                       events=["audit.closed"])
    stored = _raw(app, "SELECT totp_secret FROM user_credential WHERE totp_secret IS NOT NULL")
    hooks = _raw(app, "SELECT secret FROM webhook_endpoint")
    assert len(stored) == 1 and stored[0].startswith("v1:") and seed not in stored[0]
    assert len(hooks) == 1 and hooks[0].startswith("v1:") and made.secret not in hooks[0]
    assert second_factor_state(app.uow(), actor=as_cli(world.LEAD)).secret == seed  # opens again
    # the database alone (another key) opens nothing: one line, no traceback
    stranger = build_app(replace(app.settings, secrets_key_file=app.settings.home / "other.key",
                                 home=app.settings.home))
    try:
        (app.settings.home / "other.key").write_text("A" * 43 + "=\n")
        (app.settings.home / "other.key").chmod(0o600)
        with pytest.raises(InvalidInput, match="does not open with the secrets key"):
            second_factor_state(stranger.uow(), actor=as_cli(world.LEAD))
    finally:
        stranger.dispose()


def test_the_migration_seals_secrets_an_older_version_kept_in_clear(bare_app):
    engine = bare_app.engine
    schema.upgrade(engine, "0010_api_request_count")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO app_user (email, name, active, created_at) "
                                "VALUES ('old@example.com', 'Old', :a, :c)"), {"a": True, "c": now})
        user = connection.execute(text("SELECT id FROM app_user")).scalar()
        connection.execute(text("INSERT INTO user_credential (user_id, totp_secret, "
                                "totp_last_step) VALUES (:u, :s, 0)"), {"u": user, "s": SEED})
        connection.execute(text(
            "INSERT INTO webhook_endpoint (url, events, description, secret, previous_secret, "
            "active, created_by, created_at) VALUES ('https://h.example', :e, '', :s, :p, :a, "
            "'admin@example.com', :c)"),
            {"e": json.dumps(["audit.closed"]), "s": HOOK, "p": HOOK + "x", "a": True, "c": now})
    with pytest.raises(RuntimeError, match="no secrets key"):
        schema.upgrade(engine)  # nothing half-done: the transaction rolls back
    assert schema.current_revision(engine) == "0010_api_request_count"
    schema.upgrade(engine, secret_box=bare_app.secret_box)
    box = bare_app.secret_box
    (seed,) = _raw(bare_app, "SELECT totp_secret FROM user_credential")
    (secret,) = _raw(bare_app, "SELECT secret FROM webhook_endpoint")
    (previous,) = _raw(bare_app, "SELECT previous_secret FROM webhook_endpoint")
    assert SEED not in seed and HOOK not in secret
    assert box.open("totp seed", seed) == SEED
    assert box.open("webhook secret", secret) == HOOK
    assert box.open("webhook secret", previous) == HOOK + "x"
    with pytest.raises(InvalidInput):
        box.open("totp seed", secret)  # sealed for another purpose: does not open
