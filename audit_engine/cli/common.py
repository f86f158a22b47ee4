"""What every command shares: the App, `--as`, `--json`, and output."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from audit_engine.bootstrap import App, build_app, load_settings
from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import parse_whole
from audit_engine.domain.formats.paths import check_readable
from audit_engine.services.plain_data import plain


def get_app(ctx: click.Context) -> App:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = build_app(load_settings())
        root.call_on_close(root.obj.dispose)
    return root.obj


def pass_app(f: Callable) -> Callable:
    """Give the command the App as its first argument."""

    @functools.wraps(f)
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        return f(get_app(ctx), *args, **kwargs)

    return wrapper


def actor_option(f: Callable) -> Callable:
    return click.option(
        "--as", "actor", metavar="EMAIL", default=None,
        help="Acting user's email (default: AUDIT_ENGINE_USER).",
    )(f)


def json_option(f: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(f)


def optional_actor(app: App, actor: str | None) -> Actor | None:
    """The acting user (`--as`, else AUDIT_ENGINE_USER) as the CLI's Actor; None if neither."""
    email = actor or app.settings.user
    return Actor(email, "cli") if email else None


def emit(data: Any, as_json: bool, columns: Sequence[str] | None = None) -> None:
    """Print rows (a list of mappings or read models) or one of them, as JSON or as a plain
    table."""
    data = plain(data)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=_json_default, ensure_ascii=False))
    elif isinstance(data, Mapping):
        width = max((len(k) for k in data), default=0)
        for key, value in data.items():
            click.echo(f"{key:<{width}}  {_cell(value)}")
    else:
        click.echo(format_table(list(data), columns))


def format_table(rows: list[Mapping[str, Any]], columns: Sequence[str] | None) -> str:
    if not rows:
        return "(none)"
    columns = list(columns or rows[0].keys())
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    text = str(value)
    # One row per line, whatever a note holds.
    return text.replace("\n", " ").replace("\r", " ")


def _json_default(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):  # a read model inside a mapping
        return asdict(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class Whole(click.ParamType):
    """A whole number in ASCII digits within low..high (click's int also takes full-width
    digits and numbers of any size)."""

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        try:
            return parse_whole(value, "value", self.low, self.high)
        except InvalidInput as error:
            self.fail(str(error).removeprefix("value "), param, ctx)


class InputPath(click.ParamType):
    """A path we will read: a regular file (or a folder, when `folder_ok`); FIFOs, devices and
    sockets are refused before anything opens them (a FIFO would block forever)."""

    name = "path"

    def __init__(self, folder_ok: bool = False) -> None:
        self.folder_ok = folder_ok

    def convert(self, value, param, ctx):
        what = param.human_readable_name if param is not None else "file"
        if not os.path.lexists(value):
            return Path(value)  # the command says what is missing, in its own words
        try:
            return check_readable(value, what, folder_ok=self.folder_ok)
        except InvalidInput as error:
            self.fail(str(error).removeprefix(f"{what} "), param, ctx)
