"""Capacity over nodes: paced fieldworkers against one `serve` node and against two.

Two `audit-engine serve` nodes with separate homes on one PostgreSQL database (a database of
this run's own, dropped after) and the same three keys (node B gets a copy of A's trail key as
AUDIT_ENGINE_TRAIL_KEY_FILE; the workbook and secrets keys in the environment of both). No
object storage: these requests read and write no files. Each virtual user is a signed-in auditor
(its session lives in the database) with a 92-criterion CTPAT MSC audit of its own in fieldwork,
and loops: open the next category page, save an answer on it (the htmx request), /health (the
floor: what the machine's queueing alone costs), then think 1-2 s (uniform).

Everyone signs in once (the sign-in form; the post goes to the other node). Then three runs of
BENCH_TWO_NODES_SECONDS (default 20) each, measured after a warm-up, in BENCH_TWO_NODES_ROUNDS
(default 2) interleaved rounds so that the machine's drifting load falls on all three alike: 20
users on node A (the floor the ratios are taken against), 40 users over both nodes (each request
to the next node in turn, as a round-robin balancer without sticky sessions sends them: a page
from one node, its save to the other), and 40 users on node A alone for contrast. Prints p50/p95
per request kind and run, the CPU each node's processes spent a request, the load average, and
the ratios two nodes at 40 / one node at 20 (aim: <= 1.2x, twice the users at the same p95,
within the machine's run-to-run noise) and one node at 40 / one node at 20.

A node is `serve --workers 1` (BENCH_TWO_NODES_WORKERS): a worker runs Python on one core at a
time, so one node stands for a one-core machine. Both nodes, PostgreSQL and this load generator
share this machine's cores, and whatever else runs on it: the figure shows that what the nodes
share (the database, sessions in it, the trail head's lock) does not serialise them, not the
capacity of two separate machines.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.node_pair import WORKERS, ConnectionCount, start_nodes, two_homes  # noqa: E402
from bench.web_world import (  # noqa: E402
    NAVIGATION,
    PASSWORD,
    cpu_seconds,
    first_group,
    postgres_database,
)

SECONDS = float(os.environ.get("BENCH_TWO_NODES_SECONDS", "20"))  # measured, per run
ROUNDS = int(os.environ.get("BENCH_TWO_NODES_ROUNDS", "2"))  # the runs interleaved
WARM_UP, THINK = 3.0, (1.0, 2.0)  # seconds
AIM = 1.2  # two nodes at 40 users / one node at 20, p95
RUNS = (("one node, 20 users", 20, 1), ("two nodes, 40 users", 40, 2),
        ("one node, 40 users", 40, 1))
KINDS = ("category page", "answer save", "health")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SEEN = re.compile(r'id="c-([^"]+)".*?name="seen" value="([^"]*)"', re.S)
CATEGORY = re.compile(r'href="(/audits/[^"]+/categories/[^"#]+)"')


class Fieldworker:
    """One paced auditor, signed in once; in a run its requests go to `bases` in turn and it
    records (the start of their loop, kind, ms, status or error) of each."""

    def __init__(self, number: int, email: str, audit: str) -> None:
        # cookies are per host, not per port; a connection idle for 4 s is not reused, for
        # the server closes it at 5 (uvicorn's keep-alive), maybe as a request goes out
        self.client = httpx.Client(timeout=60, limits=httpx.Limits(keepalive_expiry=4))
        self.number, self.turn, self.email, self.audit = number, number, email, audit
        self.bases: list[str] = []
        self.samples: list[tuple[float, str, float, int | str]] = []
        self.saves, self.begun = 0, 0.0
        self.categories: list[str] = []

    def loop(self, bases: list[str], stop: threading.Event) -> None:
        self.bases, self.samples = bases, []
        stop.wait(random.uniform(*THINK))  # users do not all start in the same instant
        while not stop.is_set():
            self.step()
            stop.wait(random.uniform(*THINK))

    def step(self) -> None:
        """The next category page, an answer saved on it, /health."""
        self.begun = time.monotonic()
        self.categories.append(self.categories.pop(0))
        page = self.timed("category page", "GET", self.categories[0], headers=NAVIGATION)
        if page is not None and page.status_code == 200:
            self.save_one(page.text)
        self.timed("health", "GET", "/health")

    def sign_in(self, bases: list[str]) -> None:
        """The sign-in form and its post (to the next node: the session is in the database),
        the audit's page for its categories; the first few then take two steps, so that every
        node has served both kinds of request (templates compiled, connections open) before
        a run."""
        self.bases = bases
        form = self.client.get(self.url("/sign-in"))
        signed = self.client.post(self.url("/sign-in"), data={
            "email": self.email, "password": PASSWORD, "next": "/",
            "csrf": first_group(CSRF, form.text)})
        if signed.status_code >= 400 or "ae_session" not in self.client.cookies:
            raise httpx.HTTPError(f"status {signed.status_code}, no session cookie")
        index = self.client.get(self.url(f"/audits/{self.audit}"))
        self.categories = list(dict.fromkeys(CATEGORY.findall(index.text)))
        if self.number < 4:
            self.step()
            self.step()

    def save_one(self, page: str) -> None:
        """Answer the category's criteria in turn, each time with a new note (a real write)."""
        seen = SEEN.findall(page)
        criterion, version = seen[self.saves % len(seen)]
        self.saves += 1
        self.timed("answer save", "POST", f"/audits/{self.audit}/answers/{criterion}",
                   headers={"HX-Request": "true", "X-CSRF-Token": first_group(CSRF, page)},
                   data={"result": "partial", "note": f"bench {self.saves}", "seen": version})

    def url(self, path: str) -> str:
        self.turn += 1
        return self.bases[self.turn % len(self.bases)] + path

    def timed(self, kind: str, method: str, url: str, **kwargs) -> httpx.Response | None:
        """The response (None when the connection failed: a failure named by its error)."""
        start = time.monotonic()
        try:
            response = self.client.request(method, self.url(url), **kwargs)
            status: int | str = response.status_code
        except httpx.HTTPError as error:
            response, status = None, type(error).__name__
        self.samples.append((self.begun, kind, (time.monotonic() - start) * 1000, status))
        return response


