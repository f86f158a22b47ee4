"""The portfolio and the corrective-actions report through the API: the same services and
read permissions as `audit-engine report portfolio|actions`, a PDF (or the portfolio grid as
XLSX) sent as an attachment, covering only the facilities the caller's token may read."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from audit_engine.services.administration import people
from audit_engine.services.planning import planning
from tests.acting import as_cli
from tests.lifecycle import world
from tests.reports.pdfs import pages_text

PROBLEM = "application/problem+json"
NOBODY = "manager.of.none@example.com"  # the manager role, granted for no facility


@pytest.fixture
def two_sites(app, cast, tmp_path):
    """NJ in remediation with one open action (CA-1); MX planned."""
    (action,) = world.to_remediation(app, world.plan(app), tmp_path)  # audit A-1
    planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                        facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                        lead=world.LEAD)
    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=NOBODY, name="Nobody",
                    roles=["manager"])
    return action


def _grid(response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="portfolio.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]


def _pdf_text(response, name: str) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    return "\n".join(pages_text(response.content))


def test_both_reports_cover_what_the_token_may_read(app, cast, api, two_sites):
    """One test for both (the setup walks an audit to remediation: it is the slow part)."""
    xlsx = {"format": "xlsx"}
    assert _grid(api.get("/reports/portfolio", params=xlsx,
                         headers=cast.as_(world.OFFICER))) == ["MX-01", "US-NJ-01"]
    assert _grid(api.get("/reports/portfolio", params=xlsx,
                         headers=cast.as_(world.MANAGER))) == ["US-NJ-01"]
    assert _grid(api.get("/reports/portfolio", params={**xlsx, "facility": "MX-01"},
                         headers=cast.as_(world.OFFICER))) == ["MX-01"]
    hidden = api.get("/reports/portfolio", params={**xlsx, "facility": "MX-01"},
                     headers=cast.as_(world.MANAGER))
    assert hidden.status_code == 404 and hidden.headers["content-type"] == PROBLEM
    for who in (NOBODY, world.OWNER):
        refused = api.get("/reports/portfolio", headers=cast.as_(who))
        assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
        assert "manager" in refused.json()["detail"], refused.text
    text = _pdf_text(api.get("/reports/portfolio", headers=cast.as_(world.MANAGER)),
                     "portfolio.pdf")
    assert "US-NJ-01" in text and "MX-01" not in text

    officer = _pdf_text(api.get("/reports/actions", headers=cast.as_(world.OFFICER)),
                        "corrective-actions.pdf")
    assert two_sites in officer and world.OWNER in officer
    other = _pdf_text(api.get("/reports/actions", headers=cast.as_(world.OTHER_MANAGER)),
                      "corrective-actions.pdf")
    assert two_sites not in other
    assert api.get("/reports/actions", params={"facility": "US-NJ-01"},
                   headers=cast.as_(world.OTHER_MANAGER)).status_code == 404
    assert api.get("/reports/actions", headers=cast.as_(NOBODY)).status_code == 403

    report = api.get("/audits/A-1/report", params={"format": "html"},
                     headers=cast.as_(world.MANAGER))
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert report.headers["content-disposition"] == 'attachment; filename="A-1-report.html"'
    assert "US-NJ-01" in report.text
    assert api.get("/audits/A-1/report", params={"format": "html"},
                   headers=cast.as_(world.OTHER_MANAGER)).status_code == 404
