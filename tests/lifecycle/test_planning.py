"""Planning picks the catalog version like `checklist show` does, and pins it once per hash."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.catalog import compute_content_hash
from audit_engine.services.pages.dossier import audit_dossier
from audit_engine.services.planning import planning
from audit_engine.storage.models.lifecycle import Audit, CriteriaSnapshot
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import FACILITY, LEAD, OFFICER

SHIPPED_MSC = Path(__file__).resolve().parents[2] / "checklists" / "ctpat" / "msc.yaml"


def newer_msc(catalogs):
    """The shipped MSC as a later version: listed FIRST, so "last file wins" would miss it."""
    msc = next(c for c in catalogs if c.id == "ctpat-msc")
    newer = replace(msc, version="2030.1", effective=date(2030, 1, 1), content_hash="")
    newer = replace(newer, content_hash=compute_content_hash(newer))
    return [newer, *catalogs], msc


def plan(app, catalogs, checklist: str, facility: str = FACILITY):
    return planning.plan_audit(
        app.uow(),
        app.clock,
        catalogs,
        actor=as_cli(OFFICER),
        facility=facility,
        checklist=checklist,
        period=world.PERIOD,
        lead=LEAD,
    )


def test_plain_id_takes_the_latest_version_and_id_at_version_the_exact_one(app):
    world.cast(app)
    catalogs, shipped = newer_msc(app.catalogs())
    latest = plan(app, catalogs, "ctpat-msc")
    exact = plan(app, catalogs, f"ctpat-msc@{shipped.version}", facility="MX-01")
    assert latest.checklist == "ctpat-msc@2030.1"
    assert exact.checklist == f"ctpat-msc@{shipped.version}"
    assert audit_dossier(app.uow(), app.clock, exact.id).catalog.version == shipped.version
    with pytest.raises(NotFound, match="ctpat-msc@1999.9"):
        plan(app, catalogs, "ctpat-msc@1999.9", facility="MX-01")


def test_a_catalog_version_is_stored_once_however_many_audits_pin_it(app):
    world.cast(app)
    first = plan(app, app.catalogs(), "ctpat-msc")
    second = plan(app, app.catalogs(), "ctpat-msc", facility="MX-01")
    assert first.checklist_hash == second.checklist_hash
    with app.uow().reading() as uow:
        stored = uow.session.exec(select(func.count()).select_from(CriteriaSnapshot)).one()
        pinned = uow.session.get(Audit, first.number).criteria_snapshot
    assert stored == 1 and pinned["content_hash"] == first.checklist_hash


def test_cli_plans_against_an_exact_catalog_version(app, cli, tmp_path):
    world.cast(app)
    company = tmp_path / "company"
    company.mkdir()
    text = SHIPPED_MSC.read_text(encoding="utf-8")
    newer = text.replace('version: "2026.1"', 'version: "2030.1"').replace(
        "effective: 2020-01-01", "effective: 2030-01-01"
    )
    assert newer != text
    (company / "msc-next.yaml").write_text(newer, encoding="utf-8")
    env = {"AUDIT_ENGINE_CHECKLIST_DIRS": str(company)}
    common = ["--period", world.PERIOD, "--lead", LEAD, "--as", OFFICER]
    exact = cli("audit", "plan", "--facility", FACILITY, "--checklist", "ctpat-msc@2026.1",
                *common, env=env)  # fmt: skip
    assert exact.returncode == 0, exact.stderr
    latest = cli("audit", "plan", "--facility", "MX-01", "--checklist", "ctpat-msc", *common,
                 env=env)  # fmt: skip
    assert latest.returncode == 0, latest.stderr
    shown = json.loads(cli("audit", "list", "--json", "--as", OFFICER, env=env).stdout)
    assert [a["checklist"] for a in shown] == ["ctpat-msc@2026.1", "ctpat-msc@2030.1"]
