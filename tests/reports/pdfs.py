"""Reading PDFs back: text per page and embedded files, with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def attachments(pdf: bytes) -> dict[str, bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    return {name: contents[0] for name, contents in reader.attachments.items()}


def metadata_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    return xmp.stream.get_data().decode("utf-8", "replace") if xmp else ""
