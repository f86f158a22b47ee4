"""The checkpoint file: an append-only file of trail heads, one signed JSON line each.

Lines are only ever appended (O_APPEND, one write each, fsynced), never rewritten. For more
than "we never rewrite it", make it append-only for everyone (`chattr +a`) or copy it off the
machine (see docs/workflow.md, "What the anchoring protects against").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import file_kind
from audit_engine.domain.integrity.checkpoints import Checkpoint, parse_line


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = checkpoint.to_line().encode()
    try:  # O_NONBLOCK: a FIFO must not wait for a reader; fstat then refuses it
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError as error:
        raise InvalidInput(f"checkpoint file {path}: cannot append ({error.strerror})") from None
    try:
        _refuse_other_than_file(path, os.fstat(fd).st_mode)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint in the file, and a problem for each line that is not one."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [f"checkpoint file {path}: cannot read it ({error.strerror})"]
    with os.fdopen(fd, "rb") as handle:
        _refuse_other_than_file(path, os.fstat(fd).st_mode)
        text = handle.read().decode("utf-8", errors="replace")
    checkpoints, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            checkpoints.append(parse_line(line, number))
        except ValueError as error:
            problems.append(f"{path}: {error}")
    return checkpoints, problems


def _refuse_other_than_file(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise InvalidInput(f"checkpoint file {path} is {file_kind(mode)}, not a regular file")


class CheckpointFile:
    """The checkpoint file as a checkpoint log (the other is s3_checkpoints.BucketCheckpoints)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def where(self) -> str:
        return str(self.path)

    def append(self, checkpoint: Checkpoint) -> None:
        append_checkpoint(self.path, checkpoint)

    def read(self) -> tuple[list[Checkpoint], list[str]]:
        return read_checkpoints(self.path)
