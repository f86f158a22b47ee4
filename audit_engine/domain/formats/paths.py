"""Paths people name for us to read: regular files only.

Opening a FIFO blocks until someone writes to it, and a device (`/dev/zero`, `/dev/urandom`)
never ends, so every command that reads a path refuses anything but a regular file (or a
folder, where a folder is what it takes) before opening it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """What a `st_mode` is, in words ("a regular file", "a FIFO (named pipe)", ...)."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file")


def check_readable(path: str | os.PathLike[str], what: str = "file", *,
                   folder_ok: bool = False) -> Path:
    """`path` (symlinks followed) if it is a regular file, or a folder when `folder_ok`;
    InvalidInput naming it otherwise. Never opens it."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InvalidInput(f"{what} {path}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{what} {path}: cannot read it ({error.strerror})") from None
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return path
    raise InvalidInput(f"{what} {path} is {file_kind(mode)}, not a regular file")
