"""Web requests one at a time, in process: SQL statements per request and best-of-N latency
of the answer save, a category page of a 92-criterion audit and the dashboard, next to the
same application's /health as the floor. SQLite, and PostgreSQL when
AUDIT_ENGINE_TEST_DATABASE_URL is set.

Deterministic where the load test (bench_web.py) is not: the statement counts do not depend on
what else runs on the machine, and the best of N is what one request costs when nothing waits.
`--profile NAME` (e.g. `--profile "category page"`) prints the cProfile of one such request
instead (the endpoint run inline, so the profile sees it).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from audit_engine.asgi import create_app  # noqa: E402
from audit_engine.bootstrap import Settings  # noqa: E402
from bench.web_world import NAVIGATION, PASSWORD, build, first_group, postgres_schema  # noqa: E402

if TYPE_CHECKING:
    import cProfile

N = int(os.environ.get("BENCH_WEB_N", "30"))
SEEN = re.compile(r'id="c-([^"]+)".*?name="seen" value="([^"]*)"', re.S)
REQUESTS = ("answer save", "category page", "dashboard", "health")
CATEGORY = re.compile(r'href="(/audits/[^"]+/categories/[^"#]+)"')


class Statements:
    """Counts every statement any engine sends (one request at a time, so the count is its)."""

    def __init__(self) -> None:
        self.count = 0
        self.texts: list[str] = []
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        self.count += 1
        self.texts.append(statement)

    def reset(self) -> None:
        self.count, self.texts = 0, []


class Fieldworker:
    """One signed-in auditor and the requests the bench times."""

    def __init__(self, client: TestClient, email: str, audit: str) -> None:
        self.client, self.audit = client, audit
        form = client.get("/sign-in")
        token = first_group(r'name="csrf" value="([^"]+)"', form.text)
        client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf": token,
                                      "next": "/"})
        index = client.get(f"/audits/{audit}")
        self.page = CATEGORY.findall(index.text)[0]  # the first category, 4 to 19 criteria
        self.category_page()
        self.criteria = list(self.seen)
        self.turn = 0

    def category_page(self):
        page = self.client.get(self.page, headers=NAVIGATION)
        assert page.status_code == 200, page.status_code
        self.csrf = first_group(r'name="csrf" value="([^"]+)"', page.text)
        self.seen = dict(SEEN.findall(page.text))

    def answer_save(self):
        criterion = self.criteria[self.turn % len(self.criteria)]
        self.turn += 1
        response = self.client.post(
            f"/audits/{self.audit}/answers/{criterion}",
            headers={"HX-Request": "true", "X-CSRF-Token": self.csrf},
            data={"result": "partial", "note": "bench", "seen": self.seen[criterion]})
        assert response.status_code == 200, (response.status_code, response.text[:300])
        self.seen[criterion] = first_group(r'name="seen" value="([^"]*)"', response.text)

    def dashboard(self):
        assert self.client.get("/", headers=NAVIGATION).status_code == 200

    def health(self):
        assert self.client.get("/health").status_code == 200

    def call(self, name: str):
        return getattr(self, name.replace(" ", "_"))()


def measure(worker: Fieldworker, statements: Statements) -> dict[str, tuple[int, float, float]]:
    """Per request: statements, best and median of N milliseconds (requests interleaved)."""
    times: dict[str, list[float]] = {name: [] for name in REQUESTS}
    counts: dict[str, int] = {}
    for _ in range(N):
        for name in REQUESTS:
            statements.reset()
            start = time.perf_counter()
            worker.call(name)
            times[name].append((time.perf_counter() - start) * 1000)
            counts[name] = statements.count
    return {name: (counts[name], min(ms), sorted(ms)[len(ms) // 2])
            for name, ms in times.items()}


def run(label: str, database_url: str, profile: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-web-requests-") as folder:
        home = Path(folder)
        (email, audit), = build(home, database_url, auditors=1)
        statements = Statements()
        http = Profiled(create_app(Settings(home=home, database_url=database_url)))
        with TestClient(http, base_url="http://127.0.0.1", follow_redirects=False) as client:
            worker = Fieldworker(client, email, audit)
            if profile:
                http.profile(lambda: worker.call(profile))
                return
            for name in REQUESTS:  # warm: templates compiled, pinned checklist parsed
                worker.call(name)
            report(label, measure(worker, statements))
            if os.environ.get("BENCH_WEB_SQL"):
                for name in REQUESTS:
                    statements.reset()
                    worker.call(name)
                    print(f"-- {name}:", *statements.texts, sep="\n   ")


def report(label: str, figures: dict[str, tuple[int, float, float]]) -> None:
    floor = figures["health"][1]
    print(f"== {label}: one request at a time, in process, best and median of {N}")
    print(f"   {'request':<16}{'SQL':>5}{'best ms':>9}{'median ms':>11}{'best/floor':>12}")
    for name, (count, best, median) in figures.items():
        print(f"   {name:<16}{count:>5}{best:>9.1f}{median:>11.1f}{best / floor:>11.1f}x")


class Profiled:
    """The ASGI app, profiled with cProfile while armed. Profiles are per thread, so the sync
    endpoints run inline on the event loop's thread while profiling (not in the pool)."""

    def __init__(self, app) -> None:
        self.app = app
        self.profiler: cProfile.Profile | None = None

    def __getattr__(self, name):  # TestClient reaches for app.state and friends
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if self.profiler is not None and scope["type"] == "http":
            self.profiler.enable()
            try:
                return await self.app(scope, receive, send)
            finally:
                self.profiler.disable()
        return await self.app(scope, receive, send)

    def profile(self, request) -> None:
        import cProfile
        import pstats

        import anyio.to_thread

        async def inline(function, *args, **_options):
            return function(*args)

        request()  # warm
        anyio.to_thread.run_sync = inline  # type: ignore[assignment]
        self.profiler = cProfile.Profile()
        request()
        pstats.Stats(self.profiler).sort_stats("cumulative").print_stats(45)
        self.profiler = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=REQUESTS, help="profile one request instead")
    parser.add_argument("--sqlite-only", action="store_true")
    options = parser.parse_args()
    run("SQLite", "", options.profile)
    pg = os.environ.get("AUDIT_ENGINE_TEST_DATABASE_URL")
    if pg and not options.sqlite_only:
        with postgres_schema(pg, "bench_web_requests") as url:
            run("PostgreSQL", url, options.profile)


if __name__ == "__main__":
    main()
