"""Warm render workers: reused between requests, limits kept, a worker past them replaced."""

from __future__ import annotations

import threading

import pytest

from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.reporting.worker import RenderLimits

SLOW = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
BIG = '{% for i in range(90000) %}{{ "y" * 1000 }}{% endfor %}'  # 90 M characters


def worker_pids(renderer: WeasyRenderer) -> list[int]:
    return [w.process.pid for w in renderer.pool._idle]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "ok.html").write_text("<p>{{ n }}</p>")
    (tmp_path / "slow.html").write_text(SLOW)
    (tmp_path / "big.html").write_text(BIG)
    return tmp_path


def test_one_warm_worker_serves_templates_and_pdfs_one_after_another(folder):
    renderer = WeasyRenderer(folder, warm_workers=1)
    try:
        assert renderer.render_html("ok.html", {"n": 1}) == "<p>1</p>"
        first = worker_pids(renderer)
        pdfs = [renderer.render_pdf(renderer.render_html("ok.html", {"n": n})) for n in range(2)]
        assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
        assert worker_pids(renderer) == first and renderer.pool.replaced == 0
    finally:
        renderer.close()


def test_a_worker_past_the_time_limit_is_killed_and_the_next_request_gets_a_new_one(folder):
    renderer = WeasyRenderer(folder, limits=RenderLimits(seconds=1), warm_workers=1)
    try:
        renderer.render_html("ok.html", {"n": 0})
        before = worker_pids(renderer)
        with pytest.raises(InvalidInput, match=r"slow\.html: stopped after 1 s"):
            renderer.render_html("slow.html", {})
        assert renderer.pool.replaced == 1
        assert renderer.render_html("ok.html", {"n": 2}) == "<p>2</p>"
        assert worker_pids(renderer) != before
    finally:
        renderer.close()


def counting_jobs(renderer: WeasyRenderer) -> list:
    """The jobs handed to the renderer's warm workers (one round trip each)."""
    jobs: list = []
    run = renderer.pool.run
    renderer.pool.run = lambda job: jobs.append(job) or run(job)  # type: ignore[method-assign]
    return jobs


def test_a_mails_parts_are_one_job_with_one_limit_and_a_stop_names_the_part(folder):
    """The parts share the time limit; the worker's mark says which one was stopped."""
    (folder / "m.txt").write_text("{{ n }}")
    renderer = WeasyRenderer(folder, limits=RenderLimits(seconds=1), warm_workers=1)
    jobs = counting_jobs(renderer)
    try:
        assert renderer.render_parts(["m.txt", "ok.html", "m.txt"], {"n": 7}) == (
            "7", "<p>7</p>", "7")
        assert len(jobs) == 1
        with pytest.raises(InvalidInput, match=r"slow\.html: stopped after 1 s "
                                                r"\(.*one limit for the 3 templates"):
            renderer.render_parts(["m.txt", "slow.html", "ok.html"], {"n": 1})
        assert renderer.pool.replaced == 1
        with pytest.raises(InvalidInput, match=r"slow\.html: stopped after 1 s"):
            renderer.render_parts(["m.txt", "ok.html", "slow.html"], {"n": 1})
        assert renderer.render_parts(["m.txt"], {"n": 2}) == ("2",)  # a fresh worker, part 0
    finally:
        renderer.close()


def test_a_broken_part_names_its_template_and_line(folder):
    (folder / "m.txt").write_text("{{ n }}")
    (folder / "broken.html").write_text("<p>\n{{ n.missing.deeper }}</p>")
    renderer = WeasyRenderer(folder, warm_workers=1)
    try:
        with pytest.raises(InvalidInput, match=r"broken\.html:2: .*missing"):
            renderer.render_parts(["m.txt", "broken.html", "m.txt"], {"n": 1})
        with pytest.raises(NotFound, match="'gone.txt' not found"):
            renderer.render_parts(["m.txt", "gone.txt"], {"n": 1})
        assert renderer.pool.replaced == 0  # a template's error is a reply, not a stop
    finally:
        renderer.close()


def test_a_worker_past_its_memory_cap_is_replaced(folder):
    renderer = WeasyRenderer(folder, limits=RenderLimits(memory_mb=256), warm_workers=1)
    try:
        with pytest.raises(InvalidInput, match=r"big\.html.*too much output.*cap 256 MB"):
            renderer.render_html("big.html", {})
        assert renderer.pool.replaced == 1
        assert renderer.render_html("ok.html", {"n": 3}) == "<p>3</p>"
    finally:
        renderer.close()


def test_threads_share_the_pool(folder):
    renderer = WeasyRenderer(folder, warm_workers=2)
    results: dict[int, str] = {}

    def render(n: int) -> None:
        results[n] = renderer.render_html("ok.html", {"n": n})

    try:
        threads = [threading.Thread(target=render, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == {n: f"<p>{n}</p>" for n in range(6)}
        assert len(worker_pids(renderer)) <= 2
    finally:
        renderer.close()
