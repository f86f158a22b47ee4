"""Reads are authorized: the read table (READS) at the service level, then the CLI wiring.

The cast: MANAGER manages US-NJ-01 (where A-1 has a finding, an action and evidence),
OTHER_MANAGER manages MX-01 (where A-2 is planned), OWNER is an action owner at US-NJ-01,
OFFICER and LEAD hold their roles for every facility.
"""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from audit_engine.domain.errors import NotFound, PermissionDenied, ReadRefused
from audit_engine.domain.rules.permissions import READS, Grant, readable_facilities
from audit_engine.services.actions.action_listing import visible_actions
from audit_engine.services.administration import people
from audit_engine.services.fieldwork.evidence_files import evidence_file
from audit_engine.services.mail.reads import outbox_for
from audit_engine.services.pages.reads import (
    audit_summary_for,
    audits_for,
    evidence_for,
    findings_for,
    trail_for,
)
from audit_engine.services.planning import planning
from audit_engine.services.reports import reads as reports
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import ADMIN, LEAD, MANAGER, OFFICER, OTHER_MANAGER, OWNER

MX_OFFICER = "mx.officer@example.com"  # compliance officer of MX-01 only
NAMED = "needs role action_owner or admin or auditor or compliance_officer or manager at " \
        "facility US-NJ-01"


# ---- the table itself (pure) ------------------------------------------------------------------


def test_a_read_reaches_the_facilities_its_roles_are_held_for():
    scoped = [Grant("manager", "MX-01"), Grant("action_owner", "US-NJ-01")]
    assert readable_facilities(scoped, "audit.read") == {"MX-01", "US-NJ-01"}
    assert readable_facilities(scoped, "portfolio.read") == {"MX-01"}  # not as action owner
    assert readable_facilities([Grant("auditor")], "audit.read") is None  # every facility
    assert readable_facilities([Grant("auditor")], "portfolio.read") == frozenset()
    # a manager role without facility manages, and so reads, nothing (is_manager_of)
    assert readable_facilities([Grant("manager")], "audit.read") == frozenset()
    # the outbox is about no one facility: a scoped officer may not read it
    assert readable_facilities([Grant("compliance_officer", "MX-01")], "outbox.read") == set()
    assert readable_facilities([Grant("compliance_officer")], "outbox.read") is None
    assert set(READS) == {"audit.read", "portfolio.read", "outbox.read"}


# ---- the services behind each read command ----------------------------------------------------


@pytest.fixture
def two_sites(app, tmp_path):
    """A-1 at US-NJ-01 in remediation (finding, action, evidence); A-2 planned at MX-01."""
    world.cast(app)
    people.add_user(app.uow(), app.clock, actor=as_cli(ADMIN), email=MX_OFFICER, name="Mx",
                    roles=["compliance_officer"], facilities=["MX-01"])
    audit = world.plan(app)
    world.to_remediation(app, audit, tmp_path)
    planning.plan_audit(
        app.uow(),
        app.clock,
        app.catalogs(),
        actor=as_cli(OFFICER),
        facility="MX-01",
        checklist=world.CHECKLIST,
        period=world.PERIOD,
        lead=LEAD,
    )
    return app


def test_lists_show_only_the_facilities_where_the_reader_holds_a_role(two_sites):
    app = two_sites
    ids = {who: [a.id for a in audits_for(app.uow(), actor=as_cli(who))]
           for who in (OFFICER, MANAGER, OTHER_MANAGER, OWNER)}
    assert ids == {OFFICER: ["A-1", "A-2"], MANAGER: ["A-1"], OTHER_MANAGER: ["A-2"],
                   OWNER: ["A-1"]}
    assert [a.id for a in visible_actions(app.uow(), app.clock, actor=as_cli(MANAGER))] == ["CA-1"]
    assert visible_actions(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER)) == []
    assert [
        r[0] for r in reports.actions_table_for(app.uow(), app.clock, actor=as_cli(OWNER)).rows
    ] == ["CA-1"]
    assert reports.actions_table_for(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER)).rows == ()
    grid = {who: [r[0] for r in reports.portfolio_table_for(app.uow(), app.clock,
                                                            actor=as_cli(who)).rows]
            for who in (OFFICER, MANAGER, OTHER_MANAGER)}
    assert grid == {OFFICER: ["MX-01", "US-NJ-01"], MANAGER: ["US-NJ-01"],
                    OTHER_MANAGER: ["MX-01"]}


def test_a_step_on_another_facilitys_audit_is_not_found_whatever_its_version(two_sites):
    """The step's own transaction refuses a reader of another facility first: a stale version
    or a missing right would tell the audit exists."""
    from sqlmodel import select

    from audit_engine.domain.rules.lifecycle import AuditId
    from audit_engine.services.review import transitions
    from audit_engine.storage.models.lifecycle import Audit

    app = two_sites
    for version in (None, 99):
        with pytest.raises(ReadRefused, match=NAMED):
            transitions.cancel_audit(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER),
                                     audit=AuditId("A-1"), reason="not mine",
                                     expected_version=version)
    with app.uow().reading() as reading:  # and nothing was written
        assert reading.session.exec(select(Audit.status).where(Audit.id == 1)).one() != "cancelled"


