"""`log verify --deep`: replay the trail, compare it with the rows, re-hash every stored file.

Names each difference: a row edited outside the application (answer, audit, finding,
corrective action, evidence), an evidence file or a final report changed or missing on disk.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from audit_engine.domain.integrity.trail_replay import Replayed, differences, replay
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.models.lifecycle import (
    Answer,
    Audit,
    CorrectiveAction,
    Evidence,
    Finding,
)
from audit_engine.storage.queries.facilities import codes_by_facility_id
from audit_engine.storage.queries.people import emails_by_id
from audit_engine.storage.queries.rows import all_rows

CHUNK = 1024 * 1024


def deep_differences(uow, evidence_store, report_dir: Path) -> list[str]:
    """Every difference between the trail, the rows and the stored files."""
    with uow.reading():
        session = uow.session
        trail_rows.snapshot_reads(session)
        state = replay(trail_rows.event_records(session))
        rows = current_rows(session, state)
        evidence = all_rows(session, Evidence)
    rows["final_report"] = final_reports_on_disk(state, Path(report_dir))
    return differences(state, rows) + evidence_files(evidence, evidence_store)


def current_rows(session, state: Replayed) -> dict[str, dict[str, dict[str, Any]]]:
    emails = emails_by_id(session)
    codes = codes_by_facility_id(session)
    audits = {display_id("audit", a.id): {
        "status": a.status, "period": a.period, "facility": codes.get(a.facility_id),
        "closed_at": a.closed_at.isoformat() if a.closed_at else None}
        for a in all_rows(session, Audit)}
    levels: dict[tuple[int, str], str] = {}
    answers = {}
    answered = state.kinds.get("answer", {})
    for a in all_rows(session, Answer):
        levels[(a.audit_id, a.criterion_id)] = a.level
        ref = f"{display_id('audit', a.audit_id)} {a.criterion_id}"
        if a.result is not None or ref in answered:
            answers[ref] = {"result": a.result, "note": a.note}
    findings = {display_id("finding", f.id): {
        "status": f.status, "severity": f.severity, "audit": display_id("audit", f.audit_id),
        "result": f.result, "status_reason": f.status_reason,
        "criterion": f.criterion_id, "level": levels.get((f.audit_id, f.criterion_id), f.level)}
        for f in all_rows(session, Finding)}
    actions = {display_id("action", c.id): {
        "status": c.status, "owner": emails.get(c.owner_id), "due": c.due.isoformat(),
        "plan": c.plan, "root_cause": c.root_cause}
        for c in all_rows(session, CorrectiveAction)}
    evidence = {display_id("evidence", e.id): {
        "sha256": e.sha256, "size": e.size, "name": e.original_name}
        for e in all_rows(session, Evidence)}
    return {"audit": audits, "answer": answers, "finding": findings, "action": actions,
            "evidence": evidence}


def final_reports_on_disk(state: Replayed, report_dir: Path) -> dict[str, dict[str, Any]]:
    """Each recorded final report as found on disk: its file's SHA-256 now."""
    found = {}
    for ref, record in state.kinds.get("final_report", {}).items():
        name = record["file"].value or ""
        path = report_dir / name
        digest = file_sha256(path) if name and path.is_file() else "(file missing)"
        found[ref] = {"sha256": digest, "file": name}
    return found


def evidence_files(evidence, store) -> list[str]:
    """Each evidence file re-hashed: it must still have the SHA-256 it is stored under."""
    found = []
    for row in evidence:
        path = store.path_for(row.sha256)
        what = f"evidence {display_id('evidence', row.id)} ({row.original_name})"
        if not path.is_file():
            found.append(f"{what}: its file {path} is missing")
        elif file_sha256(path) != row.sha256:
            found.append(f"{what}: its file {path} was changed (SHA-256 differs)")
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
