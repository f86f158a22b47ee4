"""`log verify` (`check_log`) and its `--deep` part: replay the trail, compare it with the
rows, re-hash every stored file.

Names each difference: a row edited outside the application (every field the trail records,
docs/workflow.md lists them), a pinned checklist edited, an evidence file or a final report
changed or missing in its store (the home's folders or the object store).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.integrity.trail_replay import Replayed, differences, replay
from audit_engine.domain.integrity.trail_verify import TrailReport
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.services.anchoring.anchor import verify_anchored
from audit_engine.services.anchoring.deep_rows import current_rows, pinned_checklists
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.blob_store import sha256_of_name
from audit_engine.storage.models.lifecycle import Evidence
from audit_engine.storage.queries.rows import all_rows


def deep_differences(uow: UnitOfWork, evidence_store, reports) -> list[str]:
    """Every difference between the trail, the rows and the stored files."""
    with uow.reading():
        session = uow.session
        trail_rows.snapshot_reads(session)
        state = replay(trail_rows.event_records(session))
        rows = current_rows(session, set(state.kinds.get("answer", {})))
        evidence = all_rows(session, Evidence)
        pinned = pinned_checklists(session)
    rows["final_report"] = final_reports_stored(state, reports)
    return differences(state, rows) + pinned + evidence_files(evidence, evidence_store)


def final_reports_stored(state: Replayed, reports) -> dict[str, dict[str, Any]]:
    """Each recorded final report as stored: its SHA-256 when the stored file still has it."""
    found = {}
    for ref, record in state.kinds.get("final_report", {}).items():
        name = record["file"].value or ""
        sha256 = sha256_of_name(name)
        found[ref] = {"sha256": _rehashed(reports, sha256) if sha256 else "(file missing)",
                      "file": name}
    return found


def _rehashed(store, sha256: str) -> str:
    if store.verify(sha256):
        return sha256
    return "(file changed)" if store.exists(sha256) else "(file missing)"


def evidence_files(evidence, store) -> list[str]:
    """Each evidence file re-hashed: it must still have the SHA-256 it is stored under."""
    found = []
    for row in evidence:
        what = f"evidence {display_id('evidence', row.id)} ({row.original_name})"
        problem = _rehashed(store, row.sha256)
        if problem != row.sha256:
            state = "is missing" if problem == "(file missing)" else \
                "was changed (SHA-256 differs)"
            found.append(f"{what}: its file {store.where(row.sha256)} {state}")
    return found


@dataclass(frozen=True)
class LogCheck:
    report: TrailReport  # the chain, its keys, the head and the checkpoints
    problems: list[str]  # the chain's, then (deep) the rows' and the stored files'


def check_log(uow: UnitOfWork, keys, checkpoints: Any, *, evidence_store: Any = None,
              reports: Any = None) -> LogCheck:
    """`log verify`: the anchored chain; with the evidence and report stores (`--deep`) also
    every difference between the trail, the rows and the stored files."""
    report = verify_anchored(uow, keys, checkpoints)
    problems = list(report.problems)
    if evidence_store is not None and reports is not None:
        problems += deep_differences(uow, evidence_store, reports)
    return LogCheck(report, problems)
