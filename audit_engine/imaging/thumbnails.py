"""Thumbnails and previews of stored evidence, cached on disk by content hash: the same file
(one SHA-256) is shrunk once per size, whichever audit or criterion shows it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from audit_engine.imaging.pdf_pages import first_page_jpeg, page_count
from audit_engine.imaging.pictures import is_image_name, thumbnail_jpeg

SIZES = {"thumb": 160, "preview": 1024}


def has_picture(name: str, media_type: str) -> bool:
    """Whether a file gets a thumbnail: an image, or a PDF (its first page)."""
    return is_image_name(name) or media_type == "application/pdf"


def cached_picture(cache: Path, source: Path, sha256: str, name: str, media_type: str,
                   size: str) -> bytes | None:
    """The JPEG of `size` ("thumb" or "preview") for a stored file, made once and kept under
    `cache` as <sha256>-<size>.jpg; None when the file has no picture."""
    target = cache / sha256[:2] / f"{sha256}-{size}.jpg"
    if target.is_file():
        return target.read_bytes()
    box = SIZES[size]
    if media_type == "application/pdf":
        data = first_page_jpeg(source, box)
    elif is_image_name(name):
        data = thumbnail_jpeg(source, box, name)
    else:
        return None
    if data is not None:
        _write_atomically(target, data)
    return data


def cached_page_count(cache: Path, source: Path, sha256: str) -> int | None:
    """A PDF's page count, kept under `cache` as <sha256>-pages.txt."""
    target = cache / sha256[:2] / f"{sha256}-pages.txt"
    if target.is_file():
        text = target.read_text().strip()
        return int(text) if text.isdigit() else None
    pages = page_count(source)
    _write_atomically(target, str(pages or "").encode())
    return pages


def _write_atomically(target: Path, data: bytes) -> None:
    """Readers see the whole file or none (two requests may make the same one at once)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(name, target)