def signed_in(bases: list[str], pairs: list[tuple[str, str]]) -> list[Fieldworker]:
    """A fieldworker per (email, audit), all signed in (in parallel, over `bases`)."""
    crowd = [Fieldworker(n, email, audit) for n, (email, audit) in enumerate(pairs)]
    with ThreadPoolExecutor(len(bases) * 4) as pool:
        try:
            list(pool.map(lambda worker: worker.sign_in(bases), crowd))
        except (httpx.HTTPError, LookupError) as failed:  # LookupError: no csrf field
            raise SystemExit(f"a sign-in failed: {failed!r}") from None
    return crowd


def load(nodes: list[tuple[subprocess.Popen, str]], crowd: list[Fieldworker], on: int,
         connections) -> dict:
    """`crowd` paced over the first `on` nodes: the measured window's samples, the CPU seconds
    each node used in it, the PostgreSQL connections opened and the load average at its end."""
    stop = threading.Event()
    bases = [base for _, base in nodes[:on]]
    threads = [threading.Thread(target=w.loop, args=(bases, stop), daemon=True) for w in crowd]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP)
    begin, cpu = time.monotonic(), [cpu_seconds(process.pid) for process, _ in nodes]
    mine, opened = time.process_time(), connections()
    time.sleep(SECONDS / ROUNDS)
    end = time.monotonic()
    cpu = [cpu_seconds(process.pid) - used
           for (process, _), used in zip(nodes, cpu, strict=True)]
    mine, opened = time.process_time() - mine, connections() - opened - 1  # -1: our own
    stop.set()
    for thread in threads:
        thread.join(60)
    samples = [s for w in crowd for s in w.samples if begin <= s[0] < end]
    return {"samples": samples, "cpu": cpu, "load": os.getloadavg()[0], "client": mine,
            "opened": opened}


