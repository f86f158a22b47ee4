"""Property: after any sequence of legal steps through every trailed workflow (audit lifecycle
with return and resubmission, findings, corrective actions with rejection, risk assessments,
people and facilities), `log verify --deep` finds nothing, on SQLite and PostgreSQL; and an
event forged into the middle of such a trail is named, never a crash."""

from __future__ import annotations

import json
import os
import time
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from audit_engine.services.anchoring.deep_check import deep_differences
from tests.trail.journeys import Journey, cast

EXAMPLES = int(os.environ.get("AUDIT_ENGINE_PROPERTY_EXAMPLES", "15"))  # more: a longer hunt
_figures: dict[str, list] = {}


def deep(app) -> list[str]:
    return deep_differences(app.uow(), app.evidence_store(), app.report_store())


def test_random_journeys_leave_the_deep_check_clean(app, tmp_path, database_url):
    cast(app)
    counter = iter(range(1, 10_000))
    figures = _figures.setdefault(database_url.split(":")[0], [])
    done: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate],  # shrinking a database walk: minutes
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def journey(data):
        walk = Journey(app, tmp_path, next(counter), data)
        for _ in range(data.draw(st.integers(4, 40), label="steps")):
            name, step = data.draw(st.sampled_from(walk.steps()), label="step")
            walk.run(name, step)
        started = time.perf_counter()
        problems = deep(app)
        figures.append(time.perf_counter() - started)
        done.extend(walk.steps_run)
        assert problems == [], f"after {walk.steps_run}: {problems}"

    journey()
    assert len(figures) >= EXAMPLES
    with app.engine.connect() as connection:
        events = connection.execute(text("SELECT count(*) FROM audit_event")).scalar()
    print(f"\n{len(figures)} journeys, {events} events replayed at the end, deep check "
          f"{max(figures):.2f}s at most; steps taken: {dict(Counter(done))}")


def test_an_event_forged_into_the_middle_is_named(app, tmp_path):
    cast(app)
    walk = Journey(app, tmp_path, 1, data=None)  # start and submit draw nothing
    walk.run("start", walk._start)
    walk.run("submit", walk._submit)
    forged = [("answer.record", {"result": "compliant"}), ("finding.confirm", [1, 2]),
              ("evidence.add", {"sha256": "0" * 64})]
    with app.engine.begin() as connection:
        seqs = [row[0] for row in connection.execute(text(
            "SELECT seq FROM audit_event WHERE action='answer.record' ORDER BY seq LIMIT 3"))]
        for seq, (action, payload) in zip(seqs, forged, strict=True):
            connection.execute(text("UPDATE audit_event SET action=:a, payload=:p WHERE seq=:s"),
                               {"a": action, "p": json.dumps(payload), "s": seq})
    problems = deep(app)
    for seq in seqs:
        assert any(f"event #{seq} " in p and "forged or edited" in p for p in problems), problems
