"""Reading a file inside a template folder with no window for a symlink swap.

Checking a resolved path and then opening the path again lets someone who can write in the
folder flip a component into a symlink between the two (a race that put the trail key into
reports). Here the file is opened once, by descriptor, walking from the folder's own descriptor
one component at a time with O_NOFOLLOW (openat): a component that is a symlink at that
instant makes the open fail instead of being followed, and the bytes returned are those of the
file whose descriptor was checked (a regular file; a FIFO is refused, not waited on).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


class NotReadable(Exception):
    """Why the file was not read (a symlink appeared, it is gone, not a regular file)."""


def read_below(root: Path, real: Path, max_bytes: int) -> bytes:
    """The bytes of `real` (a resolved path under the resolved folder `root`), at most
    `max_bytes` + 1 of them; NotReadable when any component is a symlink, missing, or the
    file is not a regular file."""
    parts = real.relative_to(root).parts
    if not parts:
        raise NotReadable("it is the folder itself")
    descriptor = _open_below(root, parts)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotReadable("not a regular file")
        return _read(descriptor, max_bytes + 1)
    finally:
        os.close(descriptor)


def _open_below(root: Path, parts: tuple[str, ...]) -> int:
    try:
        folder = os.open(root, FLAGS | os.O_DIRECTORY)
    except OSError as error:
        raise NotReadable(error.strerror) from None
    try:
        for name in parts[:-1]:
            inner = os.open(name, FLAGS | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], FLAGS | os.O_NONBLOCK, dir_fd=folder)
    except OSError as error:  # ELOOP/ENOTDIR: a symlink where the check saw none
        raise NotReadable(error.strerror or str(error)) from None
    finally:
        os.close(folder)


def _read(descriptor: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(descriptor, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def root_holding(roots, real: Path) -> Path | None:
    """The folder of `roots` (resolved) that `real` lies in, if any."""
    return next((root for root in roots if real.is_relative_to(root)), None)
