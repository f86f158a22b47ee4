"""The managers' portfolio for many facilities, end to end, on a SQLite file.

    .venv/bin/python bench/bench_portfolio.py [--facilities 500]

Seeds N facilities, each in a quarterly programme with four audits of the CTPAT MSC checklist
(95 criteria; the last three closed, the latest in review, results spread over every band) and
three open corrective actions of various ages. Then, in this process:

1. data: load_portfolio (one query per table) -> views;
2. ours: the portfolio context (risk order, bands, trends, ageing) + Jinja -> HTML;
3. theirs: WeasyPrint's layout + PDF of that HTML (the floor: nothing of ours left in it);
4. end to end: `render_portfolio` as the CLI and the digest run it (a render worker process).

Prints wall seconds, pages, pages per second, the share of ours (1 + 2) against WeasyPrint (3),
and the peak RSS of this process and of the render worker.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.demo.story import cli  # noqa: E402
from audit_engine.domain.clock import FixedClock  # noqa: E402
from audit_engine.services.administration import people, setup  # noqa: E402
from audit_engine.services.planning import planning
from audit_engine.services.reports import rendering  # noqa: E402
from audit_engine.services.reports.portfolio_data import load_portfolio  # noqa: E402
from audit_engine.services.reports.views.portfolio import portfolio_context  # noqa: E402
from audit_engine.storage.models.lifecycle import CorrectiveAction, Finding  # noqa: E402
from audit_engine.storage.models.people import Facility  # noqa: E402
from audit_engine.storage.models.scheduling import AuditProgram  # noqa: E402

NOW = datetime(2027, 5, 3, 7, tzinfo=UTC)
QUARTERS = ("2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1")
OWNERS = 25


def build(home: Path, facilities: int):
    app = build_app(Settings(home=home))
    app.clock = FixedClock(datetime(2026, 4, 1, 7, tzinfo=UTC))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email="a@x.io", name="A", roles=["admin"])
    for email, role in [("co@x.io", "compliance_officer"), ("lead@x.io", "auditor")] + [
            (f"owner{n}@x.io", "action_owner") for n in range(OWNERS)]:
        people.add_user(app.uow(), app.clock, actor=cli("a@x.io"), email=email,
                        name=email.split("@")[0].title(), roles=[role])
    with app.uow() as uow:
        uow.session.execute(insert(Facility), [
            {"code": f"{('MX', 'US', 'CA')[n % 3]}-{n:04d}", "name": f"Plant {n} distribution",
             "entity_type": "us_importer", "country": ("MX", "US", "CA")[n % 3],
             "created_at": NOW} for n in range(facilities)])
        uow.commit()
    return app


def seed_audits(app, facilities: int) -> None:
    codes = [f"{('MX', 'US', 'CA')[n % 3]}-{n:04d}" for n in range(facilities)]
    for quarter in QUARTERS:
        planning.plan_audits(app.uow(), app.clock, app.catalogs(), actor=cli("co@x.io"), requests=[
            planning.PlanRequest(code, "ctpat-msc", quarter, "lead@x.io", None, None)
            for code in codes])
    with app.uow() as uow:  # bench data: results and states written directly, not walked
        session = uow.session
        session.execute(text("UPDATE answer SET result = CASE WHEN (id * 7 + audit_id) % 11 < 6 "
                             "THEN 'compliant' WHEN (id + audit_id) % 5 = 0 THEN 'partial' "
                             "WHEN (id * 3 + audit_id) % 7 = 0 THEN 'non_compliant' "
                             "ELSE 'compliant' END"))
        session.execute(text("UPDATE audit SET status = CASE WHEN period = :last THEN 'review' "
                             "ELSE 'closed' END"), {"last": QUARTERS[-1]})
        seed_actions(session, facilities)
        session.execute(insert(AuditProgram), [
            {"facility_id": n + 1, "checklist_id": "ctpat-msc", "every": "quarter",
             "starts_on": date(2026, 4, 1), "next_opening": date(2027, 7, 1),
             "created_by_id": 2, "created_at": NOW} for n in range(facilities)])
        uow.commit()


def seed_actions(session, facilities: int) -> None:
    latest = [row[0] for row in session.execute(text(
        "SELECT id FROM audit WHERE period = :p ORDER BY id"), {"p": QUARTERS[-1]})]
    session.execute(insert(Finding), [
        {"audit_id": audit_id, "criterion_id": f"6.{k + 1}", "result": "non_compliant",
         "level": "must", "severity": "major", "status": "confirmed", "created_at": NOW}
        for audit_id in latest for k in range(3)])
    findings = session.execute(text("SELECT id, audit_id FROM finding ORDER BY id")).all()
    today = NOW.date()
    session.execute(insert(CorrectiveAction), [
        {"finding_id": fid, "audit_id": aid, "owner_id": 4 + n % OWNERS,
         "due": today + timedelta(days=(20, -10, -45, -80, -130)[n % 5]),
         "plan": "Replace the seal log with a numbered register and train the dock staff.",
         "root_cause": "", "status": ("open", "in_progress", "implemented")[n % 3],
         "created_by_id": 2, "created_at": NOW}
        for n, (fid, aid) in enumerate(findings)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=500)
    count = parser.parse_args().facilities
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app = build(Path(folder), count)
        seed_audits(app, count)
        print(f"seeded {count} facilities x {len(QUARTERS)} audits in "
              f"{time.perf_counter() - started:.1f} s")
        measure(app, Path(folder))
        app.dispose()


def measure(app, folder: Path) -> None:
    from audit_engine.reporting import weasy
    from audit_engine.reporting.worker import RenderJob

    renderer = app.renderer()
    weasy.render(RenderJob(html="<p>warm-up</p>", base_url=None, roots=()))
    t0, ours_cpu = time.perf_counter(), time.process_time()
    with app.uow().reading() as uow:
        view = load_portfolio(uow.session, NOW.date())
    t1 = time.perf_counter()
    html = renderer.render_html("portfolio.html", portfolio_context(view, NOW))
    ours_cpu = time.process_time() - ours_cpu
    t2, cpu = time.perf_counter(), time.process_time()
    pdf = weasy.render(RenderJob(html=html, base_url=renderer.base_url, roots=renderer.roots))
    t3, cpu = time.perf_counter(), time.process_time() - cpu
    pages = page_count(pdf)
    data, ours, theirs = t1 - t0, t2 - t1, t3 - t2
    print(f"data (load_portfolio): {data:6.2f} s   context + Jinja: {ours:5.2f} s   "
          f"HTML {len(html) / 1e6:.1f} MB")
    print(f"WeasyPrint layout + PDF: {theirs:6.2f} s ({cpu:.2f} s CPU), {pages} pages, "
          f"{pages / theirs:.1f} pages/s, {len(pdf) / 1e6:.1f} MB; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"ours (data + context + Jinja) = {(data + ours) / theirs * 100:.1f} % of WeasyPrint "
          f"wall, {ours_cpu / cpu * 100:.1f} % of its CPU ({ours_cpu:.2f} s CPU; the database "
          f"server's share is not in it) (floor: WeasyPrint alone; aim < 5 %)")
    rss = peak_rss_mb(resource.RUSAGE_SELF)
    print(f"peak RSS of this process (WeasyPrint in it): {rss:.0f} MB")
    app.clock = FixedClock(NOW)
    started = time.perf_counter()
    done = rendering.render_portfolio(app.uow(), renderer, app.clock, output=folder / "p.pdf")
    (Path("bench/out")).mkdir(parents=True, exist_ok=True)
    Path("bench/out/portfolio.pdf").write_bytes((folder / "p.pdf").read_bytes())
    wall = time.perf_counter() - started
    print(f"end to end (render_portfolio, worker process): {wall:6.2f} s, {done.bytes / 1e6:.1f} "
          f"MB; render worker peak RSS {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB; "
          f"{wall / (data + ours + theirs):.2f}x the in-process sum")


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def peak_rss_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kB


if __name__ == "__main__":
    main()