def measure(nodes: list[tuple[subprocess.Popen, str]], crowd: list[Fieldworker],
            database_url: str) -> dict[str, dict]:
    """Every run ROUNDS times, the runs interleaved (the machine's load drifts), pooled."""
    connections = ConnectionCount(database_url)
    pooled: dict[str, dict[str, Any]] = {
        label: {"samples": [], "cpu": [0.0] * len(nodes), "load": [], "client": 0.0,
                "opened": 0, "on": on} for label, _, on in RUNS}
    for _ in range(ROUNDS):
        for label, users, on in RUNS:
            result, into = load(nodes, crowd[:users], on, connections), pooled[label]
            into["cpu"] = [a + b for a, b in zip(into["cpu"], result["cpu"], strict=True)]
            into["load"].append(result["load"])
            for key in ("samples", "client", "opened"):
                into[key] += result[key]
    connections.dispose()
    return pooled


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def summary(result: dict) -> dict[str, tuple[int, str, float, float]]:
    """Per kind: count, failures (statuses other than 200, errors), p50, p95 in ms."""
    table = {}
    for kind in KINDS:
        rows = [s for s in result["samples"] if s[1] == kind]
        ms = [s[2] for s in rows]
        failed = Counter(s[3] for s in rows if s[3] != 200)
        table[kind] = (len(rows), ", ".join(f"{n} x {status}" for status, n in failed.items()),
                       percentile(ms, 0.5), percentile(ms, 0.95))
    return table


def report(label: str, result: dict) -> dict:
    table = summary(result)
    served = len(result["samples"])
    active, idle = result["cpu"][:result["on"]], result["cpu"][result["on"]:]
    cpu = " + ".join(f"{used:.1f}" for used in active) + "".join(
        f" (idle node {used:.1f})" for used in idle)
    loads = "-".join(f"{average:.1f}" for average in sorted(result["load"]))
    print(f"-- {label}: {served / SECONDS:.1f} requests/s, load average {loads}, node CPU "
          f"{cpu} s ({1000 * sum(active) / max(served, 1):.1f} ms a request), load "
          f"generator CPU {result['client']:.1f} s, PostgreSQL connections opened "
          f"{result['opened']}")
    for kind, (count, failed, p50, p95) in table.items():
        print(f"   {kind:<14}{count:>5} requests   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
              f"{'   failed: ' + failed if failed else ''}")
    return table


def ratios(tables: dict[str, dict], busiest: float) -> None:
    """The p95 ratios to the floor run; a warning when the machine was busier than the bench."""
    floor = tables[RUNS[0][0]]
    for label, _, _ in RUNS[1:]:
        print(f"{label} / {RUNS[0][0]}, p95:")
        for kind in ("category page", "answer save"):
            ratio = tables[label][kind][3] / floor[kind][3]
            verdict = ""
            if label == RUNS[1][0]:
                verdict = f"   (aim <= {AIM:g}x: {'met' if ratio <= AIM else 'MISSED'})"
            print(f"   {kind:<14}{ratio:6.2f}x{verdict}")
    if busiest > 2 * (os.cpu_count() or 1):
        print(f"load average up to {busiest:.1f} on {os.cpu_count()} cores: a request waits "
              "its turn for a core behind other work, so these figures measure that work as "
              "much as the nodes; rerun on a quieter machine")


def main() -> None:
    server = os.environ.get("AUDIT_ENGINE_TEST_DATABASE_URL")
    if not server:
        print("skipped: two nodes share PostgreSQL; set AUDIT_ENGINE_TEST_DATABASE_URL")
        return
    print(f"load average {os.getloadavg()[0]:.1f} at the start, {os.cpu_count()} cores shared "
          "by both nodes, PostgreSQL, this load generator and anything else running: the "
          "ratios show whether what the nodes share serialises them, not two machines' "
          f"capacity. Each node: serve --workers {WORKERS}; {SECONDS:g} s per run in {ROUNDS} "
          f"interleaved rounds; think {THINK[0]:g}-{THINK[1]:g} s")
    max_users, started = max(users for _, users, _ in RUNS), time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-two-nodes-") as folder, \
            postgres_database(server, "bench_two_nodes") as database_url, \
            ExitStack() as stack:
        homes, pairs = two_homes(Path(folder), database_url, max_users)
        built = time.monotonic()
        nodes = start_nodes(stack, database_url, homes)
        up = time.monotonic()
        crowd = signed_in([base for _, base in nodes], pairs)
        print(f"{max_users} auditors with an audit each {built - started:.0f} s, two nodes up "
              f"{up - built:.0f} s, everyone signed in {time.monotonic() - up:.0f} s")
        results = measure(nodes, crowd, database_url)
        tables = {label: report(label, result) for label, result in results.items()}
    ratios(tables, max(average for result in results.values() for average in result["load"]))


if __name__ == "__main__":
    main()
