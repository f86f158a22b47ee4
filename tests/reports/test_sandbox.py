"""The template sandbox covers Jinja: folders kept, time, memory and output bounded.

Templates (reports and e-mail) are user-overridable, so a template is untrusted input: it may
not read files outside the template folders (symlinks included), and a slow loop, a huge string
or a self-include ends as one line naming the template, exit 2. The scheduler records such a
failure on the message and goes on with the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from audit_engine.bootstrap import build_app
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.lifecycle import world
from tests.scheduling import ticking as tick
from tests.scheduling.rows import due_rows

SECRET = "root:x:0:0:secret-line"
NOW = datetime(2027, 2, 1, 7, tzinfo=UTC)

# (case, audit_report.html of the override folder, words of the one error line)
BROKEN_REPORTS = [
    ("symlink out of the folder", '{% include "passwd.html" %}', "outside the template folders"),
    ("slow loop", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                  "{% endfor %}", "stopped after 1 s"),
    ("huge string", '{{ "x" * 3000000000 }}', "too much output"),
    ("self-include", '{% include "audit_report.html" %}', "itself too deeply (recursion)"),
    ("range of 10**9", "{% for i in range(10**9) %}{% endfor %}", "range too big"),
]


@pytest.fixture
def database_url(tmp_path):
    """The sandbox does not depend on the database: SQLite only."""
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


@pytest.fixture
def secret(tmp_path):
    """A file outside every template folder, standing in for /etc/passwd or /etc/shadow."""
    path = tmp_path / "outside" / "shadow"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


def override_folder(tmp_path, name: str, secret) -> str:
    folder = tmp_path / "templates" / name.replace(" ", "-")
    folder.mkdir(parents=True)
    (folder / "passwd.html").symlink_to(secret)
    return str(folder)


def test_broken_report_templates_are_one_line_exit_2_and_write_nothing(app, home, tmp_path,
                                                                        secret):
    world.cast(app)
    world.plan(app)
    cases = []
    for name, template, _ in BROKEN_REPORTS:
        folder = override_folder(tmp_path, name, secret)
        (tmp_path / "templates" / name.replace(" ", "-") / "audit_report.html").write_text(template)
        limit = {"AUDIT_ENGINE_RENDER_TIMEOUT": "1"} if name == "slow loop" else {}
        cases.append({"argv": ["report", "audit", "A-1", "-o", str(tmp_path / f"{name}.pdf"),
                               "--as", world.OFFICER],
                      "env": {"AUDIT_ENGINE_TEMPLATE_DIR": folder, **limit}})
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=app.settings.database_url)
    done = subprocess.run([sys.executable, "-m", "tests.inputs.replay"], env=env,
                          input=json.dumps(cases), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for (name, _, words), result in zip(BROKEN_REPORTS, json.loads(done.stdout), strict=True):
        lines = result["stderr"].splitlines()
        assert result["code"] == 2 and len(lines) == 1, (name, result)
        assert lines[0].startswith("error: template ") and words in lines[0], (name, lines)
        assert "audit_report.html" in lines[0] or "passwd.html" in lines[0], (name, lines)
        assert not (tmp_path / f"{name}.pdf").exists()
    assert SECRET not in done.stdout


def test_the_installed_command_refuses_a_symlinked_include(app, cli, tmp_path, secret):
    world.cast(app)
    world.plan(app)
    folder = override_folder(tmp_path, "installed", secret)
    (tmp_path / "templates" / "installed" / "audit_report.html").write_text(
        '<p>{% include "passwd.html" %}</p>')
    output = tmp_path / "leak.pdf"
    done = cli("report", "audit", "A-1", "-o", str(output), "--as", world.OFFICER,
               env={"AUDIT_ENGINE_TEMPLATE_DIR": folder})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: template 'passwd.html'") and "outside" in done.stderr
    assert not output.exists()


def test_the_scheduler_records_a_template_failure_on_its_message_and_goes_on(app, tmp_path,
                                                                            secret):
    """audit_due mail includes a link to a secret; fieldwork_starting loops too long;
    final_report is fine. Two messages fail with their reason, the third is sent, the tick
    goes on."""
    folder = tmp_path / "templates" / "mail"
    (folder / "email").mkdir(parents=True)
    (folder / "email" / "shadow.txt").symlink_to(secret)
    (folder / "email" / "audit_due.txt").write_text('{% include "email/shadow.txt" %}')
    (folder / "email" / "fieldwork_starting.txt").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    mail_app = build_app(replace(app.settings, template_dir=folder, render_timeout=1))
    try:
        for rule in ("audit_due", "fieldwork_starting", "final_report"):
            due_rows(mail_app, NOW, 1, rule=rule)
        summary = tick.tick(mail_app, NOW)
        with mail_app.uow().reading() as uow:
            rows = {r.rule: r for r in uow.session.exec(select(OutboxMessage)).all()}
    finally:
        mail_app.dispose()
    assert summary.dispatch.sent == 1 and summary.dispatch.failed == 2, summary
    assert rows["final_report"].status == "sent"
    assert rows["audit_due"].status == "failed"
    assert "outside the template folders" in rows["audit_due"].last_error
    assert rows["fieldwork_starting"].status == "failed"
    assert "fieldwork_starting.txt: stopped after 1 s" in rows["fieldwork_starting"].last_error
    mailed = list(mail_app.settings.mail_folder.rglob("*.eml"))
    assert len(mailed) == 1
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in mailed)


def test_web_page_templates_refuse_a_symlink_out_of_the_folder(tmp_path, secret):
    from audit_engine.domain.errors import InvalidInput
    from audit_engine.reporting.pages import PageTemplates, page_dirs

    (tmp_path / "user" / "web").mkdir(parents=True)
    (tmp_path / "user" / "web" / "sign_in.html").symlink_to(secret)
    pages = PageTemplates(page_dirs(tmp_path / "user"))
    with pytest.raises(InvalidInput, match="outside the template folders"):
        pages.render("sign_in.html", {})


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png"])
def test_a_template_reaching_outside_is_bad_input_exit_2(app, cli, tmp_path, url):
    world.cast(app)
    world.plan(app)
    folder = tmp_path / "templates" / "outside"
    folder.mkdir(parents=True)
    (folder / "audit_report.html").write_text(f'<p>x</p><img src="{url}">')
    output = tmp_path / "leak.pdf"
    done = cli("report", "audit", "A-1", "-o", str(output), "--as", world.OFFICER,
               env={"AUDIT_ENGINE_TEMPLATE_DIR": str(folder)})
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert url in lines[0] and "outside the template folders" in lines[0]
    assert not output.exists()
