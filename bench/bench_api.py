"""HTTP API benchmarks against a running `audit-engine serve` (one process, SQLite file).
Prints figures and ratios.

1. Recording every answer of a CTPAT MSC audit (92 for a U.S. importer): one bulk request (one
   transaction) against one single request per answer, each with its If-Match. Aim: the bulk
   request costs a few single ones.
2. Listing 10,000 audits 100 per page (every page, by cursor) under 20 concurrent clients:
   p50 and p95 of one page, next to /health under the same load (the floor: the server and
   HTTP alone). Aim: a page p95 within 10x the floor's.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.demo.story import cli  # noqa: E402
from audit_engine.domain.rules.lifecycle import AuditId  # noqa: E402
from audit_engine.services.administration import (
    people,
    setup,  # noqa: E402
)
from audit_engine.services.integrations.tokens import create_token  # noqa: E402
from audit_engine.services.planning import planning
from audit_engine.services.review import transitions

ADMIN, LEAD = "admin@x.io", "lead@x.io"
AUDITS, PAGE, CLIENTS = 10_000, 100, 20
ROUNDS = 3  # bulk vs single, repeated on fresh audits
COMMAND = Path(sys.executable).parent / "audit-engine"


def build(home: Path):
    app = build_app(Settings(home=home))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email=ADMIN, name="A", roles=["admin"])
    people.add_user(app.uow(), app.clock, actor=cli(ADMIN), email=LEAD, name="L",
                    roles=["auditor", "compliance_officer"])
    return app


def plan_many(app) -> None:
    """10,000 audits: 250 facilities x 40 quarters (small checklist: listing is the point)."""
    sites = AUDITS // 40
    for n in range(sites):
        people.add_facility(app.uow(), app.clock, actor=cli(ADMIN), code=f"F{n:03d}", name=f"F{n}",
                            entity_type="us_importer")
    periods = [f"{y}-Q{q}" for y in range(2017, 2027) for q in range(1, 5)]
    requests = [planning.PlanRequest(f"F{n:03d}", "ctpat-seal-verification", p, LEAD,
                                   due=date(2099, 1, 1))
                for n in range(sites) for p in periods]
    for i in range(0, len(requests), 2000):
        planning.plan_audits(app.uow(), app.clock, app.catalogs(), actor=cli(LEAD),
                           requests=requests[i:i + 2000])


def fieldwork_audit(app, period: str) -> AuditId:
    row = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=cli(LEAD), facility="MSC",
                            checklist="ctpat-msc", period=period, lead=LEAD)
    audit = AuditId(row.id)
    transitions.start_fieldwork(app.uow(), app.clock, actor=cli(LEAD), audit=audit)
    return audit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(home: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_API_RATE_LIMIT="1000000")
    process = subprocess.Popen([str(COMMAND), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/health", timeout=1)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def etag(client, audit: str) -> str:
    return client.get(f"/api/v1/audits/{audit}").headers["etag"]


def bulk_vs_single(app, client) -> tuple[float, float, int]:
    """Median seconds of the bulk request and of the single requests, and the answers' count."""
    bulk_s, single_s = [], []
    for r in range(ROUNDS):
        audit = fieldwork_audit(app, f"2030-Q{r + 1}")
        criteria = [a["criterion"] for a in client.get(f"/api/v1/audits/{audit}/answers").json()]
        body = {"answers": [{"criterion": c, "result": "compliant"} for c in criteria]}
        start = time.perf_counter()
        done = client.post(f"/api/v1/audits/{audit}/answers", json=body,
                           headers={"If-Match": etag(client, audit)})
        bulk_s.append(time.perf_counter() - start)
        assert done.status_code == 200 and done.json()["recorded"] == len(criteria), done.text
        audit = fieldwork_audit(app, f"2031-Q{r + 1}")
        tag = etag(client, audit)
        start = time.perf_counter()
        for c in criteria:
            one = client.put(f"/api/v1/audits/{audit}/answers/{c}", json={"result": "compliant"},
                             headers={"If-Match": tag})
            assert one.status_code == 200, one.text
            tag = one.headers["etag"]
        single_s.append(time.perf_counter() - start)
    return statistics.median(bulk_s), statistics.median(single_s), len(criteria)


def under_load(base: str, token: str, walk) -> list[float]:
    """Every client runs `walk(client, samples)`; returns all request latencies (seconds)."""
    samples: list[float] = []
    lock = threading.Lock()

    def client_thread():
        mine: list[float] = []
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as client:
            walk(client, mine)
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client_thread) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def walk_pages(client, samples) -> None:
    cursor, pages = None, 0
    while True:
        start = time.perf_counter()
        page = client.get("/api/v1/audits", params={"limit": PAGE, **({"cursor": cursor}
                                                                      if cursor else {})})
        samples.append(time.perf_counter() - start)
        assert page.status_code == 200, page.text
        pages, cursor = pages + 1, page.json()["next_cursor"]
        if cursor is None:
            break
    assert pages >= AUDITS // PAGE, pages


def health_calls(count: int):
    def walk(client, samples) -> None:
        for _ in range(count):
            start = time.perf_counter()
            assert client.get("/health").status_code == 200
            samples.append(time.perf_counter() - start)

    return walk


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        app = build(home)
        people.add_facility(app.uow(), app.clock, actor=cli(ADMIN), code="MSC", name="MSC",
                            entity_type="us_importer")
        started = time.perf_counter()
        plan_many(app)
        print(f"planned {AUDITS} audits in {time.perf_counter() - started:.1f} s")
        token = create_token(app.uow(), app.clock, actor=cli(LEAD), name="bench").secret
        process, base = serve(home)
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                              timeout=60) as client:
                bulk, single, n = bulk_vs_single(app, client)
            print(f"{n} answers, one bulk request:   {bulk * 1000:8.1f} ms (median of {ROUNDS})")
            print(f"{n} answers, {n} single requests: {single * 1000:8.1f} ms "
                  f"({single / n * 1000:.1f} ms each)")
            print(f"  single / bulk: {single / bulk:.1f}x")
            pages = under_load(base, token, walk_pages)
            floor = under_load(base, token, health_calls(AUDITS // PAGE + 1))
            p50, p95 = pct(pages, 0.5), pct(pages, 0.95)
            f50, f95 = pct(floor, 0.5), pct(floor, 0.95)
            print(f"list {AUDITS} audits, {PAGE}/page, {CLIENTS} clients "
                  f"({len(pages)} pages): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            print(f"/health floor, {CLIENTS} clients ({len(floor)} calls): "
                  f"p50 {f50:.1f} ms, p95 {f95:.1f} ms")
            print(f"  page / floor: p50 {p50 / f50:.1f}x, p95 {p95 / f95:.1f}x (aim: p95 < 10x)")
        finally:
            process.terminate()
            process.wait(timeout=30)
            app.dispose()


if __name__ == "__main__":
    main()
