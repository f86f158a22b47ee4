"""Run `audit-engine serve` as a real process on a free loopback port, and wait for it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import COMMAND


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home: Path, database_url: str, extra: dict[str, str] | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url)
    env.update(extra or {})
    return env


@contextmanager
def served(home: Path, database_url: str, *args: str, env: dict[str, str] | None = None,
           command: tuple[str, ...] = ("serve",), program: Path = COMMAND,
           port: int | None = None):
    """Yield the base URL of a running server; stop it (and show its log on failure) after.
    One worker unless `args` say otherwise (the default, one per core, costs a start each).
    `port`: one chosen before (another process must know the address first)."""
    port = port or free_port()
    if command == ("serve",) and "--workers" not in args:
        args = (*args, "--workers", "1")
    log = home / f"serve-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(program), *command, "--port", str(port), *args],
            env=server_env(home, database_url, env), stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, process: subprocess.Popen, log: Path, tries: int = 1500) -> None:
    for _ in range(tries):
        if process.poll() is not None:
            raise AssertionError(f"serve exited {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"serve did not answer /health: {log.read_text()}")
