"""Evidence photos shown in the audit report (the proof of remediation): JPEG and PNG files
read from the evidence store, checked against their recorded SHA-256, as `data:` URIs the
report's restricted fetcher accepts. WeasyPrint scales them down to the printed size
(`dpi` in reporting/weasy.py), so a phone photo costs kilobytes, not megabytes, in the PDF.
"""

from __future__ import annotations

import base64
import hashlib

from audit_engine.services.reports.views.models import ReportEvidence

# (media type, the file's first bytes): a file named .jpg that is not a JPEG is not shown.
SIGNATURES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
MAX_BYTES = 15 * 1024 * 1024  # larger photos are listed by name and hash only


def image_uris(store, evidence: tuple[ReportEvidence, ...]) -> dict[str, str]:
    """{E-n: data URI} of the evidence that can be shown as a picture; none without a store."""
    if store is None:
        return {}
    shown = {}
    for item in evidence:
        signature = SIGNATURES.get(item.media_type)
        if signature is None or item.size > MAX_BYTES:
            continue
        data = _read(store, item.sha256)
        if data is not None and data.startswith(signature):
            shown[item.id] = (f"data:{item.media_type};base64,"
                              + base64.b64encode(data).decode("ascii"))
    return shown


def _read(store, sha256: str) -> bytes | None:
    """The stored bytes, or None when missing or not the file recorded (never shown as
    proof)."""
    path = store.path_for(sha256)
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None
