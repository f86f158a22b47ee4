"""Evidence photos shown in the audit report (the proof of remediation), as `data:` URIs the
report's restricted fetcher accepts.

Each is a fresh JPEG made by imaging/ from the stored file, checked against its recorded
SHA-256: upright, at most BOX pixels on its longer side, with none of the original's metadata
(a phone photo's GPS position stays out of the PDF). A file that is not a picture Pillow can
read (damaged, forged, or misnamed) is listed by name and hash only: one bad upload never
stops a report or a close.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from audit_engine.domain.errors import IntegrityBroken, InvalidInput
from audit_engine.services.reports.views.models import ReportEvidence

PICTURES = frozenset({"image/jpeg", "image/png", "image/heic", "image/heif", "image/webp"})
MAX_BYTES = 60 * 1024 * 1024  # the upload check's limit for photos
BOX = 800  # pixels on the longer side: sharp at the printed size, kilobytes in the PDF


def image_uris(store, evidence: tuple[ReportEvidence, ...]) -> dict[str, str]:
    """{E-n: data URI} of the evidence that can be shown as a picture; none without a store."""
    if store is None:
        return {}
    from audit_engine.imaging.pictures import thumbnail_jpeg

    shown = {}
    for item in evidence:
        if item.media_type not in PICTURES or item.size > MAX_BYTES:
            continue
        path = _checked(store, item.sha256)
        if path is None:
            continue
        try:
            jpeg = thumbnail_jpeg(path, BOX, item.name)
        except (InvalidInput, OSError, ValueError, SyntaxError):
            continue  # not a readable picture: its name and hash stand for it
        shown[item.id] = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
    return shown


def _checked(store, sha256: str) -> Path | None:
    """The stored file when it is the one recorded (never shown as proof otherwise)."""
    try:
        path = store.local_path(sha256)
    except IntegrityBroken:
        return None
    if path is None:
        return None
    digest = hashlib.sha256()
    with path.open("rb") as stored:
        for block in iter(lambda: stored.read(1 << 20), b""):
            digest.update(block)
    return path if digest.hexdigest() == sha256 else None
