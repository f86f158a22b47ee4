"""A Jinja loader that stays inside its folders, and an environment that bounds its output.

Jinja's FileSystemLoader opens whatever a name leads to, symlinks included: a template folder
holding `passwd.html -> /etc/passwd` put that file into a report. Here every template's real
path (symlinks resolved) must lie inside one of the search-path folders and be a regular file
(a FIFO would block the render); anything else is refused with the template named. The checked
path is then read by descriptor without following any symlink (safe_open.py), so flipping a
component into a symlink after the check reads nothing outside.

The sandbox already refuses unsafe attribute access and ranges over 100,000 items; on top,
`str * n` and `list * n` may not build more than MAX_OUTPUT_CHARS, and the rendered output is
counted as it streams, so a template cannot grow a value past the cap. Time and memory are
bounded by the worker process the templates render in (worker.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import file_kind
from audit_engine.reporting.safe_open import NotReadable, read_below, root_holding

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024  # one template file
MAX_OUTPUT_CHARS = 100_000_000  # one rendered document (the 500-facility portfolio is ~3 MB)


class FolderLoader(BaseLoader):
    """Templates from `dirs` in order, each resolved and kept inside the search path."""

    def __init__(self, dirs) -> None:
        self.dirs = tuple(Path(d).resolve() for d in dirs)

    def get_source(self, environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses `..`
        for folder in self.dirs:
            candidate = folder.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            real = self.checked(template, candidate)
            try:  # by descriptor, exactly the path checked (reporting/safe_open.py)
                data = read_below(root_holding(self.dirs, real), real, MAX_TEMPLATE_BYTES)
            except NotReadable as why:
                raise InvalidInput(f"template {candidate}: changed while being read ({why}); "
                                   "refused") from None
            if len(data) > MAX_TEMPLATE_BYTES:
                raise InvalidInput(f"template {real}: over {MAX_TEMPLATE_BYTES} bytes")
            return data.decode("utf-8", "replace"), str(real), _watch(real)
        raise TemplateNotFound(template)

    def checked(self, template: str, candidate: Path) -> Path:
        """The real path of `candidate`, refused when outside the folders or not a file."""
        real = Path(os.path.realpath(candidate))
        if not any(real.is_relative_to(folder) for folder in self.dirs):
            raise InvalidInput(f"template {template!r} ({candidate}) leads to {real}, "
                               "outside the template folders; refused")
        try:
            mode = os.stat(real).st_mode
        except OSError as error:
            raise InvalidInput(f"template {candidate}: cannot read it ({error.strerror})") from None
        if not stat.S_ISREG(mode):
            raise InvalidInput(f"template {candidate} is {file_kind(mode)}, not a regular file")
        return real

    def list_templates(self) -> list[str]:
        found = set()
        for folder in self.dirs:
            for path in folder.rglob("*"):
                if path.is_file():
                    found.add(path.relative_to(folder).as_posix())
        return sorted(found)


def _watch(path: Path) -> Callable[[], bool]:
    """Jinja's `uptodate`: true while the file keeps its modification time."""
    mtime = os.stat(path).st_mtime

    def unchanged() -> bool:
        try:
            return os.stat(path).st_mtime == mtime
        except OSError:
            return False

    return unchanged


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with `*` unable to build a string or list larger than the output cap."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError(f"the power {right} is too large")
        return super().call_binop(context, operator, left, right)


def _check_repeat(sequence, times) -> None:
    repeatable = isinstance(sequence, str | list | tuple | bytes) and isinstance(times, int)
    if repeatable and len(sequence) * times > MAX_OUTPUT_CHARS:
        raise SecurityError(f"too much output: {len(sequence)} x {times} is over the limit "
                                f"of {MAX_OUTPUT_CHARS} characters")


def render_bounded(template, context: dict) -> str:
    """Render, counting the output as it streams; refuse past MAX_OUTPUT_CHARS."""
    parts, size = [], 0
    for part in template.generate(context):
        size += len(part)
        if size > MAX_OUTPUT_CHARS:
            raise SecurityError(f"too much output: over the limit of {MAX_OUTPUT_CHARS} "
                                "characters")
        parts.append(part)
    return "".join(parts)
