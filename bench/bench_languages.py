"""Spanish against English: a page's template and a report, each rendered in both languages.

    .venv/bin/python bench/bench_languages.py [--rounds 200]

1. The web's audit-category page template (Jinja, one environment per language, warm) with a
   fieldwork context of 40 criteria: median milliseconds per render, es / en.
2. The audit report (HTML by Jinja, then the PDF by WeasyPrint, in this process): median
   seconds per report, es / en.
3. A category page of a 92-criterion MSC audit in fieldwork, through the whole web app in
   process (SQLite), for an auditor who reads English and one who reads Spanish (the criteria
   in Spanish from the checklist's translation file): median milliseconds, es / en.
Aim for all three: a ratio of about 1.0 (a translation is a dictionary lookup; Spanish text is
~20 % longer and lays out in a few more lines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.demo.story import cli  # noqa: E402
from audit_engine.languages.wording import wording_for  # noqa: E402
from audit_engine.reporting.templates import Templates, shipped_template_dir  # noqa: E402
from audit_engine.services.reports.views.audit import audit_report_context  # noqa: E402
from tests.reports import sample_views as sv  # noqa: E402

MOMENT = datetime(2027, 4, 10, tzinfo=UTC)


def median_seconds(work, rounds: int) -> float:
    work()  # warm: compile the templates, load the catalogue
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def page_renders(rounds: int) -> dict[str, float]:
    """The sign-in and error pages as every visitor sees them, and the account page's
    language list: the web's Jinja environment per language (warm)."""
    from audit_engine.reporting.pages import PageTemplates, page_dirs

    pages = PageTemplates(page_dirs(None), partial(wording_for, user_dir=None))
    context: dict[str, Any] = {
        "me": None, "csrf": "x", "anon_csrf": "x", "path": "/sign-in", "htmx": False,
        "next": "/", "error": None, "waiting": None, "providers": [], "email": "",
        "message": "There is no page at this address.", "heading": "Not found"}
    out = {}
    for code in ("en", "es"):
        def work(code=code):
            pages.render("sign_in.html", context, code)
            pages.render("error.html", context, code)
        out[code] = median_seconds(work, rounds)
    return out


def report_renders(rounds: int) -> dict[str, float]:
    from audit_engine.reporting import weasy
    from audit_engine.reporting.jobs import RenderJob

    view = sv.audit(status="review", n_categories=6, per_category=8)
    context = audit_report_context(view, MOMENT, {})
    dirs = [shipped_template_dir()]
    out = {}
    for code in ("en", "es"):
        templates = Templates(dirs, wording_for(code))

        def work(templates=templates):
            html = templates.render("audit_report.html", context)
            weasy.render(RenderJob(html, dirs[0].as_uri() + "/", tuple(map(str, dirs))))
        out[code] = median_seconds(work, rounds)
    return out


def category_pages(rounds: int) -> dict[str, float]:
    """The first category page of an audit, signed in as its English or Spanish auditor,
    the two requests interleaved (the machine's other load falls on both alike)."""
    import tempfile

    from starlette.testclient import TestClient

    from audit_engine.asgi import create_app
    from audit_engine.bootstrap import Settings
    from bench.bench_web_requests import Fieldworker
    from bench.web_world import build

    with tempfile.TemporaryDirectory(prefix="bench-languages-") as folder:
        home = Path(folder)
        url = f"sqlite:///{home / 'bench.db'}"
        pairs = dict(zip(("en", "es"), build(home, url, auditors=2), strict=True))
        _speaks(home, url, pairs["es"][0], "es")
        http = create_app(Settings(home=home, database_url=url))
        with TestClient(http, base_url="http://127.0.0.1", follow_redirects=False) as en, \
                TestClient(http, base_url="http://127.0.0.1", follow_redirects=False) as es:
            workers = {"en": Fieldworker(en, *pairs["en"]), "es": Fieldworker(es, *pairs["es"])}
            for code, worker in workers.items():
                text = worker.client.get(worker.page).text
                assert ("seguridad" in text) == (code == "es"), code
            times: dict[str, list[float]] = {"en": [], "es": []}
            for _ in range(rounds):
                for code, worker in workers.items():
                    started = time.perf_counter()
                    worker.category_page()
                    times[code].append(time.perf_counter() - started)
            return {code: statistics.median(values) for code, values in times.items()}


def _speaks(home: Path, url: str, email: str, code: str) -> None:
    from audit_engine.bootstrap import Settings, build_app
    from audit_engine.services.administration.languages import set_user_language

    app = build_app(Settings(home=home, database_url=url))
    set_user_language(app.uow(), app.clock, actor=cli("admin@x.io"), email=email, language=code,
                      check=app.languages.checked)
    app.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--reports", type=int, default=5)
    args = parser.parse_args()
    pages = page_renders(args.rounds)
    print(f"pages (sign-in + error): en {pages['en'] * 1e3:.2f} ms, es {pages['es'] * 1e3:.2f} ms,"
          f" ratio es/en {pages['es'] / pages['en']:.2f}")
    category = category_pages(max(1, args.rounds // 4))
    print(f"category page (92-criterion audit, web app in process): en "
          f"{category['en'] * 1e3:.1f} ms, es {category['es'] * 1e3:.1f} ms, "
          f"ratio es/en {category['es'] / category['en']:.2f}")
    reports = report_renders(args.reports)
    print(f"audit report (HTML + PDF): en {reports['en']:.2f} s, es {reports['es']:.2f} s, "
          f"ratio es/en {reports['es'] / reports['en']:.2f}")


if __name__ == "__main__":
    main()
