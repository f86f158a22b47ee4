"""Web pages under load: locust (headless, in this process) against `audit-engine serve`, on
SQLite and on PostgreSQL (when AUDIT_ENGINE_TEST_DATABASE_URL is set).

20 concurrent signed-in auditors each do fieldwork on their own 92-criterion CTPAT MSC audit:
save an answer in place (the htmx request, which sends back the criterion, the progress line,
the rest box and the category index), open a category page (the phone's fieldwork view, one
category after the other), open the dashboard. The
same server's /health is the floor. Two runs against one server: with no think time (each user
sends its next request as soon as the last is answered, so the cores are saturated and, by
Little's law, a latency is about 20 / throughput: it measures throughput more than a request's
own time) and paced (each user waits BENCH_WEB_THINK, default 1 s, between requests: about 20
requests a second, still far busier than people answering criteria). Prints p50/p95 per request
and their ratios to the floor's, the load average at the end of the run, and the CPU the
server's processes spent per request (which, unlike the milliseconds, hardly depends on what
else runs).
Aims (2-core machine): answer save p95 <= 60 ms, category page p95 <= 200 ms.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from gevent import monkey

monkey.patch_all()

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gevent  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from bench.web_world import (  # noqa: E402
    NAVIGATION,
    PASSWORD,
    build,
    cpu_seconds,
    first_group,
    postgres_schema,
    serve,
)

USERS, SECONDS = 20, int(os.environ.get("BENCH_WEB_SECONDS", "40"))
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "2"))
THINK = float(os.environ.get("BENCH_WEB_THINK", "1"))  # seconds, in the paced run
SEEN = re.compile(r'id="c-([^"]+)".*?name="seen" value="([^"]*)"', re.S)
AIMS = {"answer save": 60.0, "category page": 200.0}
CATEGORY = re.compile(r'href="(/audits/[^"]+/categories/[^"#]+)"')


class Auditor(HttpUser):
    wait_time = constant(0)
    pairs: list[tuple[str, str]] = []

    def on_start(self):
        self.email, self.audit = Auditor.pairs.pop()
        form = self.client.get("/sign-in", name="sign-in form")
        token = first_group(r'name="csrf" value="([^"]+)"', form.text)
        self.client.post("/sign-in", data={"email": self.email, "password": PASSWORD,
                                           "csrf": token, "next": "/"}, name="sign in")
        index = self.client.get(f"/audits/{self.audit}", name="audit page")
        self.categories = list(dict.fromkeys(CATEGORY.findall(index.text)))
        self.fieldwork()
        self.criteria = list(self.seen)

    @task(5)
    def save_answer(self):
        criterion = self.criteria[0]
        self.criteria.append(self.criteria.pop(0))
        response = self.client.post(
            f"/audits/{self.audit}/answers/{criterion}", name="answer save",
            headers={"HX-Request": "true", "X-CSRF-Token": self.csrf},
            data={"result": "partial", "note": "bench", "seen": self.seen[criterion]})
        found = re.search(r'name="seen" value="([^"]*)"', response.text)
        if found:
            self.seen[criterion] = found.group(1)

    @task(1)
    def fieldwork(self):
        self.categories.append(self.categories.pop(0))
        page = self.client.get(self.categories[0], name="category page", headers=NAVIGATION)
        self.csrf = first_group(r'name="csrf" value="([^"]+)"', page.text)
        self.seen = dict(SEEN.findall(page.text))
        self.criteria = list(self.seen)

    @task(1)
    def dashboard(self):
        self.client.get("/", name="dashboard", headers=NAVIGATION)

    @task(1)
    def health(self):
        self.client.get("/health", name="health")


def run(label: str, database_url: str) -> None:
    """Both loads against one server: saturated, then paced."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        home = Path(folder)
        pairs = build(home, database_url, USERS)
        process, base = serve(home, database_url, ["--workers", str(WORKERS)])
        try:
            for think, what in ((0, "no think time (saturated)"),
                                (THINK, f"{THINK:g} s between a user's requests (paced)")):
                Auditor.pairs, Auditor.wait_time = list(pairs), constant(think)
                stats, server_cpu = load(base, process.pid)
                report(f"{label}, {what}", stats, server_cpu)
        finally:
            process.terminate()
            process.wait(30)


def load(base: str, server: int):
    """The requests' statistics and the CPU seconds the server's processes used meanwhile."""
    env = Environment(user_classes=[Auditor], host=base)
    runner = env.create_local_runner()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(5)  # everyone signed in and warm
    env.stats.reset_all()
    before = cpu_seconds(server)
    gevent.sleep(SECONDS)
    used = cpu_seconds(server) - before
    runner.quit()
    return env.stats, used


def report(label: str, stats, server_cpu: float) -> None:
    floor = stats.get("health", "GET")
    floor50, floor95 = (max(floor.get_response_time_percentile(q), 0.1) for q in (0.5, 0.95))
    print(f"== {label}: {USERS} signed-in auditors, {SECONDS} s, serve --workers {WORKERS}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"   {'request':<16}{'count':>7}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p50/floor':>11}{'p95/floor':>11}  aim")
    for name, method in (("answer save", "POST"), ("category page", "GET"),
                         ("dashboard", "GET"), ("health", "GET")):
        entry = stats.get(name, method)
        p50, p95 = (entry.get_response_time_percentile(q) for q in (0.5, 0.95))
        aim = AIMS.get(name)
        verdict = f"p95 <= {aim:.0f} ms: {'met' if p95 <= aim else 'MISSED'}" if aim else ""
        print(f"   {name:<16}{entry.num_requests:>7}{entry.num_failures:>6}{p50:>8.0f}{p95:>8.0f}"
              f"{p50 / floor50:>10.1f}x{p95 / floor95:>10.1f}x  {verdict}")
    served = stats.total.num_requests
    print(f"   server CPU {server_cpu:.1f} s for {served} requests: "
          f"{1000 * server_cpu / max(served, 1):.2f} ms a request (all kinds, mixed as above)")


def main() -> None:
    run("SQLite", "")
    pg = os.environ.get("AUDIT_ENGINE_TEST_DATABASE_URL")
    if pg:
        with postgres_schema(pg, "bench_web") as url:
            run("PostgreSQL", url)


if __name__ == "__main__":
    main()
