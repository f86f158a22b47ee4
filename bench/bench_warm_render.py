"""Interactive rendering: one audit report requested twice in one process, end to end.

    .venv/bin/python bench/bench_warm_render.py [--repeat 5]

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
from audit_engine.domain.rules.lifecycle import AuditId  # noqa: E402
from audit_engine.services.administration import setup  # noqa: E402
from audit_engine.services.reports import rendering
from tests.lifecycle import world  # noqa: E402

AIM = 1.15


def seeded_app(home: Path):
    """A SQLite home with one audit in remediation (the shipped MSC checklist, one finding)."""
    app = build_app(Settings(home=home))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    world.cast(app)
    world.to_remediation(app, world.plan(app), home)
    return app


def workers_cpu(app) -> float:
    """CPU seconds the renderer's warm workers have used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for worker in app.renderer().pool._idle:
        fields = Path(f"/proc/{worker.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def request(app, folder: Path, n: int) -> tuple[float, float]:
    """One download: data, template and PDF, as services.reports does it. -> (wall, CPU of
    this process and the worker together)."""
    audit = AuditId("A-1")
    started, cpu, worker = time.perf_counter(), time.process_time(), workers_cpu(app)
    rendering.render_audit_report(app.uow(), app.renderer(), app.clock, audit=audit,
                                output=folder / f"request-{n}.pdf")
    wall = time.perf_counter() - started
    return wall, time.process_time() - cpu + workers_cpu(app) - worker


def bare_weasyprint(app, folder: Path):
    """A function rendering the report's HTML with bare WeasyPrint here, warmed once."""
    from weasyprint import HTML

    html_file = rendering.render_audit_report(app.uow(), app.renderer(), app.clock,
                                            audit=AuditId("A-1"),
                                            output=folder / "report.html", fmt="html").path
    html, base_url = html_file.read_text(), app.renderer().base_url
    HTML(string=html, base_url=base_url).write_pdf()  # warm: fonts, caches, imports

    def render() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        HTML(string=html, base_url=base_url).write_pdf()
        return time.perf_counter() - started, time.process_time() - cpu

    return render


def measure(repeat: int) -> tuple:
    """Requests and bare renders taken in turn, so that both see the same machine load."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = seeded_app(folder / "home")
        try:
            first = request(app, folder, 1)
            bare_render = bare_weasyprint(app, folder)
            warm, bare = [], []
            for n in range(repeat):
                warm.append(request(app, folder, n + 2))
                bare.append(bare_render())
            size = (folder / "request-2.pdf").stat().st_size
        finally:
            app.dispose()
    return first, warm, bare, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    first, warm, bare, size = measure(max(1, args.repeat))
    floor = statistics.median(t for t, _ in bare)
    floor_cpu = statistics.median(c for _, c in bare)
    print(f"one audit report (A-1, {size / 1e3:.0f} kB PDF), end to end through the warm "
          f"render worker vs bare WeasyPrint in this process (wall / CPU):")
    print(f"  first request (starts the worker):  {_ms(first)}")
    print(f"  second request:                     {_ms(warm[0])}")
    print(f"  later requests:                     {'; '.join(_ms(t) for t in warm[1:])}")
    print(f"  bare WeasyPrint, same HTML, warm:   {'; '.join(_ms(t) for t in bare)}")
    second, second_cpu = warm[0][0] / floor, warm[0][1] / floor_cpu
    median, median_cpu = (statistics.median(t for t, _ in warm) / floor,
                          statistics.median(c for _, c in warm) / floor_cpu)
    print(f"  ratio second request / bare WeasyPrint (median): {second:.2f}x wall, "
          f"{second_cpu:.2f}x CPU; all warm requests (medians): {median:.2f}x wall, "
          f"{median_cpu:.2f}x CPU; aim <= {AIM}x")
    load = os.getloadavg()[0]
    print(f"  load average {load:.1f} on {os.cpu_count()} cores"
          + ("  WARNING: busy machine; the CPU ratios are the figures to trust" if load > 1.5
             else ""))


def _ms(timing: tuple[float, float]) -> str:
    wall, cpu = timing
    return f"{wall * 1000:6.0f} ms / {cpu * 1000:6.0f} ms"


if __name__ == "__main__":
    main()
