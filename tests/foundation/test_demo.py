"""`audit-engine demo`, as `make demo` runs it: the whole product on a fresh embedded database."""

import email
import json
import subprocess

import pytest
from pypdf import PdfReader

from audit_engine.demo.run import MARKER, prepare_home
from tests.conftest import COMMAND

pytestmark = pytest.mark.slow


def run_demo(home):
    return subprocess.run([str(COMMAND), "demo", "--home", str(home)], capture_output=True,
                          text=True, timeout=600)


def test_demo_walks_every_state_and_says_where_everything_went(tmp_path):
    home = tmp_path / "demo"
    result = run_demo(home)
    assert result.returncode == 0, result.stderr
    assert "chain intact" in result.stdout
    for name in ("A-1-draft.pdf", "portfolio.pdf", "corrective-actions.pdf"):
        assert (home / "reports" / name).read_bytes().startswith(b"%PDF")
    [final] = (home / "reports" / "final").glob("*.pdf")
    reader = PdfReader(final)
    assert "A-1.json" in reader.attachments
    [attached] = reader.attachments["A-1.json"]
    assert json.loads(attached)["facility"]["code"] == "US-LRD-01"
    assert "DRAFT" not in reader.pages[0].extract_text()
    assert "DRAFT" in PdfReader(home / "reports" / "A-1-draft.pdf").pages[0].extract_text()
    subjects = [email.message_from_bytes(p.read_bytes())["Subject"]
                for p in sorted((home / "mail").glob("*.eml"))]
    assert len(subjects) >= 8 and any("final report" in s.lower() for s in subjects), subjects
    for sent in (home / "mail").glob("*.eml"):  # RFC 2045 section 4, every kind of mail
        assert email.message_from_bytes(sent.read_bytes()).get_all("MIME-Version") == ["1.0"]


def test_an_earlier_demo_folder_is_started_afresh(tmp_path):
    home = tmp_path / "demo"
    home.mkdir()
    (home / MARKER).write_text("")
    (home / "leftover.txt").write_text("from an earlier demo")
    prepare_home(home)
    assert sorted(p.name for p in home.iterdir()) == [MARKER]


def test_demo_refuses_a_folder_that_is_not_its_own(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = run_demo(tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --home") and "not an earlier demo's" in result.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"
