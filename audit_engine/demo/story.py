"""The demo's story: one quarter of a sample importer's CTPAT audit, on a calendar we control.

Every step calls the same services the commands call. The clock is fixed and advanced by hand,
so the demo prints the same ids, dates and files on every machine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from audit_engine.bootstrap.tick_wiring import tick_parts
from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, FindingId
from audit_engine.services.actions import actions
from audit_engine.services.administration import people, setup
from audit_engine.services.calendar import programs, tick
from audit_engine.services.calendar.tick import TickSummary
from audit_engine.services.fieldwork import answers, evidence
from audit_engine.services.pages import reads
from audit_engine.services.pages.dossier import audit_dossier
from audit_engine.services.reports import reads as reports
from audit_engine.services.review import findings, transitions
from audit_engine.services.trail import verify_log

ADMIN, OFFICER = "admin@example.com", "carmen.officer@example.com"
LEAD, MANAGER = "lina.lead@example.com", "mario.manager@example.com"
OWNER = "omar.owner@example.com"
FACILITY = "US-LRD-01"
CHECKLIST = "ctpat-msc"


def cli(email: str) -> Actor:
    """The demo acts as its people would through the command line."""
    return Actor(email, "cli")

# Results other than compliant, chosen by category and level so findings of every severity arise.
FAILING = [
    ("6", "must", "non_compliant", "Seal log: 3 of 40 outbound trailers have no seal number."),
    ("9", "must", "partial", "Two lights on the north fence were out during the night walk."),
    ("12", "should", "non_compliant", "No refresher training on <b>seal</b> checks since 2025."),
    ("4", "should", "partial", "Password policy exists; 2 accounts without MFA ({{ 7*7 }})."),
]


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


class Story:
    """`said` puts a tick's summary in words (the CLI's line; none by default)."""

    def __init__(self, app, echo, said: Callable[[TickSummary], str] = lambda _: "") -> None:
        self.app, self.echo, self.said = app, echo, said
        self.inputs = app.settings.home / "demo-input"
        self.reports = app.settings.report_dir
        self.reports.mkdir(parents=True, exist_ok=True)
        self.audit = AuditId.of(1)  # replaced by the audit the demo plans

    def on(self, day: str, hour: int = 9) -> None:
        self.app.clock.at = at(day, hour)

    def tick(self, day: str, hour: int = 7) -> None:
        summary = tick.tick(tick_parts(self.app, at(day, hour)))
        self.echo(f"   scheduler {self.said(summary)}")
        for error in summary.errors:
            self.echo(f"   scheduler error: {error}")

    def setup(self) -> None:
        app = self.app
        self.on("2026-12-14")
        setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
        uow, clock = app.uow, app.clock
        people.add_user(uow(), clock, actor=None, email=ADMIN, name="Ada Admin", roles=["admin"])
        for email, name, role in [
            (OFFICER, "Carmen Ortiz", "compliance_officer"),
            (LEAD, "Lina Lopez", "auditor"),
            (MANAGER, "Mario Medina", "manager"),
            (OWNER, "Omar Olsen", "action_owner"),
        ]:
            people.add_user(uow(), clock, actor=cli(ADMIN), email=email, name=name, roles=[role])
        people.add_facility(
            uow(), clock, actor=cli(ADMIN), code=FACILITY, name="Laredo Distribution Center",
            entity_type="us_importer", country="US", manager=MANAGER,
        )
        programs.add_program(
            uow(), clock, app.catalogs(), actor=cli(OFFICER), facility=FACILITY,
            checklist=CHECKLIST, every="quarter", start_month=1, fieldwork_days=3, lead=LEAD,
        )
        self.echo(f"   {FACILITY}: quarterly CTPAT audit program, lead {LEAD}")

    def open_quarter(self) -> None:
        self.tick("2027-01-01")  # the program opens 2027-Q1 and sends the fieldwork invite
        self.tick("2027-01-08")  # fieldwork starts in 7 days
        rows = audit_dossier(self.app.uow(), self.app.clock, 1)
        self.audit = AuditId(rows.audit.id)
        self.echo(f"   opened {self.audit} for 2027-Q1, {len(rows.answers)} criteria to answer")

    def fieldwork(self) -> None:
        app, audit = self.app, self.audit
        self.on("2027-01-15")
        transitions.start_fieldwork(app.uow(), app.clock, actor=cli(LEAD), audit=audit)
        rows = audit_dossier(app.uow(), app.clock, audit).answers
        failing = self._failing(rows)
        self._evidence(rows, failing)
        for row in rows:
            result, note = failing.get(row.criterion, ("compliant", ""))
            answers.record_answer(app.uow(), app.clock, actor=cli(LEAD), audit=audit,
                                  criterion=row.criterion, result=result, note=note)
        self.on("2027-01-19")
        transitions.submit_audit(app.uow(), app.clock, actor=cli(LEAD), audit=audit)
        self.echo(f"   {len(rows)} answers, {len(failing)} not compliant; submitted for review")

    def _failing(self, rows) -> dict[str, tuple[str, str]]:
        chosen = {}
        for category, level, result, note in FAILING:
            row = next(r for r in rows if r.criterion.split(".")[0] == category
                       and r.level == level and r.criterion not in chosen)
            chosen[row.criterion] = (result, note)
        return chosen

    def _evidence(self, rows, failing) -> None:
        self.inputs.mkdir(parents=True, exist_ok=True)
        musts = [r.criterion for r in rows if r.level == "must"]
        seals = [c for c in musts if c.startswith("6.") and c not in failing]
        files = {
            "security-program-manual.txt": (musts, "Laredo DC security program, rev. 7\n"),
            "seal-inventory-2027-01.csv": (seals, "seal,trailer\nHS-1001,TR-88\n"),
        }
        for name, (criteria, content) in files.items():
            path = self.inputs / name
            path.write_text(content)
            evidence.add_evidence(self.app.uow(), self.app.clock, self.app.evidence_store(),
                                  actor=cli(LEAD), audit=self.audit, path=path, criteria=criteria)
        self.echo(f"   evidence: {', '.join(files)}")

    def review(self) -> None:
        app = self.app
        self.draft = reports.audit_report_for(
            app.uow(), app.renderer(), app.clock, actor=cli(LEAD), audit=self.audit,
            output=self.reports / f"{self.audit}-draft.pdf", extras=app.report_extras(),
        )
        self.on("2027-01-20")
        for finding in reads.findings_for(app.uow(), actor=cli(OFFICER), audit=self.audit):
            found = FindingId(finding.id)
            if finding.severity == "observation":
                findings.dismiss_finding(app.uow(), app.clock, actor=cli(OFFICER), finding=found,
                                         reason="Fixed on site during fieldwork.")
                continue
            findings.confirm_finding(app.uow(), app.clock, actor=cli(OFFICER), finding=found)
            actions.add_action(app.uow(), app.clock, actor=cli(OFFICER), finding=found,
                               owner=OWNER, plan=f"Correct: {finding.criterion}",
                               root_cause="Procedure not followed on night shift.")
        self.on("2027-01-21")
        transitions.approve_audit(app.uow(), app.clock, actor=cli(MANAGER), audit=self.audit)
        self.echo("   findings confirmed, corrective actions assigned, approved by the manager")

    def remediation(self) -> None:
        self.tick("2027-02-10")  # a corrective action is due within 14 days
        self.tick("2027-03-01")  # overdue: the owner is reminded, the manager escalated to
        app, store = self.app, self.app.evidence_store()
        self.on("2027-03-02")
        proof = self.inputs / "fence-lights-repaired.txt"
        proof.write_text("Work order 5521: north fence fixtures replaced 2027-03-02.\n")
        for action in reads.actions_for(app.uow(), app.clock, actor=cli(OWNER), audit=self.audit):
            steps = [(OWNER, "start", None), (OWNER, "implement", proof),
                     (OFFICER, "reject", None), (OWNER, "implement", proof),
                     (OFFICER, "verify", None)]
            for actor, event, path in steps:
                actions.act_on(app.uow(), app.clock, store, actor=cli(actor),
                               action=ActionId(action.id),
                               event=event, note=f"{event} ({actor.split('@')[0]})", evidence=path)
        self.echo("   corrective actions implemented, one rejected once, all verified")

    def close(self) -> None:
        app = self.app
        self.on("2027-03-03")
        done = transitions.close_audit(app.uow(), app.clock, actor=cli(OFFICER), audit=self.audit,
                                      on_closed=app.final_report_hook())
        self.final = done.extra
        self.tick("2027-03-03", hour=10)  # the final report goes to the facility manager

    def render(self) -> list[tuple[str, str]]:
        app = self.app
        portfolio = reports.portfolio_for(app.uow(), app.renderer(), app.clock, actor=cli(OFFICER),
                                          output=self.reports / "portfolio.pdf")
        open_actions = reports.actions_report_for(app.uow(), app.renderer(), app.clock,
                                                  actor=cli(OFFICER),
                                                  output=self.reports / "corrective-actions.pdf")
        check = verify_log(app.uow())
        mails = sorted(app.settings.mail_folder.glob("*.eml"))
        return [
            ("draft audit report", str(self.draft.path)),
            ("final report (PDF/A-3b)", str(self.final.path)),
            ("portfolio report", str(portfolio.path)),
            ("corrective-action report", str(open_actions.path)),
            ("evidence store", str(app.settings.evidence_dir)),
            ("e-mails delivered", f"{len(mails)} .eml files in {app.settings.mail_folder}"),
            ("audit trail", f"{check.events} events, chain {'intact' if check.ok else 'BROKEN'}"),
        ]


def tell(app, echo, said: Callable[[TickSummary], str]) -> list[tuple[str, str]]:
    story = Story(app, echo, said)
    chapters = [
        ("1. set up: database, checklists, people, facility, audit program", story.setup),
        ("2. the scheduler opens the quarter's audit", story.open_quarter),
        ("3. fieldwork: answers and evidence", story.fieldwork),
        ("4. review: findings, corrective actions, approval", story.review),
        ("5. remediation, with reminders and escalation", story.remediation),
        ("6. close: final report stored and mailed", story.close),
    ]
    for title, chapter in chapters:
        echo(f"== {title}")
        chapter()
    return [("database", app.settings.effective_database_url), *story.render()]