def test_an_answer_to_another_facilitys_audit_is_not_found_whatever_its_version(two_sites):
    """As a step: the answer's own transaction refuses a reader of another facility before
    the version (a stale one would tell the audit exists)."""
    from audit_engine.domain.rules.lifecycle import AuditId
    from audit_engine.services.fieldwork import answers

    for version in (None, 99):
        with pytest.raises(ReadRefused, match=NAMED):
            answers.record_answer(two_sites.uow(), two_sites.clock,
                                  actor=as_cli(OTHER_MANAGER), audit=AuditId("A-1"),
                                  criterion="1.1", result="compliant",
                                  expected_version=version)


def test_another_facilitys_audit_is_refused_naming_the_role_and_facility(two_sites):
    app = two_sites
    reads = [
        lambda: audit_summary_for(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: findings_for(app.uow(), actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: evidence_for(app.uow(), actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: trail_for(app.uow(), actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: visible_actions(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: reports.findings_table_for(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER),
                                           audit="A-1"),
        lambda: reports.actions_table_for(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER),
                                          audit="A-1"),
        lambda: reports.audit_report_for(app.uow(), app.renderer(), app.clock,
                                         actor=as_cli(OTHER_MANAGER), audit="A-1"),
        lambda: evidence_file(app.uow(), app.evidence_store(), actor=as_cli(OTHER_MANAGER),
                              evidence="E-1"),
    ]
    for read in reads:
        with pytest.raises(ReadRefused, match=NAMED) as refused:
            read()
        assert refused.value.exit_code == 3 and refused.value.hidden.endswith("not found")
    with pytest.raises(ReadRefused, match="audits of facility US-NJ-01"):
        audits_for(app.uow(), actor=as_cli(OTHER_MANAGER), facility="US-NJ-01")
    with pytest.raises(NotFound, match="NOPE"):
        audits_for(app.uow(), actor=as_cli(OFFICER), facility="NOPE")
    # the same reads at the reader's own facility, and by the action owner there, go through
    assert findings_for(app.uow(), actor=as_cli(OWNER), audit="A-1")[0].id == "F-1"
    assert audit_summary_for(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER), audit="A-2").id \
        == "A-2"


def test_portfolio_and_outbox_need_their_rows(two_sites):
    app = two_sites
    with pytest.raises(PermissionDenied, match="may not read the portfolio: needs role admin "
                                               "or compliance_officer or manager at any"):
        reports.portfolio_table_for(app.uow(), app.clock, actor=as_cli(LEAD))
    with pytest.raises(PermissionDenied, match="the outbox: needs role admin or "
                                               "compliance_officer for every facility"):
        outbox_for(app.uow, actor=as_cli(MX_OFFICER))
    with pytest.raises(PermissionDenied):
        outbox_for(app.uow, actor=as_cli(MANAGER))
    assert outbox_for(app.uow, actor=as_cli(OFFICER)) == outbox_for(app.uow, actor=as_cli(ADMIN))


# ---- the installed CLI ------------------------------------------------------------------------


def test_the_cli_reads_as_the_caller(two_sites, cli, tmp_path):
    def as_(who, *args):
        return cli(*args, "--as", who)

    def refused(*args):
        done = as_(OTHER_MANAGER, *args)
        assert done.returncode == 3, (args, done.stderr)
        assert done.stderr.startswith("error: other.manager@example.com may not read"), args
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        return done.stderr

    out = tmp_path / "out"
    out.mkdir()
    for args in (["audit", "show", "A-1"], ["finding", "list", "A-1"],
                 ["action", "list", "--audit", "A-1"], ["evidence", "list", "A-1"],
                 ["log", "show", "A-1"], ["report", "audit", "A-1", "-o", str(out / "a.pdf")],
                 ["finding", "list", "A-1", "--format", "csv", "-o", str(out / "f.csv")]):
        assert NAMED in refused(*args)
    assert "audits of facility US-NJ-01" in refused("audit", "list", "--facility", "US-NJ-01")
    assert "for every facility" in refused("outbox", "list")
    assert not list(out.iterdir())  # nothing written for a refused read

    listed = json.loads(as_(OTHER_MANAGER, "audit", "list", "--json").stdout)
    assert [a["id"] for a in listed] == ["A-2"]
    assert json.loads(as_(OTHER_MANAGER, "action", "list", "--json").stdout) == []
    assert [a["id"] for a in json.loads(as_(OWNER, "action", "list", "--json").stdout)] \
        == ["CA-1"]
    grid = tmp_path / "p.xlsx"
    assert as_(OTHER_MANAGER, "report", "portfolio", "--format", "xlsx", "-o",
               str(grid)).returncode == 0
    sheet = load_workbook(io.BytesIO(grid.read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["MX-01"]
    assert as_(OFFICER, "outbox", "list", "--json").returncode == 0

    nowhere = "nowhere@example.com"  # a manager role without facility manages, reads, nothing
    assert cli("user", "add", nowhere, "--name", "N", "--role", "manager", "--as", ADMIN) \
        .returncode == 0
    for args in (["audit", "list"], ["action", "list"]):
        done = as_(nowhere, *args)
        assert done.returncode == 3 and "may not read audits" in done.stderr, done.stderr
    anonymous = cli("audit", "show", "A-1")
    assert anonymous.returncode == 2 and "who is acting?" in anonymous.stderr
