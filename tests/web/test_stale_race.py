"""Two server processes on one PostgreSQL, two people pressing the same step on pages read at
the same moment, at once: one step is taken, the other is refused with 409 naming the first."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from audit_engine.services.review.findings import list_findings
from tests.conftest import POSTGRES_ONLY
from tests.lifecycle import world
from tests.web.conftest import PASSWORD
from tests.web.servers import served

pytestmark = [pytest.mark.slow, *POSTGRES_ONLY]


def _signed_in(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    form = client.get("/sign-in")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    done = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf": token,
                                         "next": "/"})
    assert done.status_code == 303
    return client


def _fields(client: httpx.Client, page: str, action: str) -> dict[str, str]:
    html = client.get(page).text
    block = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', block))


def _at_once(posts) -> list[httpx.Response]:
    """The answers, in the order of `posts`."""
    start, answers = threading.Barrier(len(posts)), [None] * len(posts)

    def post(index, client, url, data):
        start.wait()
        answers[index] = client.post(url, data=data)

    threads = [threading.Thread(target=post, args=(i, *p)) for i, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def test_the_same_step_through_two_servers_at_once(people, home, database_url, tmp_path):
    audit = world.plan(people)
    (action,) = world.to_remediation(people, audit, tmp_path)
    with served(home, database_url) as first, served(home, database_url) as second:
        owner, manager = _signed_in(first, world.OWNER), _signed_in(second, world.MANAGER)
        url, page = f"/actions/{action}/start", f"/actions/{action}"
        posts = [(owner, url, _fields(owner, page, url)),
                 (manager, url, _fields(manager, page, url))]
        answers = _at_once(posts)
    assert sorted(a.status_code for a in answers) == [303, 409], [a.text for a in answers]
    winner = world.OWNER if answers[0].status_code == 303 else world.MANAGER
    refused = next(a for a in answers if a.status_code == 409)
    assert re.search(rf"{winner} moved {action} from open to in progress at .* "
                     r"\(trail event #\d+\)", refused.text), refused.text
    starts = [e for e in _events(people) if e == "action.start"]
    assert len(starts) == 1


def _events(app) -> list[str]:
    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with app.uow().reading() as uow:
        return list(uow.session.exec(select(AuditEvent.action)).all())


def test_the_same_finding_decided_through_two_servers_at_once(people, home, database_url,
                                                             tmp_path):
    audit = world.plan(people)
    must, _ = world.must_and_should(people, audit)
    world.to_review(people, audit, tmp_path, {must: "non_compliant"})
    (finding,) = [f.id for f in list_findings(people.uow(), audit)]
    with served(home, database_url) as first, served(home, database_url) as second:
        lead, officer = _signed_in(first, world.LEAD), _signed_in(second, world.OFFICER)
        page = f"/audits/{audit}"
        confirm, dismiss = f"/findings/{finding}/confirm", f"/findings/{finding}/dismiss"
        answers = _at_once([
            (lead, confirm, _fields(lead, page, confirm)),
            (officer, dismiss, {**_fields(officer, page, dismiss), "reason": "duplicate"}),
        ])
    assert sorted(a.status_code for a in answers) == [303, 409], [a.text for a in answers]
    won = (f"{world.LEAD} moved {finding} from draft to confirmed"
           if answers[0].status_code == 303
           else f"{world.OFFICER} moved {finding} from draft to dismissed (dismiss: duplicate)")
    refused = next(a for a in answers if a.status_code == 409)
    assert won in refused.text, refused.text
    decided = [e for e in _events(people) if e in ("finding.confirm", "finding.dismiss")]
    assert len(decided) == 1
