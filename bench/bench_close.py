"""Closing the demo audit: the whole close (rehearse, render the final report, store, commit,
checkpoint) against WeasyPrint alone on the same HTML (the floor).

    .venv/bin/python bench/bench_close.py [--full-trail]

Plays the demo story (`make demo`: one US importer audit of the CTPAT MSC, 92 criteria,
findings, corrective actions implemented, one rejected once, all verified) up to remediation,
then closes the audit as `audit close` and the API do, with the final report hook. Then renders
the closed audit's report HTML once more and times WeasyPrint laying it out and writing it
(PDF/A-3b with the audit's JSON attached), in this process. Aim: the close within 5 s on this
machine; the rest of the close (ours) is the close minus WeasyPrint's own time.
`--full-trail` prints every trail event (the `report_full_trail` setting) for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.demo import story as demo  # noqa: E402
from audit_engine.domain.rules.lifecycle import AuditId  # noqa: E402
from audit_engine.services.reports import rendering  # noqa: E402
from audit_engine.services.review import transitions  # noqa: E402

AIM_SECONDS = 5.0


def prepared(home: Path, full_trail: bool):
    """The demo, played up to the close."""
    app = build_app(Settings(home=home, report_full_trail=full_trail))
    story = demo.Story(app, lambda *_: None)
    for chapter in (story.setup, story.open_quarter, story.fieldwork, story.review,
                    story.remediation):
        chapter()
    story.on("2027-03-03")
    return app, story


def weasyprint_alone(app, audit: AuditId) -> tuple[float, int]:
    """WeasyPrint's layout + PDF/A-3b of the closed audit's report HTML, in this process."""
    from audit_engine.reporting import weasy
    from audit_engine.reporting.jobs import RenderJob

    renderer = app.renderer()
    view = rendering.read_audit_view(app.uow(), audit)
    moment = rendering.report_moment(view, app.clock)
    html = rendering.audit_html(renderer, view, moment, app.report_extras())
    options = rendering.pdf_options(view, moment)
    weasy.render(RenderJob(html="<p>warm-up</p>", base_url=None, roots=()))
    job = RenderJob(html=html, base_url=renderer.base_url, roots=renderer.roots,
                    attachments=options["attachments"], pdf_variant=options["pdf_variant"],
                    identifier=options["identifier"])
    started = time.perf_counter()
    pdf = weasy.render(job)
    return time.perf_counter() - started, page_count(pdf)


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full-trail", action="store_true")
    full = parser.parse_args().full_trail
    with tempfile.TemporaryDirectory() as folder:
        app, story = prepared(Path(folder), full)
        app.renderer().warm()  # as `serve` does: the worker is up before anyone closes
        started = time.perf_counter()
        done = transitions.close_audit(app.uow(), app.clock, actor=demo.cli(demo.OFFICER),
                                       audit=story.audit,
                                       on_closed=app.final_report_hook())
        close = time.perf_counter() - started
        pages = page_count(done.extra.path.read_bytes())
        floor, again = weasyprint_alone(app, story.audit)
        app.dispose()
    trail = "full trail appendix" if full else "trail summary"
    print(f"close {story.audit} ({trail}): {close:5.2f} s, final report {pages} pages "
          f"(aim < {AIM_SECONDS:.0f} s: {'met' if close < AIM_SECONDS else 'MISSED'})")
    print(f"WeasyPrint alone on the same HTML: {floor:5.2f} s ({again} pages); "
          f"ours = close - WeasyPrint = {close - floor:5.2f} s ({close / floor:4.2f}x the floor)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
