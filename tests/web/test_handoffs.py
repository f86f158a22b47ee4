"""Hand-offs a person sees: the action page leads with what to fix, "Waiting for you" on the
dashboard with counts in the navigation, fixes to verify listed for who may verify them (not
for who implemented), and owners picked from those allowed at the facility."""

from __future__ import annotations

import re

import pytest

from audit_engine.services.pages.waiting import waiting_for
from audit_engine.services.review import findings
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import NAVIGATION, sign_in, statements


@pytest.fixture
def remediation(people, tmp_path):
    audit = world.plan(people)
    [action] = world.to_remediation(people, audit, tmp_path)
    return audit, action


def test_the_owner_reaches_what_to_fix_in_one_tap(client, people, remediation):
    _, action = remediation
    sign_in(client, world.OWNER)
    board = client.get("/").text
    assert 'id="waiting-h">Waiting for you' in board
    assert re.search(r'id="nav-waiting">1<', board)
    link = re.search(r'<ul id="my-actions">\s*<li><a href="(/actions/CA-\d+)">', board).group(1)
    assert link == f"/actions/{action}"  # one tap
    page = client.get(link).text
    [finding] = findings.list_findings(people.uow(), remediation[0])
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert heading.startswith(f"Fix: {finding.criterion} ")
    assert "seen on site" in page and "days left" in page and "policy.pdf" in page
    assert page.index("Fix:") < page.index("The plan") < page.index("Next steps")


def test_fixes_to_verify_wait_for_the_verifier_not_the_implementer(client, people,
                                                                     remediation):
    _, action = remediation
    for event in ("start", "implement"):
        world.act(people, world.OWNER, action, event, note="done")
    officer = waiting_for(people.uow(), actor=as_cli(world.OFFICER))
    owner = waiting_for(people.uow(), actor=as_cli(world.OWNER))
    assert (officer.to_verify, owner.to_verify, owner.my_actions) == (1, 0, 1)
    sign_in(client, world.OFFICER)
    board = client.get("/").text
    assert f'<ul id="to-verify">\n  <li><a href="/actions/{action}">' in board


def test_owners_are_picked_from_those_allowed_at_the_facility(client, people, tmp_path):
    audit = world.plan(people)
    must, _ = world.must_and_should(people, audit)
    world.to_review(people, audit, tmp_path, {must: "non_compliant"})
    [finding] = findings.list_findings(people.uow(), audit)
    findings.confirm_finding(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                             finding=finding.id)
    sign_in(client, world.OFFICER)
    page = client.get(f"/audits/{audit}").text
    select = re.search(rf'<select id="owner-{finding.id}".*?</select>', page, re.S).group(0)
    offered = set(re.findall(r'<option value="([^"]+)"', select))
    assert offered == {world.OWNER, world.MANAGER}  # not the other facility's manager
    assert 'type="email"' not in select


def test_a_page_navigation_counts_what_waits_with_the_sign_in_read(client, remediation):
    """A browser's page navigation reads the counts with the session (one transaction); any
    other request that renders a page reads them then: the same counts either way."""
    _, action = remediation
    sign_in(client, world.OWNER)
    with statements() as plain_reads:
        plain = client.get(f"/actions/{action}").text
    with statements() as navigation_reads:
        navigated = client.get(f"/actions/{action}", headers=NAVIGATION).text
    count = re.compile(r'id="nav-waiting">(\d+)<')
    assert count.search(navigated).group(1) == count.search(plain).group(1) == "1"
    def sent(reads: list[str]) -> list[str]:  # SQLite sends BEGIN, PostgreSQL's driver not
        return [s for s in reads if not s.startswith("BEGIN")]

    # the person and their grants are not looked up again (nor a transaction begun again)
    assert len(sent(navigation_reads)) == len(sent(plain_reads)) - 2, navigation_reads
    picture = client.get(f"/actions/{action}", headers={"Sec-Fetch-Dest": "image"})
    assert count.search(picture.text).group(1) == "1"  # not guessed: read when rendered
