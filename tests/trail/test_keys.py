"""The keyed trail: a key file outside the database, rotation as an event, a key-less copy."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from audit_engine.domain.errors import InvalidInput
from audit_engine.services.administration import people
from audit_engine.services.anchoring.anchor import rotate_key, verify_anchored, write_checkpoint
from audit_engine.services.trail import verify_log
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import ADMIN


def _events(app) -> list:
    with app.engine.connect() as connection:
        return connection.execute(text(
            "SELECT seq, action, key_id FROM audit_event ORDER BY seq")).all()


def _verify(app):
    return verify_anchored(app.uow(), app.trail_keys, app.settings.checkpoint_path)


def test_the_first_write_creates_an_owner_only_key_and_records_it(app):
    world.cast(app)

    key_file = app.settings.trail_key_path
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    events = _events(app)
    assert events[0][1] == "trail.key"
    assert {key for _, _, key in events} == {app.trail_keys.load().current}
    report = _verify(app)
    assert report.ok and report.keyed == len(events) and not report.unchecked


def test_a_key_file_others_can_read_is_refused(app):
    world.cast(app)
    os.chmod(app.settings.trail_key_path, 0o644)
    fresh = type(app.trail_keys)(app.settings.trail_key_path)

    with pytest.raises(InvalidInput, match="readable by others .mode 644.; run `chmod 600"):
        fresh.load()
    with pytest.raises(InvalidInput, match="readable by others"):
        verify_anchored(app.uow(), fresh, app.settings.checkpoint_path)


def test_a_copy_without_the_key_verifies_structurally_and_refuses_to_write(app):
    world.cast(app)
    write_checkpoint(app.uow(), app.trail_keys, app.settings.checkpoint_path, app.clock, "test")
    app.settings.trail_key_path.rename(app.settings.trail_key_path.with_suffix(".away"))
    copy = type(app.trail_keys)(app.settings.trail_key_path)

    report = verify_anchored(app.uow(), copy, app.settings.checkpoint_path)

    assert report.ok and report.checkpoints == 1
    assert report.unchecked == (f"no trail key available (no key file at {copy.path}): "
                                "keyed hashes and checkpoint signatures were not checked",)
    uow = app.uow()
    uow.trail_keys = copy
    with pytest.raises(InvalidInput, match="no trail key file at .*restore it to write"):
        people.add_facility(uow, app.clock, actor=as_cli(ADMIN), code="CA-01", name="Toronto",
                            entity_type="us_importer", country="CA")


def test_rotation_is_an_event_and_old_events_still_verify(app):
    world.cast(app)
    first = app.trail_keys.load().current

    anchor = rotate_key(app.uow(), app.trail_keys, app.clock, actor=as_cli(ADMIN))
    people.add_facility(app.uow(), app.clock, actor=as_cli(ADMIN), code="CA-01", name="Toronto",
                        entity_type="us_importer", country="CA")

    assert anchor.key_id != first
    events = _events(app)
    assert events[-2][1:] == ("trail.key", anchor.key_id)
    assert events[-1][2] == anchor.key_id and events[0][2] == first
    assert _verify(app).ok
    assert len(app.trail_keys.load().keys) == 2


def test_only_admins_rotate_the_key(app):
    world.cast(app)
    from audit_engine.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="may not trail.rotate_key"):
        rotate_key(app.uow(), app.trail_keys, app.clock, actor=as_cli(world.OFFICER))


def test_an_event_recomputed_without_the_key_is_found(app):
    from dataclasses import replace

    from sqlmodel import Session

    from audit_engine.domain.integrity.trail import event_hash
    from audit_engine.storage.trail import event_records

    world.cast(app)
    with Session(app.engine) as session:
        rows = list(event_records(session))
    with app.engine.begin() as connection:
        prev = rows[2].prev_hash
        for row in rows[2:]:  # edit #3, then recompute the rest as plain SHA-256
            payload = '{"edited":true}' if row.seq == 3 else row.payload
            record = replace(row, payload=payload, prev_hash=prev, key_id=None)
            prev = event_hash(record)
            connection.execute(text(
                "UPDATE audit_event SET payload=:p, prev_hash=:ph, hash=:h, key_id=NULL "
                "WHERE seq=:s"), {"p": payload, "ph": record.prev_hash, "h": prev, "s": row.seq})
        connection.execute(text("UPDATE trail_head SET hash=:h, key_id=NULL"), {"h": prev})

    report = verify_log(app.uow())

    assert not report.ok
    assert "event #3 (facility.add facility:US-NJ-01) carries no key" in report.problem


def test_a_plain_sha256_trail_from_before_still_verifies_after_the_upgrade(bare_app):
    from datetime import UTC, datetime

    from audit_engine.domain.integrity.trail import GENESIS, EventRecord, event_hash
    from audit_engine.services.administration import setup
    from audit_engine.storage import schema

    app = bare_app
    schema.upgrade(app.engine, "0007_api")
    prev = GENESIS
    with app.engine.begin() as connection:
        for seq in (1, 2, 3):
            record = EventRecord(seq, datetime(2026, 1, seq, tzinfo=UTC), "old@example.com",
                                 "user.add", f"user:u{seq}", None, "{}", prev)
            prev = event_hash(record)
            connection.execute(text(
                "INSERT INTO audit_event (seq, at, actor, action, subject, audit_id, payload, "
                "prev_hash, hash) VALUES (:seq, :at, :actor, :action, :subject, NULL, "
                ":payload, :prev_hash, :hash)"), {**record.__dict__, "hash": prev})
        connection.execute(text("UPDATE trail_head SET seq=3, hash=:h"), {"h": prev})
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    assert verify_log(app.uow()).ok

    world.cast(app)

    events = _events(app)
    assert [key for _, _, key in events[:3]] == [None, None, None]
    assert events[3][1] == "trail.key"
    report = verify_log(app.uow())
    assert report.ok and report.events == len(events) and report.keyed == len(events) - 3
    assert app.trail_keys.load().keyed_after == 3
