"""Opening the next period's audit: valid evidence is linked again, expired evidence is marked
for re-verification on its criterion's answer and listed in the trail."""

from __future__ import annotations

from datetime import date

from audit_engine.services.anchoring.deep_check import deep_differences
from audit_engine.services.pages.dossier import audit_dossier
from audit_engine.services.trail import show_log
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick
from tests.scheduling.walk import (
    Proof,
    add_program,
    close,
    fieldwork,
    musts,
    program_audit,
    set_clock,
)


def carried_state(app, audit: str) -> tuple[dict, dict, list]:
    dossier = audit_dossier(app.uow(), app.clock, audit)
    linked = {e.name: sorted(e.criteria) for e in dossier.evidence}
    notes = {a.criterion: a.note for a in dossier.answers if a.note}
    events = [e for e in show_log(app.uow(), audit) if e.action == "audit.carry_forward"]
    return linked, notes, events


def test_next_quarter_carries_valid_evidence_and_marks_expired_for_reverification(
    world, tmp_path
):
    set_clock(world, at("2027-01-01T07:00"))
    program = add_program(world)
    assert tick(world, at("2027-01-01T07:00"), send=False).programs.opened == 1
    q1 = program_audit(world, program.id, "2027-Q1")
    set_clock(world, at("2027-01-20T09:00"))
    must = musts(world, q1)
    certified, sealed = must[0], must[1]
    fieldwork(world, q1, tmp_path / "q1", [
        Proof("policy.pdf"),  # no expiry: every must criterion
        Proof("certificate.pdf", date(2027, 12, 31), (certified,)),
        Proof("seal-log.pdf", date(2027, 3, 15), (sealed,)),  # expires before Q2 opens
    ])
    set_clock(world, at("2027-03-01T09:00"))
    close(world, q1)

    assert tick(world, at("2027-04-01T07:00"), send=False).programs.opened == 1
    q2 = program_audit(world, program.id, "2027-Q2")
    linked, notes, events = carried_state(world, q2)
    assert linked == {"policy.pdf": sorted(must), "certificate.pdf": [certified]}
    assert notes == {sealed: "re-verify: evidence seal-log.pdf expired 2027-03-15"}
    [event] = events
    assert event.payload["from"] == q1
    assert event.payload["reverify"] == [f"{sealed}:seal-log.pdf"]
    assert len(event.payload["carried"]) == len(must) + 1
    # The Q1 audit keeps its own links untouched.
    assert carried_state(world, q1)[0]["seal-log.pdf"] == [sealed]

    # Ticking again (or a second scheduler) changes nothing.
    assert tick(world, at("2027-04-01T09:00"), send=False).programs.opened == 0
    assert carried_state(world, q2) == (linked, notes, events)
    # The carried links and the re-verify notes replay from the trail (`log verify --deep`).
    assert deep_differences(world.uow(), world.evidence_store(), world.report_store()) == []


def test_catching_up_judges_validity_on_the_day_the_audit_is_opened(world, tmp_path):
    """Down across the Q2 boundary: evidence that expired between the period start and the
    late opening is no longer valid for the audit's fieldwork, so it is re-verified."""
    set_clock(world, at("2027-01-01T07:00"))
    program = add_program(world, facility="F2")
    tick(world, at("2027-01-01T07:00"), send=False)
    q1 = program_audit(world, program.id, "2027-Q1")
    set_clock(world, at("2027-01-20T09:00"))
    must = musts(world, q1)
    fieldwork(world, q1, tmp_path / "q1", [
        Proof("policy.pdf", criteria=tuple(must[1:])),
        Proof("lapsed-in-april.pdf", date(2027, 4, 20), (must[0],)),
    ])
    tick(world, at("2027-05-10T07:00"), send=False)  # first tick since March
    q2 = program_audit(world, program.id, "2027-Q2")
    linked, notes, _ = carried_state(world, q2)
    assert linked == {"policy.pdf": sorted(must[1:])}
    assert notes == {must[0]: "re-verify: evidence lapsed-in-april.pdf expired 2027-04-20"}


def test_evidence_comes_from_the_last_audit_against_the_same_checklist(world, tmp_path):
    """An inspection audit planned in between (other checklist, other criterion ids) is not
    where the next quarterly audit takes its evidence from."""
    from audit_engine.services.planning.planning import plan_audit
    from tests.scheduling.walk import LEAD, OFFICER

    set_clock(world, at("2027-01-01T07:00"))
    program = add_program(world)
    tick(world, at("2027-01-01T07:00"), send=False)
    q1 = program_audit(world, program.id, "2027-Q1")
    set_clock(world, at("2027-01-20T09:00"))
    must = musts(world, q1)
    fieldwork(world, q1, tmp_path / "q1", [Proof("policy.pdf")])
    set_clock(world, at("2027-03-01T09:00"))
    close(world, q1, with_final_report=False)
    plan_audit(world.uow(), world.clock, world.catalogs(), actor=as_cli(OFFICER), facility="F1",
               checklist="ctpat-container-inspection", period="2027-Q1", lead=LEAD)

    tick(world, at("2027-04-01T07:00"), send=False)
    q2 = program_audit(world, program.id, "2027-Q2")
    linked, _, [event] = carried_state(world, q2)
    assert linked == {"policy.pdf": sorted(must)}
    assert event.payload["from"] == q1
