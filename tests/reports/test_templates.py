"""The Jinja side: search path, overrides, autoescape, sandbox, strict undefined, clear errors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.reporting.templates import Templates, shipped_template_dir
from audit_engine.services.reports.views.audit import audit_report_context
from tests.reports import sample_views as sv

MOMENT = datetime(2027, 4, 10, tzinfo=UTC)
PAYLOADS = ('<img src="file:///etc/passwd">', '<link rel="attachment" href="file:///etc/passwd">',
            "background: url(file:///etc/passwd)", "{{ 7*7 }}", "{% raw %}")


def test_shipped_templates_live_at_the_top_of_the_repo():
    assert (shipped_template_dir() / "audit_report.html").is_file()
    assert (shipped_template_dir() / "report.css").is_file()


def test_user_text_is_escaped_never_interpreted():
    note = " ".join(PAYLOADS)
    html = WeasyRenderer().render_html(
        "audit_report.html", audit_report_context(sv.audit(note=note, evidence_name=note), MOMENT))
    assert '<img src="file:///etc/passwd">' not in html
    assert '<link rel="attachment"' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html


def test_a_user_folder_overrides_one_template_and_keeps_the_rest(tmp_path):
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "signoff.html").write_text("<section><h2>Our own sign-off</h2></section>")
    (tmp_path / "report.css").write_text("html { color: black; }")
    renderer = WeasyRenderer(tmp_path)
    html = renderer.render_html("audit_report.html", audit_report_context(sv.audit(), MOMENT))
    assert "Our own sign-off" in html and "Evidence index" in html
    assert inline(tmp_path / "report.css") in html  # the user's stylesheet wins
    assert inline(shipped_template_dir() / "logo.svg") in html  # ours as fallback


def inline(path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def test_a_broken_user_template_names_file_and_line(tmp_path):
    (tmp_path / "audit_report.html").write_text("<p>fine</p>\n<p>{% if %}</p>\n")
    with pytest.raises(InvalidInput, match=r"audit_report\.html:2"):
        WeasyRenderer(tmp_path).render_html("audit_report.html", {})


def test_an_undefined_variable_fails_loudly_with_file_and_line(tmp_path):
    (tmp_path / "audit_report.html").write_text("<p>ok</p>\n\n<p>{{ audit.no_such_field }}</p>\n")
    context = audit_report_context(sv.audit(), MOMENT)
    with pytest.raises(InvalidInput, match=r"audit_report\.html:3.*no_such_field"):
        WeasyRenderer(tmp_path).render_html("audit_report.html", context)


def test_the_sandbox_refuses_python_internals(tmp_path):
    (tmp_path / "evil.html").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(InvalidInput, match=r"evil\.html"):
        WeasyRenderer(tmp_path).render_html("evil.html", {})


def test_missing_template_and_missing_folder_are_clear(tmp_path):
    with pytest.raises(NotFound, match="nope.html"):
        WeasyRenderer().render_html("nope.html", {})
    with pytest.raises(InvalidInput, match="does not exist"):
        WeasyRenderer(tmp_path / "missing")


def test_assets_cannot_escape_the_template_folders(tmp_path):
    with pytest.raises(InvalidInput, match="not found"):
        Templates([tmp_path]).asset("../../etc/passwd")


def test_render_text_for_email_does_not_html_escape(tmp_path):
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "hello.txt").write_text("Hi {{ name }}, audit {{ audit }} <is> due.\n")
    (tmp_path / "email" / "hello.html").write_text("<p>Hi {{ name }}</p>")
    renderer = WeasyRenderer(tmp_path)
    text = renderer.render_text("email/hello.txt", {"name": "O'Brien & <Co>", "audit": "A-1"})
    assert text == "Hi O'Brien & <Co>, audit A-1 <is> due."
    html = renderer.render_text("email/hello.html", {"name": "<Co>"})
    renderer.close()
    assert html == "<p>Hi &lt;Co&gt;</p>"
