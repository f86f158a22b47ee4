"""Thumbnails and previews of stored evidence, kept by content hash: the same file (one
SHA-256) is shrunk once per size, whichever audit, criterion or node shows it.

`pictures` is where they are kept (storage.picture_store: the home's folder, or the bucket with
this node's cache in front); `source` hands out the original on this machine, called only when
a picture has to be made."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from audit_engine.imaging.pdf_pages import first_page_jpeg, page_count
from audit_engine.imaging.pictures import is_image_name, thumbnail_jpeg

SIZES = {"thumb": 160, "preview": 1024}


class Pictures(Protocol):
    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, data: bytes) -> None: ...


def has_picture(name: str, media_type: str) -> bool:
    """Whether a file gets a thumbnail: an image, or a PDF (its first page)."""
    return is_image_name(name) or media_type == "application/pdf"


def picture_name(sha256: str, kind: str) -> str:
    """The kept name of a file's thumb/preview JPEG or (kind "pages") PDF page count."""
    return f"{sha256[:2]}/{sha256}-{kind}.{'txt' if kind == 'pages' else 'jpg'}"


def cached_picture(pictures: Pictures, source: Callable[[], Path], sha256: str, name: str,
                   media_type: str, size: str) -> bytes | None:
    """The JPEG of `size` ("thumb" or "preview") for a stored file, made once and kept;
    None when the file has no picture."""
    if not has_picture(name, media_type):
        return None
    kept = picture_name(sha256, size)
    found = pictures.get(kept)
    if found is not None:
        return found
    box = SIZES[size]
    if media_type == "application/pdf":
        data = first_page_jpeg(source(), box)
    else:
        data = thumbnail_jpeg(source(), box, name)
    if data is not None:
        pictures.put(kept, data)
    return data


def cached_page_count(pictures: Pictures, source: Callable[[], Path],
                      sha256: str) -> int | None:
    """A PDF's page count, kept beside its pictures."""
    kept = picture_name(sha256, "pages")
    found = pictures.get(kept)
    if found is not None:
        text = found.decode().strip()
        return int(text) if text.isdigit() else None
    pages = page_count(source())
    pictures.put(kept, str(pages or "").encode())
    return pages
