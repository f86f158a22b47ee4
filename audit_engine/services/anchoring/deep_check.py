"""`log verify --deep`: replay the trail, compare it with the rows, re-hash every stored file.

Names each difference: a row edited outside the application (every field the trail records,
docs/workflow.md lists them), a pinned checklist edited, an evidence file or a final report
changed or missing on disk.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from audit_engine.domain.integrity.trail_replay import Replayed, differences, replay
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.services.anchoring.deep_rows import current_rows, pinned_checklists
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.models.lifecycle import Evidence
from audit_engine.storage.queries.rows import all_rows

CHUNK = 1024 * 1024


def deep_differences(uow, evidence_store, report_dir: Path) -> list[str]:
    """Every difference between the trail, the rows and the stored files."""
    with uow.reading():
        session = uow.session
        trail_rows.snapshot_reads(session)
        state = replay(trail_rows.event_records(session))
        rows = current_rows(session, set(state.kinds.get("answer", {})))
        evidence = all_rows(session, Evidence)
        pinned = pinned_checklists(session)
    rows["final_report"] = final_reports_on_disk(state, Path(report_dir))
    return differences(state, rows) + pinned + evidence_files(evidence, evidence_store)


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
