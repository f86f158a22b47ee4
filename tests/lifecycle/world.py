"""A small cast for lifecycle tests: people, a facility, and an audit walked to any state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from audit_engine.domain.rules.lifecycle import Result
from audit_engine.services.actions import actions
from audit_engine.services.administration import people
from audit_engine.services.fieldwork import answers, evidence
from audit_engine.services.planning import planning
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli

ADMIN = "admin@example.com"
OFFICER = "officer@example.com"
LEAD = "lead@example.com"
AUDITOR2 = "auditor2@example.com"
MANAGER = "manager@example.com"
OTHER_MANAGER = "other.manager@example.com"
OWNER = "owner@example.com"
LEAD_OFFICER = "lead.officer@example.com"  # auditor and compliance officer
CHECKLIST = "ctpat-msc"
PERIOD = "2027-Q1"
FACILITY = "US-NJ-01"


def cast(app) -> None:
    uow, clock = app.uow, app.clock
    people.add_user(uow(), clock, actor=None, email=ADMIN, name="Ada Admin", roles=["admin"])
    people.add_facility(
        uow(),
        clock,
        actor=as_cli(ADMIN),
        code=FACILITY,
        name="Newark DC",
        entity_type="us_importer",
        country="US",
    )
    people.add_facility(
        uow(),
        clock,
        actor=as_cli(ADMIN),
        code="MX-01",
        name="Monterrey",
        entity_type="us_importer",
        country="MX",
    )
    for email, role, where in [
        (OFFICER, "compliance_officer", ()),
        (LEAD, "auditor", ()),
        (AUDITOR2, "auditor", ()),
        (MANAGER, "manager", (FACILITY,)),
        (OTHER_MANAGER, "manager", ("MX-01",)),
        (OWNER, "action_owner", (FACILITY,)),
    ]:
        people.add_user(
            uow(),
            clock,
            actor=as_cli(ADMIN),
            email=email,
            name=email.split("@")[0],
            roles=[role],
            facilities=where,
        )
    people.add_user(
        uow(),
        clock,
        actor=as_cli(ADMIN),
        email=LEAD_OFFICER,
        name="Lee",
        roles=["auditor", "compliance_officer"],
    )


def plan(app, due: date | None = None, lead: str = LEAD, period: str = PERIOD) -> str:
    row = planning.plan_audit(
        app.uow(),
        app.clock,
        app.catalogs(),
        actor=as_cli(OFFICER),
        facility=FACILITY,
        checklist=CHECKLIST,
        period=period,
        lead=lead,
        due=due,
    )
    return row.id


def answer_all(app, audit: str, tmp: Path, failing: dict | None = None, lead: str = LEAD) -> None:
    """Answer every criterion compliant with evidence for musts, except `failing` ones."""
    failing = failing or {}
    dossier_answers = _answers(app, audit)
    proof = tmp / "policy.pdf"
    proof.write_bytes(b"%PDF-1.4 proof of compliance\n")
    musts = [a.criterion for a in dossier_answers if a.level == "must"]
    evidence.add_evidence(
        app.uow(),
        app.clock,
        app.evidence_store(),
        actor=as_cli(lead),
        audit=audit,
        path=proof,
        criteria=musts,
    )
    for a in dossier_answers:
        result = failing.get(a.criterion, Result.COMPLIANT.value)
        note = "" if result == "compliant" else "seen on site"
        answer(app, lead, audit, a.criterion, result, note=note)


def answer(app, who: str, audit: str, criterion: str, result: str, **details):
    """`who` records `result` for `criterion` (with a `note` in `details`)."""
    return answers.record_answer(app.uow(), app.clock, actor=as_cli(who), audit=audit,
                                 criterion=criterion, result=result, **details)


def _answers(app, audit):
    from audit_engine.services.pages.dossier import audit_dossier

    return audit_dossier(app.uow(), app.clock, audit).answers


def must_and_should(app, audit) -> tuple[str, str]:
    rows = _answers(app, audit)
    must = next(a.criterion for a in rows if a.level == "must")
    should = next(a.criterion for a in rows if a.level == "should")
    return must, should


def to_review(app, audit, tmp, failing=None, lead: str = LEAD) -> None:
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(lead), audit=audit)
    answer_all(app, audit, tmp, failing, lead)
    transitions.submit_audit(app.uow(), app.clock, actor=as_cli(lead), audit=audit)


def act(app, who: str, action: str, event: str, **details):
    """`who` takes `action` one step (`event`: start, implement, verify, reject), with a
    `note` or an `evidence` file in `details`."""
    return actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(who),
                          action=action, event=event, **details)


def verified(app, action: str, owner: str = OWNER) -> None:
    """The owner starts and implements `action` and the officer verifies it, each noting
    "done"."""
    for who, event in ((owner, "start"), (owner, "implement"), (OFFICER, "verify")):
        act(app, who, action, event, note="done")


def ready_to_close(app, tmp) -> str:
    """The cast and one audit in remediation whose one action is verified: the audit's id."""
    cast(app)
    audit = plan(app)
    [action] = to_remediation(app, audit, tmp)
    verified(app, action)
    return audit


def to_remediation(app, audit, tmp) -> list[str]:
    """Review with one major finding: confirm, add an action, approve. Returns action ids."""
    must, _ = must_and_should(app, audit)
    to_review(app, audit, tmp, {must: "non_compliant"}, LEAD)
    return approve_with_actions(app, audit)


def approve_with_actions(app, audit, plan: str = "Fix the fence",
                         due: date | None = None) -> list[str]:
    """The officer confirms every finding of `audit` (in review) with one action for OWNER
    (`plan` may name the finding's {criterion}); the manager approves. The action ids."""
    made = []
    for f in findings.list_findings(app.uow(), audit):
        findings.confirm_finding(app.uow(), app.clock, actor=as_cli(OFFICER), finding=f.id)
        view = actions.add_action(app.uow(), app.clock, actor=as_cli(OFFICER), finding=f.id,
                                  owner=OWNER, plan=plan.format(criterion=f.criterion), due=due)
        made.append(view.id)
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(MANAGER), audit=audit)
    return made
