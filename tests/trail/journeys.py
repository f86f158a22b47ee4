"""Random journeys through every trailed workflow, one step at a time, for Hypothesis.

A `Journey` is one new facility with one audit and a risk assessment. `steps()` names the
steps that make sense now (by the audit's state and what exists); the test draws one and runs
it through the services as a person would. A step the services refuse (a guard, a permission)
is fine: refusals must leave nothing behind either. What the deep check must hold after any
sequence: the trail and the rows agree.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import strategies as st
from sqlalchemy import text

from audit_engine.domain.errors import AuditEngineError
from audit_engine.services.actions import actions, reassign
from audit_engine.services.administration import facility_changes, people, user_changes
from audit_engine.services.fieldwork import answer_rest, evidence
from audit_engine.services.planning import planning, steering
from audit_engine.services.review import findings, transitions
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world

ADMIN, OFFICER, LEAD = "admin@example.com", "officer@example.com", "lead@example.com"
LEADS = (LEAD, "lead2@example.com")
BOSS, BOSS2 = "boss@example.com", "boss2@example.com"
OWNERS = ("owner@example.com", "owner2@example.com")
RESULTS = ("compliant", "partial", "non_compliant", "not_applicable")


def cast(app) -> None:
    """The people every journey shares, each role at every facility."""
    people.add_user(app.uow(), app.clock, actor=None, email=ADMIN, name="Ada", roles=["admin"])
    for email, role in [(OFFICER, "compliance_officer"), (LEAD, "auditor"),
                        (LEADS[1], "auditor"), (BOSS, "manager"),
                        (BOSS2, "manager"), (OWNERS[0], "action_owner"),
                        (OWNERS[1], "action_owner")]:
        people.add_user(app.uow(), app.clock, actor=as_cli(ADMIN), email=email, name=email[:5],
                        roles=[role])


class Journey:
    def __init__(self, app, folder: Path, number: int, data) -> None:
        self.app, self.folder, self.data = app, folder, data
        self.code = f"J-{number}"
        people.add_facility(app.uow(), app.clock, actor=as_cli(ADMIN), code=self.code, name="Plant",
                            entity_type="us_importer", country="US", manager=BOSS)
        planned = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                                      facility=self.code, checklist="ctpat-msc",
                                      period="2027-Q1", lead=LEAD)
        self.audit, self.audit_id = planned.id, planned.number
        self.risk: str | None = None
        self.lead = LEAD
        self.steps_run: list[str] = []

    # ---- what exists now ---------------------------------------------------------------------

    def _rows(self, sql: str, **params) -> list:
        with self.app.engine.connect() as connection:
            return list(connection.execute(text(sql), params))

    def status(self) -> str:
        return self._rows("SELECT status FROM audit WHERE id=:a", a=self.audit_id)[0][0]

    def findings(self, status: str) -> list[str]:
        return [f"F-{r[0]}" for r in self._rows(
            "SELECT id FROM finding WHERE audit_id=:a AND status=:s ORDER BY id",
            a=self.audit_id, s=status)]

    def actions(self, status: str | None = None) -> list[str]:
        rows = self._rows(
            "SELECT c.id, c.status FROM corrective_action c LEFT JOIN risk_assessment r "
            "ON r.id = c.risk_assessment_id WHERE c.audit_id=:a OR r.facility_id="
            "(SELECT facility_id FROM audit WHERE id=:a) ORDER BY c.id", a=self.audit_id)
        return [f"CA-{i}" for i, s in rows if status is None or s == status]

    def criteria(self, level: str) -> list[str]:
        return [r[0] for r in self._rows(
            "SELECT criterion_id FROM answer WHERE audit_id=:a AND level=:l ORDER BY id",
            a=self.audit_id, l=level)]

    # ---- the steps ---------------------------------------------------------------------------

    def steps(self) -> list[tuple[str, Callable[[], object]]]:
        status = self.status()
        named = {
            "planned": ["start"] * 8 + ["replan"] * 2,
            "fieldwork": ["answer"] * 4 + ["evidence"] * 2 + ["submit"] * 5 + ["cancel"],
            "review": ["return"] * 2 + ["confirm"] * 5 + ["dismiss"] * 2 + ["add_action"] * 4
            + ["approve"] * 4,
            "remediation": ["work"] * 12 + ["add_action", "reassign"] + ["close"] * 3,
        }.get(status, [])
        named += ["risk", "admin"]
        return [(name, getattr(self, f"_{name}")) for name in named]

    def run(self, name: str, step: Callable[[], object]) -> None:
        try:
            step()
        except AuditEngineError:
            self.steps_run.append(f"{name}(refused)")
            return  # refused: a legal outcome of trying
        self.steps_run.append(name)

    def _draw(self, strategy):
        return self.data.draw(strategy)

    def _file(self) -> Path:
        path = self.folder / f"proof-{secrets.token_hex(4)}.pdf"
        path.write_bytes(b"%PDF-1.4 " + secrets.token_bytes(16))
        return path

    def _replan(self) -> None:
        lead = self._draw(st.sampled_from(LEADS))
        due = self._draw(st.sampled_from([None, date(2027, 3, 15)]))
        steering.change_plan(
            self.app.uow(),
            self.app.clock,
            actor=as_cli(OFFICER),
            audit=self.audit,
            due=due,
            lead=lead,
        )
        self.lead = lead

    def _start(self) -> None:
        app = self.app
        transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(self.lead), audit=self.audit)
        evidence.add_evidence(app.uow(), app.clock, app.evidence_store(), actor=as_cli(self.lead),
                              audit=self.audit, path=self._file(),
                              criteria=self.criteria("must"))
        categories = {c.split(".")[0] for c in self.criteria("must") + self.criteria("should")}
        for category in sorted(categories):
            answer_rest.answer_rest(app.uow(), app.clock, actor=as_cli(self.lead), audit=self.audit,
                                    category=category, result="compliant")

    def _answer(self) -> None:
        pool = self.criteria("must")[:3] + self.criteria("should")[:3]
        criterion = self._draw(st.sampled_from(pool))
        result = self._draw(st.sampled_from(RESULTS))
        note = "" if result == "compliant" else self._draw(st.sampled_from(["seen", "gap"]))
        world.answer(self.app, self.lead, self.audit, criterion, result, note=note)

    def _evidence(self) -> None:
        pool = self.criteria("must")[:3] + self.criteria("should")[:3]
        chosen = self._draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        until = self._draw(st.sampled_from([None, date.today() + timedelta(days=400)]))
        evidence.add_evidence(self.app.uow(), self.app.clock, self.app.evidence_store(),
                              actor=as_cli(self.lead), audit=self.audit, path=self._file(),
                              criteria=chosen, valid_until=until)

    def _submit(self) -> None:
        transitions.submit_audit(self.app.uow(), self.app.clock, actor=as_cli(self.lead),
                                 audit=self.audit)

    def _cancel(self) -> None:
        transitions.cancel_audit(self.app.uow(), self.app.clock, actor=as_cli(OFFICER),
                                     audit=self.audit, reason="not needed")

    def _return(self) -> None:
        transitions.return_audit(
            self.app.uow(),
            self.app.clock,
            actor=as_cli(BOSS),
            audit=self.audit,
            reason="look again",
        )

    def _confirm(self) -> None:
        drafts = self.findings("draft")
        if drafts:
            severity = self._draw(st.sampled_from([None, "major", "minor", "observation"]))
            findings.confirm_finding(self.app.uow(), self.app.clock, actor=as_cli(self.lead),
                                     finding=self._draw(st.sampled_from(drafts)),
                                     severity=severity, reason=severity and "judged on site")

    def _dismiss(self) -> None:
        drafts = self.findings("draft")
        if drafts:
            findings.dismiss_finding(self.app.uow(), self.app.clock, actor=as_cli(OFFICER),
                                     finding=self._draw(st.sampled_from(drafts)),
                                     reason="duplicate")

    def _add_action(self) -> None:
        confirmed = self.findings("confirmed")
        if confirmed:
            actions.add_action(self.app.uow(), self.app.clock, actor=as_cli(OFFICER),
                               finding=self._draw(st.sampled_from(confirmed)),
                               owner=self._draw(st.sampled_from(OWNERS)), plan="Fix it",
                               root_cause=self._draw(st.sampled_from(["", "no training"])))

    def _approve(self) -> None:
        transitions.approve_audit(self.app.uow(), self.app.clock, actor=as_cli(BOSS),
                                  audit=self.audit)

    def _work(self) -> None:
        """One step of a corrective action (the audit's or the risk assessment's)."""
        pending = [a for a in self.actions() if a not in self.actions("verified")]
        if not pending:
            return
        action = self._draw(st.sampled_from(pending))
        status = self._rows("SELECT status FROM corrective_action WHERE id=:i",
                            i=int(action[3:]))[0][0]
        usual = {"open": ["start"], "in_progress": ["implement"],
                 "implemented": ["verify", "verify", "reject"]}[status]
        event = self._draw(st.sampled_from(usual + ["start", "implement", "verify", "reject"][
            :self._draw(st.integers(0, 4))]))
        actor = BOSS if event in ("start", "implement") else OFFICER
        note = self._draw(st.sampled_from([None, "done", "not yet"]))
        attach = self._file() if event == "implement" and self._draw(st.booleans()) else None
        if event == "reject":
            note = note or "not shown"
        world.act(self.app, actor, action, event, note=note, evidence=attach)

    def _reassign(self) -> None:
        pending = [a for a in self.actions() if a not in self.actions("verified")]
        if pending:
            reassign.reassign_action(self.app.uow(), self.app.clock, actor=as_cli(OFFICER),
                                     action=self._draw(st.sampled_from(pending)),
                                     owner=self._draw(st.sampled_from(OWNERS)))

    def _close(self) -> None:
        transitions.close_audit(self.app.uow(), self.app.clock, actor=as_cli(OFFICER),
                                audit=self.audit)

    def _risk(self) -> None:
        app, uow, clock = self.app, self.app.uow, self.app.clock
        if self.risk is None:
            self.risk = assessments.open_assessment(uow(), clock, actor=as_cli(OFFICER),
                                                    facility=self.code).id
            return
        kind = self._draw(st.sampled_from(["step", "item", "plan", "complete", "work"]))
        if kind == "step":
            assessments.record_step(uow(), clock, actor=as_cli(BOSS), assessment=self.risk,
                                    step=self._draw(st.sampled_from(["map", "documentation"])),
                                    text=self._draw(st.sampled_from(["Plant -> port", "v2"])))
        elif kind == "item":
            msc = next(c for c in app.catalogs() if c.id == "ctpat-msc")
            assessments.add_item(uow(), clock, msc, actor=as_cli(OFFICER), assessment=self.risk,
                                 kind=self._draw(st.sampled_from(["threat", "vulnerability"])),
                                 name="Theft", rating=self._draw(st.sampled_from(
                                     ["high", "medium", "low"])))
        elif kind == "plan":
            assessments.add_plan_action(uow(), clock, actor=as_cli(OFFICER), assessment=self.risk,
                                        owner=OWNERS[0], due=date.today() + timedelta(days=30),
                                        plan="Fence")
        elif kind == "complete":
            assessments.complete_assessment(
                uow(), clock, app.evidence_store(), actor=as_cli(OFFICER), assessment=self.risk
            )
        else:
            self._work()

    def _admin(self) -> None:
        """What admins change about people and places, all of it trailed."""
        uow, clock = self.app.uow, self.app.clock
        kind = self._draw(st.sampled_from(["grant", "revoke", "manager", "name", "user"]))
        if kind in ("grant", "revoke"):
            change = user_changes.grant_role if kind == "grant" else user_changes.revoke_role
            change(uow(), clock, actor=as_cli(ADMIN), email=OWNERS[1], role="auditor",
                   facility=self.code)
        elif kind == "manager":
            facility_changes.edit_facility(uow(), clock, actor=as_cli(ADMIN), code=self.code,
                                           manager=self._draw(st.sampled_from([BOSS, BOSS2])))
        elif kind == "name":
            facility_changes.edit_facility(uow(), clock, actor=as_cli(ADMIN), code=self.code,
                                           name=self._draw(st.sampled_from(["Plant", "Mill"])))
        else:
            user_changes.edit_user(uow(), clock, actor=as_cli(ADMIN), email=OWNERS[0],
                                   name=self._draw(st.sampled_from(["Omar", "O. Owner"])))
