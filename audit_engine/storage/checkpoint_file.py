"""The checkpoint file: an append-only file of trail heads, one signed JSON line each.

Lines are only ever appended (O_APPEND, one write each, fsynced), never rewritten. For more
than "we never rewrite it", make it append-only for everyone (`chattr +a`) or copy it off the
machine (see docs/workflow.md, "What the anchoring protects against").
"""

from __future__ import annotations

import os
from pathlib import Path

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.integrity.checkpoints import Checkpoint, parse_line


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = checkpoint.to_line().encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as error:
        raise InvalidInput(f"checkpoint file {path}: cannot append ({error.strerror})") from None
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint in the file, and a problem for each line that is not one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [f"checkpoint file {path}: cannot read it ({error.strerror})"]
    checkpoints, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            checkpoints.append(parse_line(line, number))
        except ValueError as error:
            problems.append(f"{path}: {error}")
    return checkpoints, problems
