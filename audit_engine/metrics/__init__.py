"""Prometheus metrics: prometheus-client's one home.

Counters and histograms are kept per process; `audit-engine serve` points every worker at one
folder (prometheus-client's multiprocess mode, `use_folder`) so a scrape of any worker sums
them all. Gauges that describe shared state (the outbox, the scheduler) are read from the
database at scrape time and passed in, so every node reports the same numbers.

Metric objects are made on first use, not at import.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FOLDER_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client at import


def use_folder(folder: Path) -> None:
    """Before any worker starts: a fresh folder shared by this server's processes."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    os.environ[FOLDER_VARIABLE] = str(folder)


@cache
def _meters():
    from prometheus_client import Counter, Histogram

    return {
        "request": Histogram("audit_engine_http_request_duration_seconds",
                             "HTTP request latency by route template",
                             ["method", "route", "status"]),
        "render": Histogram("audit_engine_render_duration_seconds",
                            "PDF render duration", [],
                            buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128)),
        "tick": Counter("audit_engine_scheduler_ticks_total", "Scheduler ticks run", ["outcome"]),
        "sign_in": Counter("audit_engine_sign_in_failures_total", "Refused sign-ins", ["stage"]),
    }


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    _meters()["request"].labels(method, route, str(status)).observe(seconds)


def observe_render(seconds: float) -> None:
    _meters()["render"].observe(seconds)


def count_tick(outcome: str) -> None:
    _meters()["tick"].labels(outcome).inc()


def count_sign_in_failure(stage: str) -> None:
    _meters()["sign_in"].labels(stage).inc()


def exposition(gauges: Iterable[tuple[str, str, dict[str, str], float]]) -> tuple[bytes, str]:
    """The text exposition: this server's counters and histograms, then `gauges`
    (name, help, labels, value) read by the caller from shared state."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
    from prometheus_client.core import GaugeMetricFamily

    _meters()
    registry = REGISTRY
    if os.environ.get(FOLDER_VARIABLE):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    families: dict[str, GaugeMetricFamily] = {}
    for name, text, labels, value in gauges:
        family = families.setdefault(name, GaugeMetricFamily(name, text, labels=list(labels)))
        family.add_metric(list(labels.values()), value)
    shared = CollectorRegistry()
    shared.register(_Fixed(list(families.values())))
    return generate_latest(registry) + generate_latest(shared), CONTENT_TYPE_LATEST


class _Fixed:
    """A collector that yields metric families computed once for this scrape."""

    def __init__(self, families: list) -> None:
        self.families = families

    def collect(self):
        return iter(self.families)
