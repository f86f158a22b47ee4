"""A PDF's page count and first page, through poppler's `pdfinfo` and `pdftoppm` (Debian's
poppler-utils; `.ci/run` installs it). Each runs in a subprocess with a time limit: the PDF
is untrusted. Without poppler, a PDF simply has no thumbnail."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from audit_engine.imaging.pictures import thumbnail_jpeg

TIMEOUT_SECONDS = 20


def page_count(path: Path) -> int | None:
    """The number of pages, or None when poppler is missing or cannot read the file."""
    if shutil.which("pdfinfo") is None:
        return None
    try:
        done = subprocess.run(["pdfinfo", "--", str(path)], capture_output=True, text=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return None
    found = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def first_page_jpeg(path: Path, box: int) -> bytes | None:
    """The first page at most `box` pixels on its longer side, or None (no poppler, not a
    readable PDF, or too slow)."""
    if shutil.which("pdftoppm") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pdf-page-") as folder:
        target = Path(folder) / "page"
        try:
            done = subprocess.run(
                ["pdftoppm", "-f", "1", "-l", "1", "-singlefile", "-png",
                 "-scale-to", str(box), "--", str(path), str(target)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return None
        png = target.with_suffix(".png")
        if done.returncode != 0 or not png.is_file():
            return None
        return thumbnail_jpeg(png, box, "first page")
