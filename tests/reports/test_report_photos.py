"""Photos in the audit report: a fresh upright JPEG without the original's metadata; a file
that is not a readable picture (damaged, forged) is left out, never stopping the report."""

from __future__ import annotations

import base64
import hashlib
import io

from PIL import Image

from audit_engine.services.reports.images import image_uris
from audit_engine.services.reports.views.models import ReportEvidence
from audit_engine.storage.folder_store import FolderStore


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _jpeg_with_gps_and_rotation() -> bytes:
    image = Image.new("RGB", (60, 20), (10, 120, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees to show it upright
    exif[0x8825] = {2: (40.0, 41.0, 42.0)}  # a GPS position
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _damaged_png() -> bytes:
    data = bytearray(_png())
    start = data.index(b"IDAT") + 4
    data[start] ^= 0xFF  # the checksum no longer matches
    return bytes(data)


def _stored(store_root, name: str, data: bytes, media_type: str, number: int) -> ReportEvidence:
    sha = hashlib.sha256(data).hexdigest()
    path = store_root / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return ReportEvidence(f"E-{number}", name, sha, media_type, len(data))


def test_photos_are_fresh_upright_jpegs_and_damaged_ones_are_left_out(tmp_path):
    store = FolderStore(tmp_path, 25 * 1024 * 1024)
    evidence = (
        _stored(tmp_path, "gate.png", _png(), "image/png", 1),
        _stored(tmp_path, "fence.jpg", _jpeg_with_gps_and_rotation(), "image/jpeg", 2),
        _stored(tmp_path, "seal.png", _damaged_png(), "image/png", 3),
        _stored(tmp_path, "policy.pdf", b"%PDF-1.7 policy", "application/pdf", 4),
    )
    shown = image_uris(store, evidence)
    assert set(shown) == {"E-1", "E-2"}
    fence = Image.open(io.BytesIO(base64.b64decode(shown["E-2"].split(",", 1)[1])))
    assert fence.format == "JPEG" and fence.size == (20, 60)  # turned upright
    assert not fence.getexif()  # no GPS, no orientation tag copied
