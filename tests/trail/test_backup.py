"""Issue 28 item 14 and issue 25 item 6: backup, wipe, restore, verify on SQLite and
PostgreSQL, through the installed command. An honest restore of an older backup, with the
checkpoint file kept apart holding checkpoints written after the backup, verifies clean
(the restore is a signed checkpoint); a cut after the restore is still found."""

from __future__ import annotations

import shutil
import stat

from sqlalchemy import create_engine, text

from audit_engine.services.administration import people
from tests.acting import as_cli
from tests.lifecycle.world import ADMIN
from tests.trail.copies import schema_of
from tests.trail.tampering import truncate_and_fix_head
from tests.trail.test_tamper import closed_installation


def wipe(app, home, keep: set[str]) -> None:
    """Drop the database (or the test's schema) and everything in the home but `keep`."""
    app.engine.dispose()
    url = app.settings.database_url
    name = schema_of(url)
    if name:
        admin = create_engine(url.split("?", 1)[0], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        admin.dispose()
    for path in home.iterdir():
        if path.name not in keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def test_backup_wipe_restore_verify(app, cli, home, tmp_path):
    closed_installation(app, tmp_path)
    assert cli("log", "checkpoint").returncode == 0
    made = cli("backup", "-o", str(tmp_path / "backup"))
    assert made.returncode == 0, made.stderr
    assert "keys are NOT in the backup" in made.stdout
    held = {p.name for p in (tmp_path / "backup").rglob("*")}
    assert not held & {"trail.key", "workbook.key", "secrets.key"} and "backup.json" in held
    assert "secrets.key" in made.stdout
    assert stat.S_IMODE((tmp_path / "backup").stat().st_mode) == 0o700
    [database] = (tmp_path / "backup").glob("database.*")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    people.add_facility(app.uow(), app.clock, actor=as_cli(ADMIN), code="CA-01", name="Toronto",
                        entity_type="us_importer", country="CA")  # after the backup
    assert cli("log", "checkpoint").returncode == 0

    wipe(app, home, keep={"trail.key", "trail-checkpoints.jsonl"})  # the anchor kept apart
    assert cli("log", "verify").returncode != 0  # nothing left: no trail at all
    done = cli("restore", str(tmp_path / "backup"))

    assert done.returncode == 0, done.stderr
    assert "restored from backup at event" in done.stdout
    verified = cli("log", "verify", "--deep")
    assert verified.returncode == 0, verified.stderr
    assert "1 earlier checkpoints up to event" in verified.stdout
    assert "records and files agree with the trail" in verified.stdout
    assert cli("facility", "list", "--as", ADMIN).stdout.count("CA-01") == 0

    people.add_facility(app.uow(), app.clock, actor=as_cli(ADMIN), code="CA-02", name="Ottawa",
                        entity_type="us_importer", country="CA")
    people.add_facility(app.uow(), app.clock, actor=as_cli(ADMIN), code="CA-03", name="Quebec",
                        entity_type="us_importer", country="CA")
    assert cli("log", "checkpoint").returncode == 0
    truncate_and_fix_head(app, None)  # a cut after the restore is still a cut
    assert cli("log", "verify").returncode == 6


def test_restore_refuses_a_changed_backup_and_a_full_database(app, cli, home, tmp_path):
    closed_installation(app, tmp_path)
    assert cli("backup", "-o", str(tmp_path / "backup")).returncode == 0

    into_full = cli("restore", str(tmp_path / "backup"))
    assert into_full.returncode == 2 and "empty database" in into_full.stderr

    evidence = next(p for p in (tmp_path / "backup" / "evidence").rglob("*") if p.is_file())
    evidence.write_bytes(b"something else")
    wipe(app, home, keep={"trail.key"})
    changed = cli("restore", str(tmp_path / "backup"))
    assert changed.returncode == 6 and "was changed" in changed.stderr
    assert cli("log", "verify").returncode != 0  # nothing was restored
