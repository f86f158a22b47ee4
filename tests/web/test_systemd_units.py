"""docs/deploy/*.service, checked: `systemd-analyze verify` (Debian's systemd) reads each unit
with the installed `audit-engine` in place of /opt/audit-engine/bin/audit-engine, the command
line is one `serve` accepts, and docs/deployment.md links them and shows the first as it is."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import COMMAND

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"
UNITS = ("audit-engine.service", "audit-engine-web.service")
INSTALLED = "/opt/audit-engine/bin/audit-engine"


@pytest.mark.parametrize("unit", UNITS)
def test_the_unit_verifies_and_its_command_is_one_serve_takes(unit, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: systemd)")
    text = (DEPLOY / unit).read_text()
    (start,) = re.findall(r"^ExecStart=(\S+) (.*)$", text, re.MULTILINE)
    assert start[0] == INSTALLED
    copy = tmp_path / unit
    copy.write_text(text.replace(INSTALLED, str(COMMAND)))
    verified = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                              text=True, timeout=60)
    assert verified.returncode == 0 and not verified.stderr.strip(), verified.stderr
    takes = subprocess.run([str(COMMAND), *start[1].split(), "--help"], capture_output=True,
                           text=True, timeout=60)
    assert takes.returncode == 0, takes.stderr  # an unknown option would exit 2


def test_the_deployment_guide_links_both_units_and_shows_the_first_as_it_is():
    guide = (DEPLOY.parent / "deployment.md").read_text()
    for unit in UNITS:
        assert f"[deploy/{unit}](deploy/{unit})" in guide
    text = (DEPLOY / UNITS[0]).read_text()
    assert text[text.index("[Unit]"):] in guide, "docs/deployment.md differs from the unit"
