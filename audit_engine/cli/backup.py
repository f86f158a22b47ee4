"""`audit-engine backup -o DIR` and `audit-engine restore DIR`."""

from pathlib import Path

import click

from audit_engine.cli.common import pass_app
from audit_engine.domain.errors import IntegrityBroken, KeysNotChecked


def _places(app):
    from audit_engine.services.anchoring.backup import Places
    from audit_engine.services.anchoring.bucket_backup import BucketFiles

    settings = app.settings
    log, bucket = None, None
    if settings.file_storage == "s3":
        log = app.checkpoints()
        bucket = BucketFiles(settings.s3_bucket, app.evidence_store(), app.report_store(),
                             log.bucket)
    return Places(settings.effective_database_url, settings.evidence_dir, settings.report_dir,
                  settings.checkpoint_path, (settings.trail_key_path,
                                             settings.workbook_key_path,
                                             settings.secrets_key_path), log, bucket)


@click.command("backup")
@click.option("-o", "--output", "folder", required=True, type=click.Path(path_type=Path),
              help="A new (or empty) folder for the backup.")
@click.option("--with-files", is_flag=True,
              help="With object storage: copy the bucket's files into the backup too.")
@pass_app
def backup(app, folder: Path, with_files: bool) -> None:
    """Copy the database, the stored files and the checkpoint file into FOLDER (never the
    keys): restore it with `audit-engine restore`."""
    from audit_engine.services.anchoring.backup import make_backup

    app.require_schema()
    places = _places(app)
    made = make_backup(app.uow(), places, folder, app.clock.now(), with_files)
    click.echo(f"backup: {made.folder} ({made.database} and {made.files - 1} files, trail at "
               f"event #{made.head_seq} or later; SHA-256 of each in backup.json)")
    if places.bucket is not None and with_files:
        click.echo(f"{made.bucket_objects} files of bucket {places.bucket.name} copied into "
                   "the backup (bucket/), with the bucket's checkpoints")
    elif places.bucket is not None:
        click.echo(f"{made.bucket_objects} files of bucket {places.bucket.name} listed with "
                   "their SHA-256 in backup.json, not copied: keep versioning on for that "
                   "bucket, or back up with --with-files (docs/backup.md)")
    keys = " and ".join(str(p) for p in places.key_paths)
    click.echo(f"keys are NOT in the backup: keep {keys} (or AUDIT_ENGINE_TRAIL_KEY, "
               "AUDIT_ENGINE_WORKBOOK_KEY, AUDIT_ENGINE_SECRETS_KEY) apart from it; a restore "
               "needs the trail key (and "
               "the secrets key for second factors and webhook secrets), and nobody who holds "
               "only the backup can re-sign the trail")


@click.command("restore")
@click.argument("folder", type=click.Path(path_type=Path))
@pass_app
def restore(app, folder: Path) -> None:
    """Restore a backup into an empty database and home (the trail key in place), record the
    restore as a signed checkpoint, then run `log verify --deep`."""
    from audit_engine.domain.formats.paths import check_readable
    from audit_engine.services.anchoring.restore import restore_backup

    check_readable(folder, "backup folder", folder_ok=True)
    parts = (app.engine, app.uow, app.trail_keys, app.evidence_store(), app.report_store())
    done = restore_backup(parts, _places(app), folder, app.clock)
    click.echo(f"restored: the database and {done.files} files; the trail ends at event "
               f"#{done.head_seq}; checkpoint \"restored from backup at event #{done.head_seq}\" "
               f"appended to {app.checkpoints().where}")
    for problem in done.problems[1:]:
        click.echo(f"also: {problem}", err=True)
    if done.problems:
        raise IntegrityBroken(f"restored, but the audit trail does not verify: "
                              f"{done.problems[0]}")
    if done.unchecked:
        raise KeysNotChecked(f"restored; trail keys not checked: {done.unchecked[0]}")
    click.echo("log verify --deep: audit trail intact; records and files agree with the trail")
