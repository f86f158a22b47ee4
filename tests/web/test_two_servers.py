"""Two server processes on one PostgreSQL: a session made by one works on the other, and the
same answer saved through both at once is saved once and refused once (409)."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.conftest import POSTGRES_ONLY
from tests.lifecycle import world
from tests.web.conftest import PASSWORD
from tests.web.servers import served

pytestmark = [pytest.mark.slow, *POSTGRES_ONLY]


@pytest.fixture
def postgres_url(database_url):
    return database_url


def test_sign_in_on_one_server_continue_on_the_other(people, home, postgres_url):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    _, criterion = world.must_and_should(people, audit)
    with served(home, postgres_url) as first, served(home, postgres_url) as second:
        one = httpx.Client(base_url=first, follow_redirects=False, timeout=60)
        form = one.get("/sign-in")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        signed = one.post("/sign-in", data={"email": world.LEAD, "password": PASSWORD,
                                            "csrf": token, "next": "/"})
        assert signed.status_code == 303
        other = httpx.Client(base_url=second, follow_redirects=False, timeout=60,
                             cookies={"ae_session": one.cookies["ae_session"]})
        page = other.get(f"/audits/{audit}")
        assert page.status_code == 200 and world.LEAD in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        statuses = _save_twice_at_once([one, other], audit, criterion, csrf)
        assert sorted(statuses) == [200, 409], statuses


def _save_twice_at_once(clients, audit, criterion, csrf) -> list[int]:
    start, statuses = threading.Barrier(len(clients)), []

    def save(client, result):
        start.wait()
        response = client.post(
            f"/audits/{audit}/answers/{criterion}",
            headers={"HX-Request": "true", "X-CSRF-Token": csrf},
            data={"result": result, "note": f"seen as {result}", "seen": ""})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(c, r))
               for c, r in zip(clients, ("partial", "non_compliant"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses
