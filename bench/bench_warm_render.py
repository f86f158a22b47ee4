"""Interactive rendering: one audit report requested twice in one process, end to end.

    .venv/bin/python bench/bench_warm_render.py [--repeat 3]

What the web application does for a PDF download: read the audit from the database, build the
views and context, render the template and lay out the PDF (services.reports), through the
App's renderer with its warm workers (time limit and memory cap kept). The first request
starts a worker (interpreter + WeasyPrint import, ~1.2 s); the second should cost little more
than WeasyPrint itself. The floor is bare WeasyPrint (`HTML(string=...).write_pdf()`) on the
same HTML in this process, warmed by one render first.

Aim: the second request within 1.15x of bare WeasyPrint. Prints both, the ratio, and the
load average (a busy machine makes every figure noisy; compare medians).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.services import reports, setup  # noqa: E402
from tests.lifecycle import world  # noqa: E402

AIM = 1.15


def seeded_app(home: Path):
    """A SQLite home with one audit in remediation (the shipped MSC checklist, one finding)."""
    app = build_app(Settings(home=home))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    world.cast(app)
    world.to_remediation(app, world.plan(app), home)
    return app


def request(app, folder: Path, n: int) -> float:
    """One download: data, template and PDF, as services.reports does it."""
    started = time.perf_counter()
    reports.render_audit_report(app.uow(), app.renderer(), app.clock, audit="A-1",
                                output=folder / f"request-{n}.pdf")
    return time.perf_counter() - started


def bare_weasyprint(app, folder: Path, repeat: int) -> tuple[list[float], int]:
    from weasyprint import HTML

    html_file = reports.render_audit_report(app.uow(), app.renderer(), app.clock, audit="A-1",
                                            output=folder / "report.html", fmt="html").path
    html, base_url = html_file.read_text(), app.renderer().base_url
    HTML(string=html, base_url=base_url).write_pdf()  # warm: fonts, caches, imports
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf = HTML(string=html, base_url=base_url).write_pdf()
        times.append(time.perf_counter() - started)
    return times, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = seeded_app(folder / "home")
        try:
            first = request(app, folder, 1)
            warm = [request(app, folder, n) for n in range(2, 2 + args.repeat)]
            bare, size = bare_weasyprint(app, folder, args.repeat)
        finally:
            app.dispose()
    floor = statistics.median(bare)
    print(f"one audit report (A-1, {size / 1e3:.0f} kB PDF), end to end through the warm "
          f"render worker vs bare WeasyPrint in this process:")
    print(f"  first request (starts the worker):  {first * 1000:7.0f} ms")
    print(f"  second request:                     {warm[0] * 1000:7.0f} ms   "
          f"(later: {', '.join(f'{t * 1000:.0f}' for t in warm[1:])} ms)")
    print(f"  bare WeasyPrint, same HTML, warm:   {floor * 1000:7.0f} ms   "
          f"(median of {', '.join(f'{t * 1000:.0f}' for t in bare)} ms)")
    ratio, median_ratio = warm[0] / floor, statistics.median(warm) / floor
    verdict = "met" if ratio <= AIM else "NOT met"
    print(f"  ratio second request / bare WeasyPrint: {ratio:.2f}x (median of warm requests "
          f"{median_ratio:.2f}x); aim <= {AIM}x: {verdict}")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
