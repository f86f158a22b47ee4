"""A symlink flipped while a report renders never brings an outside file in: the PDF fetcher and
the template loader read, by descriptor, exactly the path they checked (no component of it
followed if it became a symlink meanwhile).

A thread flips a template file between a regular file and a symlink to a secret, and a template
sub-folder between a folder and a symlink to the secret's folder, while the fetcher and the
loader read through them thousands of times."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

import pytest

from audit_engine.domain.errors import InvalidInput

SECRET = b"root:x:0:0:the-trail-key-stands-here"
INSIDE = b"an honest stylesheet"
ROUNDS = 3000


@pytest.fixture
def database_url(tmp_path):
    """Nothing here touches a database: SQLite only."""
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


class Flipper:
    """Flips `folder/style.css` and `folder/sub/` between the real thing and a symlink out."""

    def __init__(self, folder: Path, outside: Path) -> None:
        self.folder, self.outside, self.stop = folder, outside, threading.Event()
        (folder / "sub").mkdir()
        (folder / "sub" / "style.css").write_bytes(INSIDE)
        (folder / "style.css").write_bytes(INSIDE)
        (outside / "style.css").write_bytes(SECRET)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # interleave the threads as finely as possible
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        sys.setswitchinterval(self.switch)

    def _run(self) -> None:
        folder, outside = self.folder, self.outside
        while not self.stop.is_set():
            with contextlib.suppress(OSError):
                os.symlink(outside / "style.css", folder / "link.tmp")
                os.replace(folder / "link.tmp", folder / "style.css")
                (folder / "real.tmp").write_bytes(INSIDE)
                os.replace(folder / "real.tmp", folder / "style.css")
                os.rename(folder / "sub", folder / "sub.real")
                os.symlink(outside, folder / "sub")
                os.unlink(folder / "sub")
                os.rename(folder / "sub.real", folder / "sub")


@pytest.fixture
def folders(tmp_path):
    folder, outside = tmp_path / "templates", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    return folder, outside


def test_the_pdf_fetcher_never_reads_an_outside_file_through_a_flipping_symlink(folders):
    from audit_engine.reporting.weasy import BlockedURL, TemplateFolderFetcher

    folder, outside = folders
    fetcher = TemplateFolderFetcher([folder])
    read = []
    with Flipper(folder, outside):
        for n in range(ROUNDS):
            url = (folder / ("style.css" if n % 2 else "sub/style.css")).as_uri()
            try:
                response = fetcher.fetch(url)
            except (BlockedURL, OSError):  # refused, or gone at that instant
                continue
            read.append(response.read())
            response.close()
    assert SECRET not in read
    assert INSIDE in read  # the race was run, not refused throughout


def test_the_template_loader_never_reads_an_outside_file_through_a_flipping_symlink(folders):
    from jinja2 import TemplateNotFound

    from audit_engine.reporting.loader import FolderLoader

    folder, outside = folders
    loader = FolderLoader([folder])
    read = []
    with Flipper(folder, outside):
        for n in range(ROUNDS):
            try:
                source, _, _ = loader.get_source(None, "style.css" if n % 2 else "sub/style.css")
            except (InvalidInput, TemplateNotFound, OSError):
                continue
            read.append(source.encode())
    assert SECRET not in read
    assert INSIDE in read
