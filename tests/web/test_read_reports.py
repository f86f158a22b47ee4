"""The web's report downloads follow the read table, as the CLI's `report` commands do: each
covers the facilities the reader may read, the portfolio only for its roles."""

from __future__ import annotations

import pytest

from audit_engine.services.planning import planning
from tests.acting import as_cli
from tests.lifecycle import world
from tests.reports.pdfs import pages_text
from tests.web.conftest import sign_in


@pytest.fixture
def two_audits(people):
    world.plan(people)  # A-1 at US-NJ-01
    planning.plan_audit(people.uow(), people.clock, people.catalogs(), actor=as_cli(world.OFFICER),
                        facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                        lead=world.LEAD)
    return people


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the page's own wiring
def test_a_facility_manager_gets_the_portfolio_of_their_facility_only(client, two_audits):
    sign_in(client, world.OTHER_MANAGER)
    assert "Portfolio of your facilities" in client.get("/reports").text
    pdf = client.get("/reports/portfolio.pdf")
    assert pdf.status_code == 200, pdf.text
    text = "\n".join(pages_text(pdf.content))
    assert "MX-01" in text and "US-NJ-01" not in text
    sign_in(client, world.LEAD)  # an auditor: no portfolio row in the read table
    assert "Portfolio" not in client.get("/reports").text
    refused = client.get("/reports/portfolio.pdf")
    assert refused.status_code == 403  # in plain words, each said once
    assert "may not read the portfolio: needs to be an administrator" in refused.text
    assert "the facility&#39;s manager" in refused.text
    assert "facility&#39;s facility" not in refused.text
