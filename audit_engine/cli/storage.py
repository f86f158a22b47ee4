"""`audit-engine storage migrate --to s3`: the home's files into object storage."""

import click

from audit_engine.cli.common import pass_app
from audit_engine.domain.errors import IntegrityBroken, InvalidInput


@click.group("storage")
def group() -> None:
    """Where evidence and final reports are stored."""


@group.command("migrate")
@click.option("--to", "target", type=click.Choice(["s3"]), required=True,
              help="Copy into the bucket the s3_* settings name.")
@pass_app
def migrate(app, target) -> None:
    """Copy every evidence file, final report and checkpoint of this home into the bucket,
    reading each back to check its SHA-256. Safe to run again: what is there is kept and
    checked. Then set file_storage = "s3" on every node."""
    from audit_engine.bootstrap.file_storage import migration_pairs
    from audit_engine.services.administration.file_migration import (
        migrate_checkpoints,
        migrate_files,
    )
    from audit_engine.storage.checkpoint_file import CheckpointFile
    from audit_engine.storage.s3_checkpoints import BucketCheckpoints

    settings = app.settings
    if not settings.s3_bucket:
        raise InvalidInput("storage migrate --to s3: set s3_bucket (and s3_endpoint, the "
                           "credentials) first; file_storage may stay folder until it is done")
    done = migrate_files(migration_pairs(settings, app.bucket))
    done.append(migrate_checkpoints(CheckpointFile(settings.checkpoint_path),
                                    BucketCheckpoints(app.bucket)))
    problems = [p for d in done for p in d.problems]
    for d in done:
        click.echo(f"{d.kind}: {d.copied} copied, {d.present} already in bucket "
                   f"{settings.s3_bucket}, all read back and checked")
    for problem in problems[1:]:
        click.echo(f"also: {problem}", err=True)
    if problems:
        raise IntegrityBroken(f"storage migrate: {problems[0]}")
    if settings.file_storage != "s3":
        click.echo('done: now set file_storage = "s3" on every node')
