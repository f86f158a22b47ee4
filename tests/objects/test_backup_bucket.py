"""Backup and restore with object storage, through the installed command: `backup` lists the
bucket's files the database names with their SHA-256 (and copies them with --with-files);
after the database, the home and the bucket are gone, `restore` puts the files into an empty
bucket, writes its checkpoint to the bucket's checkpoints too, and `log verify --deep` is
clean."""

from __future__ import annotations

import json

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.administration import setup
from audit_engine.services.anchoring.anchor import ensure_key
from tests.archive.test_archive import close
from tests.trail.test_backup import wipe

pytestmark = pytest.mark.slow


def test_backup_with_files_then_wipe_restore_into_an_empty_bucket_and_verify(
        s3_settings, home, seaweed, bucket_name, tmp_path, cli):
    app = build_app(s3_settings)
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    ensure_key(app.uow(), app.trail_keys, app.checkpoints(), app.clock)
    close(app, tmp_path)  # evidence, a final report and a checkpoint, all in the bucket
    stored = seaweed.keys(bucket_name, "evidence/") + seaweed.keys(bucket_name, "reports/")
    env = seaweed.env(bucket_name)

    listed = cli("backup", "-o", str(tmp_path / "listed"), env=env)
    assert listed.returncode == 0, listed.stderr
    assert f"2 files of bucket {bucket_name} listed" in listed.stdout
    manifest = json.loads((tmp_path / "listed" / "backup.json").read_text())
    assert sorted(manifest["bucket"]["objects"]) == stored
    assert not (tmp_path / "listed" / "bucket").exists()
    made = cli("backup", "-o", str(tmp_path / "backup"), "--with-files", env=env)
    assert made.returncode == 0, made.stderr
    copied = json.loads((tmp_path / "backup" / "backup.json").read_text())["files"]
    assert {f"bucket/{key}" for key in stored} <= set(copied)
    assert any(name.startswith("bucket/checkpoints/") for name in copied)

    wipe(app, home, keep={"trail.key"})
    empty = seaweed.new_bucket(f"{bucket_name}-new")  # the old bucket lost with the rest
    env = seaweed.env(empty)
    done = cli("restore", str(tmp_path / "backup"), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"s3://{empty}/checkpoints/" in done.stdout
    assert seaweed.keys(empty, "evidence/") + seaweed.keys(empty, "reports/") == stored
    restore_lines = [seaweed.client().get_object(Bucket=empty, Key=key)["Body"].read()
                     for key in seaweed.keys(empty, "checkpoints/")]
    assert any(b"restored from backup at event" in line for line in restore_lines)
    verified = cli("log", "verify", "--deep", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "records and files agree with the trail" in verified.stdout


def test_a_listed_backup_restored_into_an_empty_bucket_names_the_missing_files(
        s3_settings, home, seaweed, bucket_name, tmp_path, cli):
    app = build_app(s3_settings)
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    ensure_key(app.uow(), app.trail_keys, app.checkpoints(), app.clock)
    close(app, tmp_path)
    made = cli("backup", "-o", str(tmp_path / "backup"), env=seaweed.env(bucket_name))
    assert made.returncode == 0, made.stderr

    wipe(app, home, keep={"trail.key"})
    done = cli("restore", str(tmp_path / "backup"),
               env=seaweed.env(seaweed.new_bucket(f"{bucket_name}-new")))
    assert done.returncode == 6, done.stdout + done.stderr
    assert "is missing" in done.stderr  # the files stayed in the lost bucket
