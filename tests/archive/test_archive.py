"""The audit archive verifies offline; one flipped byte in any member fails naming it."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.services.reports.archive import archive_audit, archive_period
from audit_engine.services.reports.archive_verify import verify_archive
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.conftest import COMMAND
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER

pytestmark = pytest.mark.slow


def close(app, tmp_path) -> str:
    audit = world.ready_to_close(app, tmp_path)
    transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                           on_closed=app.final_report_hook())
    return audit


def rewrite(source: Path, target: Path, member: str, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == member else data)


def flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


def test_archive_of_a_closed_audit_verifies_and_names_any_edited_member(app, tmp_path):
    audit = close(app, tmp_path)
    made = archive_audit(app.uow(), app.evidence_store(), app.report_store(), app.clock,
                         actor=as_cli(OFFICER), audit=audit, output=tmp_path / "a.zip")
    assert made.evidence == 1 and made.events > 5

    report = verify_archive(made.path)
    assert report.ok, report.problems
    with zipfile.ZipFile(made.path) as archive:
        members = archive.namelist()
    assert {"report.pdf", "audit.json", "trail.json", "manifest.json",
            "evidence/E-1/policy.pdf"} <= set(members)

    for member in members:
        edited = tmp_path / "edited.zip"
        rewrite(made.path, edited, member, flip)
        problems = verify_archive(edited).problems
        assert problems and problems[0].startswith(f"{member}:"), (member, problems)
    added_missing_and_damaged(made, tmp_path)
    the_documented_validator_checks(made.path, tmp_path)

    quarter = tmp_path / "quarter"
    quarter.mkdir()
    [one] = archive_period(app.uow(), app.evidence_store(), app.report_store(), app.clock,
                           actor=as_cli(OFFICER), period=world.PERIOD, out_dir=quarter)
    assert one.path == quarter / f"{audit}-{world.PERIOD}.zip" and verify_archive(one.path).ok


def the_documented_validator_checks(archive: Path, tmp_path: Path) -> None:
    """docs/archive.md's stdlib-only snippet: passes on the archive, fails on an edited one."""
    import re
    import sys

    docs = (Path(__file__).resolve().parents[2] / "docs" / "archive.md").read_text()
    [snippet] = re.findall(r"```python\n(.*?)```", docs, flags=re.S)
    script = tmp_path / "validate.py"
    script.write_text(snippet)
    run = [sys.executable, str(script)]
    done = subprocess.run([*run, str(archive)], capture_output=True, text=True)
    assert done.returncode == 0 and "check out" in done.stdout, done.stderr
    edited = tmp_path / "edited-manifest.zip"
    rewrite(archive, edited, "manifest.json", lambda d: d.replace(b'"bytes": ', b'"bytes":  1'))
    assert "manifest edited" in subprocess.run([*run, str(edited)], capture_output=True,
                                               text=True).stderr


def added_missing_and_damaged(made, tmp_path):
    extra = tmp_path / "extra.zip"
    with zipfile.ZipFile(made.path) as old, zipfile.ZipFile(extra, "w") as new:
        for info in old.infolist():
            if info.filename != "audit.json":
                new.writestr(info, old.read(info.filename))
        new.writestr("evidence/E-9/late.pdf", b"%PDF added later")
    assert verify_archive(extra).problems == (
        "audit.json: missing (listed in the manifest)",
        "evidence/E-9/late.pdf: added (not in the manifest)")

    raw = bytearray(made.path.read_bytes())
    with zipfile.ZipFile(made.path) as archive:
        info = archive.getinfo("report.pdf")
    raw[info.header_offset + 30 + len(info.filename) + 100] ^= 0xFF  # inside the stored PDF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    assert verify_archive(damaged).problems[0].startswith("report.pdf:")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_archive_command_and_verify_with_no_database_and_no_home(app, cli, tmp_path):
    audit = close(app, tmp_path)
    archived = cli("audit", "archive", audit, "-o", str(tmp_path / "a.zip"), "--as", OFFICER)
    assert archived.returncode == 0, archived.stderr
    zipped = tmp_path / "a.zip"
    elsewhere = tmp_path / "validator"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env["AUDIT_ENGINE_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    good = subprocess.run([str(COMMAND), "archive", "verify", str(zipped)], cwd=elsewhere,
                          env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert "not checked offline" in good.stdout
    rewrite(zipped, elsewhere / "bad.zip", "evidence/E-1/policy.pdf", flip)
    bad = subprocess.run([str(COMMAND), "archive", "verify", "bad.zip"], cwd=elsewhere,
                         env=env, capture_output=True, text=True)
    assert bad.returncode == 6
    assert bad.stderr.splitlines()[0] == (
        "error: evidence/E-1/policy.pdf: edited (SHA-256 differs from the manifest)")
    assert list(elsewhere.iterdir()) == [elsewhere / "bad.zip"]  # no home, no database made


def test_only_closed_audits_are_archived(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    with pytest.raises(TransitionNotAllowed, match="only closed audits"):
        archive_audit(app.uow(), app.evidence_store(), app.report_store(), app.clock,
                      actor=as_cli(OFFICER), audit=audit, output=tmp_path / "a.zip")
