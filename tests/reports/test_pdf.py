"""Rendered PDFs read back as text: facts, page numbers, DRAFT, attachment, injection safety.

Kept few: each render starts a worker process (about a second) before WeasyPrint works.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from audit_engine.domain.errors import InvalidInput
from audit_engine.reporting.renderer import BatchItem, WeasyRenderer
from audit_engine.reporting.templates import percent
from audit_engine.reporting.worker import RenderFailed, RenderLimits
from audit_engine.services.reports.rendering import audit_html, audit_pdf
from audit_engine.services.reports.views.audit import score
from tests.reports import sample_views as sv
from tests.reports.pdfs import attachments, metadata_text, pages_text

pytestmark = pytest.mark.slow
MOMENT = datetime(2027, 4, 10, tzinfo=UTC)
PAYLOAD = ('<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> '
           '<div style="background: url(file:///etc/passwd)">x</div> {{ 7*7 }} {% raw %}')


@pytest.fixture(scope="module")
def renderer():
    return WeasyRenderer()


@pytest.fixture(scope="module")
def draft(renderer):
    view = sv.audit(status="review")
    return view, audit_pdf(renderer, view, MOMENT)


@pytest.fixture(scope="module")
def closed(renderer):
    view = sv.audit(status="closed")
    return view, audit_pdf(renderer, view, view.closed_at)


def test_draft_report_states_the_facts_and_numbers_its_pages(draft):
    view, pdf = draft
    pages = pages_text(pdf)
    text = "\n".join(pages)
    assert f"Overall score {percent(score(view.answers))}" in text
    for finding in view.findings:
        assert finding.id in text and finding.actions[0].id in text
    assert "ab" * 32 in text and "ctpat-msc version 2026.1" in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "DRAFT" in page
        assert "Generated 2027-04-10 00:00 UTC" in page
    summary = pages[-1]  # the trail as a summary; every event stays in the JSON
    assert "Audit trail (summary)" in summary
    assert f"Events {len(view.events)}" in summary and "audit-engine log verify" in summary


def test_the_full_trail_appendix_is_printed_only_when_asked(renderer, draft):
    from audit_engine.services.reports.rendering import AuditExtras

    view, summary_pdf = draft
    full = audit_pdf(renderer, view, MOMENT,
                     AuditExtras(full_trail=True))
    pages = pages_text(full)
    assert "Appendix: audit trail" in pages[-1]
    assert "Appendix: audit trail" not in "".join(pages_text(summary_pdf))


def test_closed_report_is_pdfa_with_the_audit_json_and_no_draft_mark(closed):
    view, pdf = closed
    pages = pages_text(pdf)
    assert not any("DRAFT" in page for page in pages)
    assert "Closed 2027-04-20 15:30 UTC" in "\n".join(pages)
    files = attachments(pdf)
    assert list(files) == [f"{view.id}.json"]
    assert json.loads(files[f"{view.id}.json"])["id"] == view.id
    assert "pdfaid:part" in metadata_text(pdf) or b"pdfaid" in pdf


def test_rendering_a_closed_audit_again_gives_the_same_bytes(renderer, closed):
    view, pdf = closed
    assert audit_pdf(renderer, view, view.closed_at) == pdf


def test_injected_text_stays_literal_and_nothing_outside_templates_is_read(renderer, tmp_path):
    view = sv.audit(status="review", note=PAYLOAD, evidence_name=PAYLOAD, n_events=2)
    log: list = []
    pdf = renderer.render_pdf(audit_html(renderer, view, MOMENT), fetch_log=log)
    text = re.sub(r"\s+", " ", " ".join(pages_text(pdf)))
    assert '<img src="file:///etc/passwd">' in text
    assert "{{ 7*7 }}" in text and "{% raw %}" in text
    assert "root:x:0:0" not in text and attachments(pdf) == {}
    roots = [str(d) for d in renderer.templates.dirs]  # assets come inline, as data: URIs
    assert log and all(ok and (url.startswith("data:") or
                               any(url.startswith("file://" + r) for r in roots))
                       for url, ok in log)


def test_raw_html_reaching_for_files_is_refused_not_embedded(renderer, tmp_path):
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("SECRET-SENTINEL")
    log: list = []
    html = f'<p>x</p><link rel="attachment" href="{sentinel.as_uri()}">'
    with pytest.raises(InvalidInput, match="outside the template folders"):
        renderer.render_pdf(html, fetch_log=log)
    assert log == [(sentinel.as_uri(), False)]
    # The other schemes in one batch: one worker for the three, not a fresh one each.
    urls = ("http://127.0.0.1:9/x.png", "https://example.com/x.css", "ftp://x/y")
    summary = renderer.render_batch([BatchItem(url, f'<img src="{url}">', tmp_path / f"{n}.pdf")
                                     for n, url in enumerate(urls)])
    assert sorted(label for label, _ in summary.failed) == sorted(urls)
    assert all("outside the template folders" in reason for _, reason in summary.failed)
    assert summary.written == [] and sorted(p.name for p in tmp_path.iterdir()) == ["sentinel.txt"]


def test_a_runaway_render_is_stopped_at_the_time_limit():
    slow = WeasyRenderer(limits=RenderLimits(seconds=1.0))
    html = "<table>" + "<tr><td>cell</td><td>more cells here</td></tr>" * 20000 + "</table>"
    with pytest.raises(RenderFailed, match="took longer than 1 s"):
        slow.render_pdf(html)


def test_batch_writes_every_file_and_summarises(renderer, tmp_path):
    items = [BatchItem(label=f"R{n}", html=f"<p>report {n}</p>", output=tmp_path / f"r{n}.pdf")
             for n in range(3)]
    items.append(BatchItem(label="bad", html='<img src="http://example.com/x">',
                           output=tmp_path / "bad.pdf"))
    summary = renderer.render_batch(items)
    assert sorted(p.name for p in summary.written) == ["r0.pdf", "r1.pdf", "r2.pdf"]
    assert [label for label, _ in summary.failed] == ["bad"]
    assert "report 1" in pages_text((tmp_path / "r1.pdf").read_bytes())[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r0.pdf", "r1.pdf", "r2.pdf"]
    assert "3 report(s) written, 1 failed" in summary.line()


def test_no_partial_file_when_the_folder_is_missing(tmp_path):
    from audit_engine.reporting.files import write_atomically

    with pytest.raises(InvalidInput, match="does not exist"):
        write_atomically(tmp_path / "missing" / "r.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []
