"""Report rendering benchmark: our part (views + context + Jinja) against WeasyPrint's own work.

    .venv/bin/python bench/bench_reports.py [--reports 50]

1. A large audit (150 criteria, 40 findings, 300 evidence items, 200 trail events): time to
   build the views and context and render the HTML (ours), versus WeasyPrint laying out and
   writing the same final HTML (theirs), in this process. Aim: ours < 15 % of theirs.
   Also pages per second and the peak RSS of this process (WeasyPrint dominates it).
2. N medium reports rendered one after another (one worker process, kept warm) versus as one
   batch on every core. Aim: batch at least 1.7x faster on 2 cores.
Both wall-clock and CPU seconds are printed: on a busy machine the wall-clock speed-up says
little (our workers wait for a core), so the load average is printed too and a warning when
the machine was not quiet.
Views are built in memory: loading them from the database is a handful of queries (one per
table, see services/report_data.py) and is not part of this figure.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.reporting.progress import ProgressBar  # noqa: E402
from audit_engine.reporting.renderer import BatchItem, WeasyRenderer, default_workers  # noqa: E402
from audit_engine.services.reports.views.audit import audit_report_context  # noqa: E402
from tests.reports import sample_views as sv  # noqa: E402

MOMENT = datetime(2027, 4, 10, tzinfo=UTC)


class Timer:
    """Wall-clock and CPU seconds of a block (CPU: this process, or its children)."""

    def __init__(self, children: bool = False) -> None:
        self.children = children

    def _cpu(self) -> float:
        if not self.children:
            return time.process_time()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, self._cpu() - self.cpu


def large_audit():
    return sv.audit(status="review", n_categories=10, per_category=15, n_findings=40,
                    n_evidence=300, n_events=200)


def ours(renderer: WeasyRenderer) -> tuple[str, Timer]:
    with Timer() as timer:
        view = large_audit()
        html = renderer.render_html("audit_report.html", audit_report_context(view, MOMENT))
    return html, timer


def theirs(renderer: WeasyRenderer, html: str) -> tuple[bytes, Timer]:
    from audit_engine.reporting import weasy
    from audit_engine.reporting.worker import RenderJob

    job = RenderJob(html=html, base_url=renderer.base_url, roots=renderer.roots)
    weasy.render(RenderJob(html="<p>warm-up</p>", base_url=None, roots=()))  # fonts, caches
    with Timer() as timer:
        pdf = weasy.render(job)
    return pdf, timer


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def medium_html(renderer: WeasyRenderer) -> str:
    view = sv.audit(status="review", n_categories=4, per_category=6, n_findings=6,
                    n_evidence=10, n_events=20)
    return renderer.render_html("audit_report.html", audit_report_context(view, MOMENT))


def batch(renderer: WeasyRenderer, html: str, count: int, workers: int, folder: Path) -> Timer:
    """`count` copies of one report through render_batch on `workers` processes (started
    once per batch, WeasyPrint imported once per worker)."""
    items = [BatchItem(f"R{n}", html, folder / f"r{n}.pdf") for n in range(count)]
    renderer.workers = workers
    with Timer(children=True) as timer:
        summary = renderer.render_batch(items, ProgressBar(count))
    assert not summary.failed, summary.failed
    return timer


def report_large(renderer: WeasyRenderer) -> None:
    ours(renderer)  # warm Jinja's template cache, as a long-lived process would be
    html, mine = ours(renderer)
    rss_before = peak_rss_mb()
    pdf, weasy = theirs(renderer, html)
    pages = page_count(pdf)
    print(f"large audit (150 criteria, 40 findings, 300 evidence, 200 events): "
          f"{len(html) / 1e3:.0f} kB HTML -> {pages} pages, {len(pdf) / 1e3:.0f} kB PDF")
    print(f"  ours (views + context + templating): {mine.wall * 1000:8.1f} ms wall "
          f"{mine.cpu * 1000:8.1f} ms CPU")
    print(f"  WeasyPrint (layout + PDF):           {weasy.wall * 1000:8.1f} ms wall "
          f"{weasy.cpu * 1000:8.1f} ms CPU")
    print(f"  ratio ours/WeasyPrint: {mine.cpu / weasy.cpu:6.1%} CPU, "
          f"{mine.wall / weasy.wall:6.1%} wall   (aim < 15%)")
    print(f"  pages per second: {pages / weasy.wall:5.1f} wall, {pages / weasy.cpu:5.1f} per "
          f"CPU-second   (bare WeasyPrint on sparse pages: ~14 for tables, ~21 for blocks)")
    print(f"  peak RSS of this process: {peak_rss_mb():.0f} MB "
          f"({rss_before:.0f} MB before WeasyPrint rendered)")


SPIN = "x = 0\nfor i in range(20_000_000):\n    x += i"


def machine_speedup(cores: int) -> float:
    """The floor: how much faster `cores` plain CPU-bound processes finish side by side than
    one after another on this machine right now (2.0 on an idle 2-core machine)."""
    import subprocess

    def run(side_by_side: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(side_by_side)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    return run(1) * cores / run(cores)


def report_batch(renderer: WeasyRenderer, count: int) -> None:
    html = medium_html(renderer)
    cores = default_workers()
    with Timer() as spawn:
        renderer.render_pdf("<p>start-up</p>")
    floor_before = machine_speedup(cores)
    with tempfile.TemporaryDirectory() as folder:
        one = batch(renderer, html, count, 1, Path(folder))
        both = batch(renderer, html, count, cores, Path(folder))
    floor = (floor_before + machine_speedup(cores)) / 2
    print(f"{count} medium reports (9 pages each), one after another vs one batch:")
    print(f"  one after another (1 warm worker): {one.wall:6.1f} s wall, {one.cpu:6.1f} s CPU "
          f"({one.wall / count * 1000:.0f} ms per report)")
    print(f"  batch ({cores} workers):               {both.wall:6.1f} s wall, "
          f"{both.cpu:6.1f} s CPU ({both.wall / count * 1000:.0f} ms per report)")
    busy = both.cpu / both.wall
    print(f"  speed-up {one.wall / both.wall:.2f}x   (aim >= 1.7x on 2 cores); the workers kept "
          f"{busy:.2f} of {cores} cores busy")
    print(f"  floor: {cores} plain CPU-bound processes side by side were {floor:.2f}x faster than "
          f"one after another on this machine (2.0 when idle); batch/floor "
          f"{one.wall / both.wall / floor:.0%}")
    print(f"  (a fresh worker costs {spawn.wall:.1f} s: interpreter + WeasyPrint import; paid "
          f"once per batch worker, and once per process by render_pdf's warm workers)")
    if busy < 0.85 * cores or floor < 0.85 * cores:
        print(f"  WARNING: the machine was busy (load average {os.getloadavg()[0]:.1f} on "
              f"{cores} cores): the workers got {busy:.2f} cores; wall-clock figures are low")
        print("  (compare the speed-up with the floor above, not with the aim)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=50)
    args = parser.parse_args()
    renderer = WeasyRenderer()
    report_large(renderer)
    report_batch(renderer, args.reports)


if __name__ == "__main__":
    main()
