"""Read one checklist file into YAML nodes, safely, and report problems as `path:line: field: what`.

Safety at the boundary: the size is checked before reading (and the read is capped, in case the
file grows meanwhile), the bytes must be UTF-8, the YAML is only *composed* (never constructed,
so no tags run code) and a node reached twice (an alias, the YAML-bomb ingredient) is refused.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import file_kind

MAX_FILE_BYTES = 5 * 1024 * 1024
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


class ChecklistError(InvalidInput):
    """One or more problems in one checklist file; nothing from the file is used."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        super().__init__(errors[0] + more)


@dataclass
class Problems:
    """Collects every problem found in one file, each already formatted as one line."""

    file: str
    lines: list[str] = field(default_factory=list)

    def add(self, line: int, path: str, message: str) -> None:
        # YAML messages and keys taken from the file may hold line breaks: keep one line.
        text = LINE_BREAKS.sub(" ", f"{path or '(top)'}: {message}")
        self.lines.append(f"{self.file}:{line}: {text}")

    def at(self, node: yaml.Node, path: str, message: str) -> None:
        self.add(node.start_mark.line + 1, path, message)

    def raise_if_any(self) -> None:
        if self.lines:
            raise ChecklistError(self.lines)


def read_bytes(path: Path, problems: Problems) -> bytes | None:
    """The file's bytes, or None (with a problem) if it is missing, too big or unreadable."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            problems.add(1, "", f"is {file_kind(info.st_mode)}, not a regular file")
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            problems.add(1, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes")
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.add(1, "", f"cannot read file: {exc.strerror or exc}")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(1, "", f"file is over the limit of {MAX_FILE_BYTES} bytes")
        return None
    return data


def compose(data: bytes, problems: Problems) -> yaml.Node | None:
    """The root node of the single YAML document in `data`, or None (with a problem)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            line, "", f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
        return None
    text = text.removeprefix("\ufeff")
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.add(line, "", f"malformed YAML: {exc.problem or exc.context}")
        return None
    except yaml.reader.ReaderError as exc:  # control characters such as NUL
        line = text[: exc.position].count("\n") + 1
        problems.add(line, "", f"malformed YAML: character #x{exc.character:04x} is not allowed")
        return None
    except yaml.YAMLError as exc:
        problems.add(1, "", f"malformed YAML: {exc}")
        return None
    if root is None:
        problems.add(1, "", "file is empty")
    return root
