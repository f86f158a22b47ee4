"""Writing report files so that no partial PDF ever sits under the output name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from audit_engine.domain.errors import InvalidInput


def check_output_folder(folder: Path) -> None:
    """Refuse early (before a long render) when `folder` cannot take files."""
    if not folder.is_dir():
        raise InvalidInput(f"output folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"output folder {folder} is not writable")


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary name beside `path`, fsync, then rename over `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_output_folder(folder)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
            dir=folder, prefix=f".{path.name}.", suffix=".part", delete=False)
    except OSError as error:
        raise InvalidInput(f"cannot write to output folder {folder}: {error.strerror}") from None
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise InvalidInput(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
    return path
