"""Report rendering benchmark: our part (views + context + Jinja) against WeasyPrint's own work.

    .venv/bin/python bench/bench_reports.py [--reports 50]

1. A large audit (150 criteria, 40 findings, 300 evidence items, 200 trail events): time to
   build the views and context and render the HTML (ours), versus WeasyPrint laying out and
   writing the same final HTML (theirs), in this process. Aim: ours < 15 % of theirs.
   Also pages per second and the peak RSS of this process.
2. N medium reports rendered one after another (one worker) versus as a batch on every core.
   Aim: batch at least 1.7x faster on 2 cores.
Views are built in memory: loading them from the database is a handful of queries (one per
table, see services/report_data.py) and is not part of this figure.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.domain.report_context import audit_report_context  # noqa: E402
from audit_engine.reporting.progress import ProgressBar  # noqa: E402
from audit_engine.reporting.renderer import BatchItem, WeasyRenderer  # noqa: E402
from tests.reports import sample_views as sv  # noqa: E402

MOMENT = datetime(2027, 4, 10, tzinfo=UTC)


def large_audit():
    return sv.audit(status="review", n_categories=10, per_category=15, n_findings=40,
                    n_evidence=300, n_events=200)


def ours(renderer: WeasyRenderer) -> tuple[str, float]:
    started = time.perf_counter()
    view = large_audit()
    html = renderer.render_html("audit_report.html", audit_report_context(view, MOMENT))
    return html, time.perf_counter() - started


def theirs(renderer: WeasyRenderer, html: str) -> tuple[bytes, float]:
    from audit_engine.reporting import weasy
    from audit_engine.reporting.worker import RenderJob

    job = RenderJob(html=html, base_url=renderer.base_url, roots=renderer.roots)
    started = time.perf_counter()
    pdf = weasy.render(job)
    return pdf, time.perf_counter() - started


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def batch(renderer: WeasyRenderer, count: int, workers: int, folder: Path) -> float:
    view = sv.audit(status="review", n_categories=4, per_category=6, n_findings=6,
                    n_evidence=10, n_events=20)
    html = renderer.render_html("audit_report.html", audit_report_context(view, MOMENT))
    items = [BatchItem(f"R{n}", html, folder / f"r{n}.pdf") for n in range(count)]
    renderer.workers = workers
    started = time.perf_counter()
    summary = renderer.render_batch(items, ProgressBar(count))
    elapsed = time.perf_counter() - started
    assert not summary.failed, summary.failed
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=50)
    args = parser.parse_args()
    renderer = WeasyRenderer()
    ours(renderer)  # warm Jinja's template cache, as a long-lived process would be
    html, our_seconds = ours(renderer)
    pdf, their_seconds = theirs(renderer, html)
    pages = page_count(pdf)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"large audit: {len(html) / 1e3:.0f} kB HTML, {pages} pages, {len(pdf) / 1e3:.0f} kB PDF")
    print(f"  ours (views + context + templating): {our_seconds * 1000:8.1f} ms")
    print(f"  WeasyPrint (layout + PDF):           {their_seconds * 1000:8.1f} ms")
    print(f"  ratio ours/WeasyPrint: {our_seconds / their_seconds:6.1%}   (aim < 15%)")
    print(f"  pages per second: {pages / their_seconds:5.1f}; peak RSS of this process "
          f"{peak_mb:.0f} MB")
    with tempfile.TemporaryDirectory() as folder:
        one = batch(renderer, args.reports, 1, Path(folder))
        both = batch(renderer, args.reports, 2, Path(folder))
    print(f"{args.reports} medium reports: one worker {one:.1f} s, two workers {both:.1f} s, "
          f"speed-up {one / both:.2f}x   (aim >= 1.7x)")


if __name__ == "__main__":
    main()
