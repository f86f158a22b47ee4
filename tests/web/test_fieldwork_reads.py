"""The fieldwork page and the answer saved in place read a fixed number of statements, however
many files, answers and findings the audit has (no query per row), and never the trail."""

from __future__ import annotations

import re

import pytest

from audit_engine.services.fieldwork import answers, evidence
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in, statements

HTMX = {"HX-Request": "true"}


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


def _criteria(client, audit) -> list[str]:
    page = client.get(f"/audits/{audit}/all").text
    return re.findall(r'<li class="criterion" id="c-([^"]+)"', page)


def _page_reads(client, audit) -> list[str]:
    with statements() as sent:
        assert client.get(f"/audits/{audit}").status_code == 200
    return sent


def test_page_statements_do_not_grow_with_files_and_answers(client, audit, people, tmp_path):
    sign_in(client, world.LEAD)
    criteria = _criteria(client, audit)  # first: the pinned checklist is parsed once
    before = _page_reads(client, audit)
    for n, criterion in enumerate(criteria[:6]):
        proof = tmp_path / f"proof-{n}.txt"
        proof.write_text(f"proof {n}")
        evidence.add_evidence(people.uow(), people.clock, people.evidence_store(),
                              actor=as_cli(world.LEAD), audit=audit, path=proof,
                              criteria=[criterion, criteria[-1]])
        answers.record_answer(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit,
                              criterion=criterion, result="compliant")
    after = _page_reads(client, audit)
    assert len(after) == len(before), after
    assert not [s for s in after if "audit_event" in s], "the page read the trail"
    # the session lookup (3: with the unread-inbox count and the facility's language), the
    # page's own reads (9), and the navigation's "waiting" counts (one read transaction of
    # 5, open audits and actions only; read with the session on a browser's navigation)
    assert len(after) <= 17, after


def test_save_in_place_reads_its_row_in_the_write_transaction(client, audit):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}")
    criterion = _criteria(client, audit)[0]
    with statements() as sent:
        saved = client.post(f"/audits/{audit}/answers/{criterion}",
                            headers={**HTMX, "X-CSRF-Token": csrf_of(page.text)},
                            data={"result": "compliant", "note": "", "seen": ""})
    assert saved.status_code == 200, saved.text
    begins = [s for s in sent if s.startswith("BEGIN")]
    # SQLite: the session lookup, then the write, which reads the category page it leaves
    # (the progress line and the rest box sent along out of band) before it commits
    assert len(begins) <= 2, sent
    assert len(sent) <= 16, sent  # 3 looking up the session, 10 writing, 3 reading back
