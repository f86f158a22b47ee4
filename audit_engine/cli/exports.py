"""`--format csv|xlsx -o FILE` for list commands: the same rows as a file for a spreadsheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from audit_engine.domain.errors import InvalidInput


def export_options(f: Callable) -> Callable:
    f = click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                     default=None, help="With --format csv|xlsx: the file to write.")(f)
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx"]),
                        default="table", show_default=True,
                        help="csv or xlsx: write a file (real dates, numbers as numbers, "
                             "header frozen, filters on in XLSX).")(f)


def wants_file(fmt: str, output: Path | None) -> bool:
    if fmt == "table":
        if output is not None:
            raise InvalidInput("-o needs --format csv or --format xlsx")
        return False
    return True


def write_export(table, fmt: str, output: Path | None, stem: str) -> None:
    """Write the table as `fmt` to `output` (default ./<stem>.<fmt>), whole or not at all."""
    from audit_engine.reporting.files import write_atomically
    from audit_engine.services.reports.exports import export_file

    done = export_file(table, fmt, stem)
    path = write_atomically(output or Path(done.filename), done.data)
    click.echo(f"{path}: {done.rows} row(s)")
