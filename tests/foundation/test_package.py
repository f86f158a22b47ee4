"""The package installs from its wheel and from its sdist into a clean virtualenv, and runs.

Built as a release would be (`python -m build`: the sdist, then the wheel from the sdist) and
installed outside the checkout, so nothing can be read from the source tree: the shipped
checklists and report templates must travel as package data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.web.servers import served

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.pop("PYTHONPATH", None)
    return {**env, "AUDIT_ENGINE_HOME": str(home)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the virtualenv's audit-engine command, the sdist) built from this checkout."""
    base = tmp_path_factory.mktemp("package")
    dist = base / "dist"
    run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=base)
    (wheel,), (sdist,) = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    run(sys.executable, "-m", "venv", base / "venv", cwd=base)
    run(base / "venv" / "bin" / "pip", "install", "--quiet", wheel, cwd=base)
    return base / "venv" / "bin" / "audit-engine", sdist


def test_the_wheel_runs_the_demo_and_serves(installed, tmp_path):
    command, _ = installed
    env = clean_env(tmp_path / "home")
    assert run(command, "--version", cwd=tmp_path, env=env).startswith("audit-engine, version ")
    run(command, "init", cwd=tmp_path, env=env)
    listed = json.loads(run(command, "checklists", "list", "--json", cwd=tmp_path, env=env))
    assert any(line["id"] == "ctpat-msc" for line in listed)
    out = run(command, "demo", cwd=tmp_path, env=env)
    demo = tmp_path / "home" / "demo" / "reports"
    for report in ("A-1-draft.pdf", "portfolio.pdf", "corrective-actions.pdf"):
        assert (demo / report).read_bytes().startswith(b"%PDF"), out
    assert list((demo / "final").glob("*.pdf")), out
    database = f"sqlite:///{tmp_path / 'home' / 'demo' / 'audit-engine.sqlite3'}"
    with served(tmp_path / "home", database, program=command) as base, \
            urllib.request.urlopen(f"{base}/sign-in", timeout=10) as page:
        assert page.status == 200


def test_the_sdist_installs_with_its_data(installed, tmp_path):
    command, sdist = installed
    pip = command.parent / "pip"
    run(pip, "install", "--quiet", "--no-deps", "--force-reinstall", sdist, cwd=tmp_path)
    env = clean_env(tmp_path / "home")
    run(command, "init", cwd=tmp_path, env=env)
    shown = run(command, "checklists", "show", "ctpat-msc", cwd=tmp_path, env=env)
    assert "6.2" in shown
