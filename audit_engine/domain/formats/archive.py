"""The audit archive's rules, pure: its manifest, and what makes an archive good or broken.

An archive is a ZIP of `report.pdf` (the final report), `audit.json`, `trail.json` (the trail
segment), `evidence/E-<n>/<original name>` and `README.txt`, plus `manifest.json` listing every
other member with its SHA-256 and size, and the SHA-256 of the manifest's own content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from audit_engine.domain.errors import IntegrityBroken

ARCHIVE_FORMAT = "audit-engine/archive@1"
MANIFEST = "manifest.json"
REPORT = "report.pdf"
AUDIT_JSON = "audit.json"
TRAIL = "trail.json"
README = "README.txt"


class ArchiveBroken(IntegrityBroken):
    """An archive, or a file on its way out, is not what was recorded."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{self.problems[0]}{more}")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def build_manifest(meta: Mapping[str, Any], digests: Mapping[str, tuple[str, int]]) -> bytes:
    """`digests`: member name -> (sha256, size). The manifest hashes its own content too, so
    an edit anywhere in it is named as an edit of the manifest."""
    files = [{"name": n, "sha256": s, "bytes": b} for n, (s, b) in sorted(digests.items())]
    body = {"format": ARCHIVE_FORMAT, **meta, "files": files}
    body["manifest_sha256"] = sha256_hex(_canonical(body))
    return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False).encode()


def read_manifest(raw: bytes) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        body = json.loads(raw.decode("utf-8"))
        recorded = body.pop("manifest_sha256")
        files = {f["name"]: (f["sha256"], f["bytes"]) for f in body["files"]}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None, [f"{MANIFEST}: edited or damaged (not the manifest's JSON)"]
    if body.get("format") != ARCHIVE_FORMAT:
        return None, [f"{MANIFEST}: format {body.get('format')!r} is not {ARCHIVE_FORMAT}"]
    if sha256_hex(_canonical(body)) != recorded:
        return None, [f"{MANIFEST}: edited (its content does not match its own SHA-256)"]
    body["files"] = files
    return body, []


def check_members(listed: Mapping[str, tuple[str, int]],
                  found: Mapping[str, tuple[str, int] | str]) -> list[str]:
    """`found`: member name -> (sha256, size) as read, or the reason it could not be read."""
    problems = []
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            problems.append(f"{name}: missing (listed in the manifest)")
        elif name not in listed:
            problems.append(f"{name}: added (not in the manifest)")
        elif isinstance(found[name], str):
            problems.append(f"{name}: {found[name]}")
        elif found[name][0] != listed[name][0]:
            problems.append(f"{name}: edited (SHA-256 differs from the manifest)")
    return problems
