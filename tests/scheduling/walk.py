"""Walk a program audit through its life with the scheduling cast (tests/scheduling/conftest.py).

The App's clock is a FixedClock the walk moves by hand, so closing times, evidence validity
and ticks all happen in the simulated 2027 the scheduling tests live in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

from audit_engine.domain.clock import FixedClock
from audit_engine.services.calendar import programs
from audit_engine.services.fieldwork import answers, evidence
from audit_engine.services.pages.dossier import audit_dossier
from audit_engine.services.reports import rendering
from audit_engine.services.review import transitions
from audit_engine.storage.models.lifecycle import Audit
from tests.acting import as_cli

LEAD, OFFICER, MANAGER = "lead@example.com", "co@example.com", "mgr@example.com"


@dataclass(frozen=True)
class Proof:
    """One evidence file: its name, its bytes (content-addressed, so keep them distinct),
    how long it is valid, and the criteria it backs (default: every must criterion)."""

    name: str
    valid_until: date | None = None
    criteria: tuple[str, ...] = field(default=())


def set_clock(app, moment: datetime) -> None:
    if not isinstance(app.clock, FixedClock):
        app.clock = FixedClock(moment)
    app.clock.at = moment


def add_program(app, facility: str = "F1", first: str = "2027-01-01",
                lead: str = LEAD) -> programs.ProgramView:
    return programs.add_program(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                                facility=facility, checklist="ctpat-msc", lead=lead,
                                first_from=date.fromisoformat(first))


def program_audit(app, program_ref: str, period: str) -> str:
    number = int(program_ref.removeprefix("P-"))
    with app.uow().reading() as uow:
        audit_id = uow.session.exec(select(Audit.id).where(
            Audit.program_id == number, Audit.period == period)).one()
    return f"A-{audit_id}"


def musts(app, audit: str) -> list[str]:
    return [a.criterion for a in audit_dossier(app.uow(), app.clock, audit).answers
            if a.level == "must"]


def fieldwork(app, audit: str, folder: Path, proofs: list[Proof]) -> None:
    """Start fieldwork, add every proof, answer every criterion compliant."""
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    folder.mkdir(parents=True, exist_ok=True)
    for proof in proofs:
        path = folder / proof.name
        path.write_bytes(b"%PDF-1.4\n% " + proof.name.encode() + b"\n")
        evidence.add_evidence(app.uow(), app.clock, app.evidence_store(), actor=as_cli(LEAD),
                              audit=audit, path=path, valid_until=proof.valid_until,
                              criteria=list(proof.criteria or musts(app, audit)))
    for answer in audit_dossier(app.uow(), app.clock, audit).answers:
        answers.record_answer(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit,
                              criterion=answer.criterion, result="compliant")


def close(app, audit: str, *, with_final_report: bool = True) -> rendering.RenderedReport | None:
    """Submit, approve (no findings, so nothing to remediate) and close, with the final report
    hook as `audit close` does (or without, as if rendering it had failed)."""
    transitions.submit_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(MANAGER), audit=audit)
    hook = None
    if with_final_report:
        hook = rendering.final_report_hook(app.uow, app.renderer(), app.clock,
                                         app.report_store(), as_cli(OFFICER))
    result = transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                                    on_closed=hook)
    return result.extra
