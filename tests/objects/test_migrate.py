"""`audit-engine storage migrate --to s3`: a home's files into the bucket, each checked; run
again, nothing is sent twice; then the home works from the bucket and verifies deep."""

from __future__ import annotations

import pytest

from audit_engine.bootstrap import Settings, build_app
from tests.archive.test_archive import close

pytestmark = pytest.mark.slow


def test_a_home_moves_to_object_storage_and_verifies_from_there(
        home, database_url, cli, seaweed, bucket_name, tmp_path):
    app = build_app(Settings(home=home, database_url=database_url))
    from audit_engine.services.administration import setup

    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    close(app, tmp_path)
    app.dispose()
    env = {k: v for k, v in seaweed.env(bucket_name).items() if k != "AUDIT_ENGINE_FILE_STORAGE"}

    first = cli("storage", "migrate", "--to", "s3", env=env)
    assert first.returncode == 0, first.stderr
    assert "evidence: 1 copied, 0 already in bucket" in first.stdout
    assert "final reports: 1 copied" in first.stdout
    assert 'now set file_storage = "s3"' in first.stdout
    again = cli("storage", "migrate", "--to", "s3", env=env)
    assert "evidence: 0 copied, 1 already in bucket" in again.stdout, again.stderr
    assert "checkpoints: 0 copied" in again.stdout

    for local in (home / "evidence").rglob("*"):
        if local.is_file():
            local.unlink()  # the home's copies are gone: only the bucket's count now
    verified = cli("log", "verify", "--deep", env=seaweed.env(bucket_name))
    assert verified.returncode == 0, verified.stderr
    assert "records and files agree with the trail" in verified.stdout


def test_a_damaged_local_file_is_named_and_not_copied(home, database_url, cli, seaweed,
                                                      bucket_name):
    from audit_engine.storage.folder_store import FolderStore

    store = FolderStore(home / "evidence", 1 << 20)
    blob = store.put_bytes(b"seal log\n")
    store.path_for(blob.sha256).write_bytes(b"seal log, edited\n")
    env = {k: v for k, v in seaweed.env(bucket_name).items() if k != "AUDIT_ENGINE_FILE_STORAGE"}
    done = cli("storage", "migrate", "--to", "s3", env=env)
    assert done.returncode == 6
    assert done.stderr.strip().splitlines()[-1] == (
        f"error: storage migrate: evidence {store.path_for(blob.sha256)}: does not match its "
        "SHA-256; not copied")
    assert seaweed.keys(bucket_name, "evidence/") == []
