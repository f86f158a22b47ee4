"""Replay many `audit-engine` command lines in one process (a subprocess of the test).

    python -m tests.inputs.replay < cases.json > results.json

Each case is {"argv": [...], "env": {...}}; each result {"code": N, "stderr": "..."}. Starting
the command once per case would cost ~0.5 s of imports each; the entry point (`run`) is the
same one the installed `audit-engine` calls, with the environment set per case.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

from audit_engine.cli.main import run


def replay(case: dict) -> dict:
    saved = dict(os.environ)
    os.environ.update(case.get("env", {}))
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = run(case["argv"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"code": code, "stderr": stderr.getvalue()}


if __name__ == "__main__":
    json.dump([replay(case) for case in json.load(sys.stdin)], sys.stdout)
