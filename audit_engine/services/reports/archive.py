"""The audit archive: a closed audit with its final report, evidence and trail, in one ZIP that
`archive verify` checks without a database or a home.

Read in one read transaction; files are streamed into the ZIP one at a time (300 evidence files
never sit in memory together), each hashed on the way in and checked against the SHA-256 the
database recorded, so a damaged store is refused rather than archived. The ZIP is written under
a temporary name and renamed when complete.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from audit_engine.domain.formats.archive import (
    AUDIT_JSON,
    MANIFEST,
    README,
    REPORT,
    TRAIL,
    ArchiveBroken,
    build_manifest,
)
from audit_engine.domain.integrity.trail_segment import (
    FINAL_EVENT,
    SEGMENT_FORMAT,
    segment_event,
)
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id, parse_period
from audit_engine.domain.rules.permissions import require
from audit_engine.reporting.files import check_output_folder
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.reports.audit_data import load_audit_view
from audit_engine.services.reports.views.export import audit_export_json
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.queries.closed_audits import audits_of_period, evidence_files_of

CHUNK = 1024 * 1024
README_TEXT = """This is the archive of a closed CTPAT audit, made by audit-engine.

report.pdf      the final report (PDF/A-3b, the audit's JSON attached inside)
audit.json      the audit as data: answers, findings, actions, evidence, scores
trail.json      the audit's events of the tamper-evident trail, with their chain hashes
evidence/       every evidence file, under E-<n>/ and its original name
manifest.json   the SHA-256 and size of every file above

Check it, with no database: audit-engine archive verify <this file>.zip
Or by hand: sha256sum each file and compare with manifest.json.
"""


@dataclass(frozen=True)
class AuditArchive:
    audit: str
    path: Path
    sha256: str
    bytes: int
    evidence: int
    events: int


@dataclass(frozen=True)
class _Contents:
    ref: str
    facility: str
    period: str
    closed_at: str
    audit_json: bytes
    evidence: tuple[tuple[int, str, str], ...]  # (id, original name, sha256)
    segment: dict
    final: dict  # the report.final payload


def archive_audit(uow: UnitOfWork, store, reports, clock: Clock, *, actor: Actor, audit: AuditId,
                  output: Path) -> AuditArchive:
    output = Path(output)
    check_output_folder(output.parent if str(output.parent) else Path("."))
    with uow.reading():
        contents = _collect(uow.session, actor, audit)
    pdf = _final_pdf(reports, contents)
    meta = {"audit": contents.ref, "facility": contents.facility, "period": contents.period,
            "closed_at": contents.closed_at, "archived_at": clock.now().isoformat(),
            "archived_by": actor.email, "head_at_close": contents.segment["head_at_close"],
            "final_report_sha256": contents.final["sha256"]}
    temporary = output.with_name(f".{output.name}.part")
    try:
        _write_zip(temporary, store, contents, pdf, meta)
        temporary.replace(output)
    finally:
        temporary.unlink(missing_ok=True)
    digest, size = _file_digest(output)
    return AuditArchive(contents.ref, output, digest, size, len(contents.evidence),
                        sum(not e.get("redacted") for e in contents.segment["events"]))


def archive_period(uow: UnitOfWork, store, reports, clock: Clock, *, actor: Actor, period: str,
                   out_dir: Path) -> tuple[AuditArchive, ...]:
    """Every closed audit of a quarter, one ZIP each, into `out_dir`."""
    parse_period(period)
    out_dir = Path(out_dir)
    check_output_folder(out_dir)
    with uow.reading():
        rows = [a.id for a in audits_of_period(uow.session, period.strip(),
                                                AuditStatus.CLOSED.value)]
    if not rows:
        raise NotFound.said("no closed audits in %(period)s", period=period)
    return tuple(archive_audit(uow, store, reports, clock, actor=actor, audit=AuditId.of(number),
                               output=out_dir / f"{display_id('audit', number)}-{period}.zip")
                 for number in rows)


def _collect(session, actor: Actor, audit: AuditId) -> _Contents:
    row, facility = audit_at_facility(session, audit)
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "audit.close", facility)
    ref = display_id("audit", row.id)
    if row.status != AuditStatus.CLOSED:
        raise TransitionNotAllowed.said("only closed audits are archived; %(ref)s is "
                                        "%(status)s", ref=ref, status=row.status)
    evidence = evidence_files_of(session, row.id)
    segment = trail_segment(session, row.id, ref)
    finals = [e for e in segment["events"] if e.get("action") == FINAL_EVENT]
    if not finals:
        raise InvalidInput.said("%(ref)s has no final report recorded in the trail; run "
                                "`audit-engine report finalize %(ref)s` first", ref=ref)
    return _Contents(ref, facility, row.period, row.closed_at.isoformat(),
                     audit_export_json(load_audit_view(session, row)), tuple(evidence),
                     segment, json.loads(finals[-1]["payload"]))


def trail_segment(session, audit_id: int, ref: str) -> dict:
    """The run of the chain from the audit's first event to its last, others' redacted."""
    events = [segment_event(record, record.audit_id == audit_id)
              for record in trail_rows.events_spanning_audit(session, audit_id)]
    closes = [e for e in events if e.get("action") == "audit.close"]
    head = {"seq": closes[-1]["seq"], "hash": closes[-1]["hash"]} if closes else {}
    return {"format": SEGMENT_FORMAT, "audit": ref,
            "audit_id": audit_id, "head_at_close": head, "events": events}


def _final_pdf(reports, contents: _Contents) -> bytes:
    sha256 = contents.final["sha256"]
    path = reports.local_path(sha256)
    if path is None:
        raise NotFound.said("%(ref)s: the final report %(where)s is not in the report store",
                            ref=contents.ref, where=reports.where(sha256))
    pdf = path.read_bytes()
    if hashlib.sha256(pdf).hexdigest() != sha256:
        raise ArchiveBroken([f"{path}: does not match the SHA-256 the trail recorded for "
                             f"{contents.ref}'s final report"])
    return pdf


def _write_zip(path: Path, store, contents: _Contents, pdf: bytes, meta: dict) -> None:
    digests: dict[str, tuple[str, int]] = {}
    stamp = _zip_time(contents.closed_at)
    trail = json.dumps(contents.segment, sort_keys=True, ensure_ascii=False).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, packed in ((REPORT, pdf, False), (AUDIT_JSON, contents.audit_json, True),
                                   (TRAIL, trail, True), (README, README_TEXT.encode(), True)):
            _add(archive, name, data, packed, stamp, digests)
        for number, name, sha256 in contents.evidence:
            data = _evidence_bytes(store, number, sha256)  # checked against sha256
            _add(archive, f"evidence/{display_id('evidence', number)}/{name}", data,
                 _compressible(name), stamp, digests, sha256)
        _add(archive, MANIFEST, build_manifest(meta, digests), True, stamp, {})


def _add(archive, name: str, data: bytes, packed: bool, stamp, digests: dict,
         sha256: str | None = None) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
    archive.writestr(info, data)
    digests[name] = (sha256 or hashlib.sha256(data).hexdigest(), len(data))


def _evidence_bytes(store, number: int, sha256: str) -> bytes:
    path = store.local_path(sha256)
    ref = display_id("evidence", number)
    if path is None:
        raise ArchiveBroken([f"{ref}: its file is missing from the evidence store "
                             f"({store.where(sha256)})"])
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ArchiveBroken([f"{ref}: the stored file does not match its recorded SHA-256"])
    return data


def _compressible(name: str) -> bool:
    return name.lower().rsplit(".", 1)[-1] in {"txt", "csv", "json", "xml", "html", "md", "log"}


def _zip_time(iso: str) -> tuple[int, int, int, int, int, int]:
    from datetime import datetime

    moment = datetime.fromisoformat(iso)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute,
            moment.second)


def _file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
