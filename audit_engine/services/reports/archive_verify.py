"""`archive verify`: check an audit archive with nothing but the file (no database, no home).

Every member against the manifest (and the manifest against itself), nothing added or missing,
then the trail segment (domain.trail_segment.check_segment), the final report's hash as the
trail recorded it, and every evidence file audit.json names (criteria's and corrective
actions') present under evidence/ with the SHA-256 audit.json records.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.formats.archive import (
    AUDIT_JSON,
    MANIFEST,
    REPORT,
    TRAIL,
    check_members,
    read_manifest,
)
from audit_engine.domain.integrity.trail_segment import check_segment
from audit_engine.domain.rules.lifecycle import AuditId

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveReport:
    path: Path
    audit: str | None
    files: int
    problems: tuple[str, ...]
    checked: tuple[str, ...]
    not_checked: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_archive(path: Path) -> ArchiveReport:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify(path, archive)
    except FileNotFoundError:
        return ArchiveReport(path, None, 0, (f"{path}: no such file",), (), ())
    except (zipfile.BadZipFile, OSError) as exc:
        return ArchiveReport(path, None, 0, (f"{path.name}: not a readable ZIP ({exc})",), (), ())


def _verify(path: Path, archive: zipfile.ZipFile) -> ArchiveReport:
    names = [n for n in archive.namelist() if not n.endswith("/")]
    if MANIFEST not in names:
        return ArchiveReport(path, None, len(names), (f"{MANIFEST}: missing",), (), ())
    raw, problem = _read(archive, MANIFEST)
    manifest, problems = read_manifest(raw) if problem is None else (None, [f"{MANIFEST}: "
                                                                             f"{problem}"])
    if manifest is None:
        return ArchiveReport(path, None, len(names), tuple(problems), (), ())
    found = {n: _digest(archive, n) for n in names if n != MANIFEST}
    problems = check_members(manifest["files"], found)
    checked = [f"{len(found)} files against the manifest's SHA-256"]
    pdf_sha = found.get(REPORT) if isinstance(found.get(REPORT), tuple) else None
    segment_report = _segment(archive, manifest, pdf_sha[0] if pdf_sha else None)
    problems += segment_report.problems
    checked += segment_report.checked
    problems += _audit_json(archive, manifest["audit"], found)
    checked.append(f"the evidence files {AUDIT_JSON} names, against evidence/")
    return ArchiveReport(path, manifest["audit"], len(names), tuple(problems),
                         tuple(checked) if not problems else (), segment_report.not_checked)


def _segment(archive, manifest, pdf_sha):
    from audit_engine.domain.integrity.trail_segment import SegmentReport

    raw, problem = _read(archive, TRAIL)
    if problem is not None:
        return SegmentReport((f"{TRAIL}: {problem}",), ())
    try:
        segment = json.loads(raw)
    except ValueError:
        return SegmentReport((f"{TRAIL}: not valid JSON",), ())
    report = check_segment(segment, pdf_sha)
    extra = []
    if segment.get("head_at_close") != manifest.get("head_at_close"):
        extra.append(f"{TRAIL}: its chain head at close differs from the manifest's")
    if pdf_sha and pdf_sha != manifest.get("final_report_sha256"):
        extra.append(f"{REPORT}: not the final report the manifest names")
    return SegmentReport(report.problems + tuple(extra), report.checked, report.not_checked)


def _audit_json(archive, audit: AuditId, found) -> list[str]:
    if not isinstance(found.get(AUDIT_JSON), tuple):
        return []
    try:
        data = json.loads(archive.read(AUDIT_JSON))
    except ValueError:
        return [f"{AUDIT_JSON}: not valid JSON"]
    if data.get("id") != audit:
        return [f"{AUDIT_JSON}: is not audit {audit}"]
    return _evidence_listed(data.get("evidence") or [], found)


def _evidence_listed(evidence: list, found) -> list[str]:
    """Every evidence file audit.json names (linked to a criterion or attached to a corrective
    action) is in evidence/ with the SHA-256 audit.json records."""
    problems = []
    for item in evidence:
        name = f"evidence/{item.get('id')}/{item.get('name')}"
        member = found.get(name)
        if not isinstance(member, tuple):
            problems.append(f"{name}: named in {AUDIT_JSON} but not in the archive")
        elif member[0] != item.get("sha256"):
            problems.append(f"{name}: SHA-256 differs from the one {AUDIT_JSON} records")
    return problems


def _read(archive, name: str) -> tuple[bytes, str | None]:
    try:
        return archive.read(name), None
    except KeyError:
        return b"", "missing"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return b"", f"damaged ({exc})"


def _digest(archive, name: str) -> tuple[str, int] | str:
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return f"damaged ({exc})"
    return digest.hexdigest(), size
