"""Issue 28 item 8 as reported, through the installed command: answer, submit (two drafts),
return, change an answer, submit again (one draft dismissed "answer changed before
resubmission"): `log verify --deep` exits 0."""

from __future__ import annotations

import json

ADMIN, LEAD, BOSS = "admin@example.com", "lina@example.com", "mgr@example.com"


def test_resubmission_leaves_log_verify_deep_clean(cli, tmp_path):
    def ok(*args: str) -> str:
        done = cli(*args)
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    ok("init")
    ok("user", "add", ADMIN, "--name", "Ada", "--role", "admin")
    ok("user", "add", LEAD, "--name", "Lina", "--role", "auditor", "--as", ADMIN)
    ok("user", "add", BOSS, "--name", "Mo", "--role", "manager", "--as", ADMIN)
    ok("facility", "add", "US-1", "--name", "One", "--entity-type", "us_importer",
       "--manager", BOSS, "--as", ADMIN)
    ok("user", "grant", BOSS, "--role", "compliance_officer", "--as", ADMIN)
    ok("audit", "plan", "--facility", "US-1", "--checklist", "ctpat-msc", "--period", "2027-Q1",
       "--lead", LEAD, "--as", BOSS)
    ok("audit", "start", "A-1", "--as", LEAD)
    rows = json.loads(ok("audit", "answers", "A-1", "--json", "--as", LEAD))
    musts = [r["criterion"] for r in rows if r["level"] == "must"]
    should = next(r["criterion"] for r in rows if r["level"] == "should")
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF-1.4 proof\n")
    ok("evidence", "add", "A-1", str(proof), *[a for c in musts for a in ("--criterion", c)],
       "--as", LEAD)
    for category in sorted({r["category"] for r in rows}):
        ok("answer", "A-1", "--category", category, "--rest", "compliant", "--as", LEAD)
    ok("answer", "A-1", musts[0], "--result", "non_compliant", "--note", "no seals", "--as", LEAD)
    ok("answer", "A-1", should, "--result", "partial", "--note", "half", "--as", LEAD)
    ok("audit", "submit", "A-1", "--as", LEAD)
    ok("audit", "return", "A-1", "--reason", "check again", "--as", BOSS)
    ok("answer", "A-1", should, "--result", "compliant", "--as", LEAD)
    ok("audit", "submit", "A-1", "--as", LEAD)
    findings = json.loads(ok("finding", "list", "A-1", "--json", "--as", LEAD))
    assert sorted(f["status"] for f in findings) == ["dismissed", "draft"]

    verified = cli("log", "verify", "--deep")

    assert verified.returncode == 0, verified.stderr
    assert "records and files agree with the trail" in verified.stdout
