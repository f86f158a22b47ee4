"""Web pages under load: locust (headless, in this process) against `audit-engine serve`, on
SQLite and on PostgreSQL (when AUDIT_ENGINE_TEST_DATABASE_URL is set).

20 concurrent signed-in auditors each do fieldwork on their own 93-criterion CTPAT MSC audit:
save an answer in place (the htmx request), open the fieldwork page, open the dashboard. The
same server's /health is the floor. Prints p50/p95 per request and the p95 ratio to the floor.
Aims (2-core machine): answer save p95 <= 60 ms, fieldwork page p95 <= 200 ms.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from gevent import monkey

monkey.patch_all()

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gevent  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from audit_engine.bootstrap import Settings, build_app  # noqa: E402

USERS, SECONDS, WORKERS = 20, int(os.environ.get("BENCH_WEB_SECONDS", "40")), 2
PASSWORD = "bench password 2027"
COMMAND = Path(sys.executable).parent / "audit-engine"
SEEN = re.compile(r'id="c-([^"]+)".*?name="seen" value="([^"]*)"', re.S)
AIMS = {"answer save": 60.0, "fieldwork page": 200.0}


def build(home: Path, database_url: str) -> list[tuple[str, str]]:
    """An admin, a facility per auditor, and an audit in fieldwork for each: (email, audit)."""
    from audit_engine.services.administration import people, setup
    from audit_engine.services.administration.account_links import set_password
    from audit_engine.services.audits import planning, transitions

    app = build_app(Settings(home=home, database_url=database_url))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email="admin@x.io", name="A",
                    roles=["admin", "compliance_officer"])
    pairs = []
    for n in range(USERS):
        email, code = f"auditor{n}@x.io", f"F{n:02d}"
        people.add_facility(app.uow(), app.clock, actor="admin@x.io", code=code, name=code,
                            entity_type="us_importer")
        people.add_user(app.uow(), app.clock, actor="admin@x.io", email=email, name=email,
                        roles=["auditor"], facilities=[code])
        set_password(app.uow(), app.clock, app.password_hasher, actor="bench", email=email,
                     password=PASSWORD)
        audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor="admin@x.io",
                                    facility=code, checklist="ctpat-msc", period="2027-Q1",
                                    lead=email)
        ref = f"A-{audit.id}"
        transitions.start_fieldwork(app.uow(), app.clock, actor=email, audit=ref)
        pairs.append((email, ref))
    app.dispose()
    return pairs


class Auditor(HttpUser):
    wait_time = constant(0)
    pairs: list[tuple[str, str]] = []

    def on_start(self):
        self.email, self.audit = Auditor.pairs.pop()
        form = self.client.get("/sign-in", name="sign-in form")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        self.client.post("/sign-in", data={"email": self.email, "password": PASSWORD,
                                           "csrf": token, "next": "/"}, name="sign in")
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
        page = self.client.get(f"/audits/{self.audit}", name="fieldwork page")
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        self.seen = dict(SEEN.findall(page.text))

    @task(1)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(1)
    def health(self):
        self.client.get("/health", name="health")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(home: Path, database_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url)
    process = subprocess.Popen(
        [str(COMMAND), "serve", "--port", str(port), "--workers", str(WORKERS)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def run(label: str, database_url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        home = Path(folder)
        Auditor.pairs = build(home, database_url)
        process, base = serve(home, database_url)
        try:
            stats = load(base)
        finally:
            process.terminate()
            process.wait(30)
    report(label, stats)


def load(base: str):
    env = Environment(user_classes=[Auditor], host=base)
    runner = env.create_local_runner()
    runner.start(USERS, spawn_rate=USERS)
    gevent.sleep(5)  # everyone signed in and warm
    env.stats.reset_all()
    gevent.sleep(SECONDS)
    runner.quit()
    return env.stats


def report(label: str, stats) -> None:
    floor = stats.get("health", "GET")
    floor95 = max(floor.get_response_time_percentile(0.95), 0.1)
    print(f"== {label}: {USERS} signed-in auditors, {SECONDS} s, serve --workers {WORKERS}")
    print(f"   {'request':<16}{'count':>7}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'p95/floor':>11}"
          "  aim")
    for name, method in (("answer save", "POST"), ("fieldwork page", "GET"),
                         ("dashboard", "GET"), ("health", "GET")):
        entry = stats.get(name, method)
        p50, p95 = (entry.get_response_time_percentile(q) for q in (0.5, 0.95))
        aim = AIMS.get(name)
        verdict = f"<= {aim:.0f} ms: {'met' if p95 <= aim else 'MISSED'}" if aim else ""
        print(f"   {name:<16}{entry.num_requests:>7}{entry.num_failures:>6}{p50:>9.0f}"
              f"{p95:>9.0f}{p95 / floor95:>10.1f}x  {verdict}")


def main() -> None:
    run("SQLite", "")
    pg = os.environ.get("AUDIT_ENGINE_TEST_DATABASE_URL")
    if pg:
        schema = f"bench_web_{uuid.uuid4().hex[:8]}"
        from sqlalchemy import create_engine, text

        admin = create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            run("PostgreSQL", f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
