"""Warm render workers for one document at a time: web downloads, e-mail, single reports.

A fresh worker costs ~1.2 s (interpreter + WeasyPrint import) before its first page; a warm one
costs nothing. `WarmPool` keeps up to `size` workers alive between requests and hands each job
to an idle one (threads wait for a free worker). The limits still hold per job (a mail's parts
are one job, jobs.PartsJob, and share its time limit): a worker past
the time limit is killed and replaced on the next request, one that hit its memory cap
(RLIMIT_AS, set in the worker) fails the job with a MemoryError reply and stays, one that died
is replaced. Workers start on first use; `warm()` starts one and imports WeasyPrint up front.
"""

from __future__ import annotations

import contextlib
import threading
import time

from audit_engine.reporting.jobs import spent
from audit_engine.reporting.worker import STARTUP_SECONDS, RenderLimits, _Worker


class WorkerStopped(Exception):
    """The job did not come back: `reason` says why (time limit, worker died); `part` is the
    template a PartsJob was on (the worker's mark)."""

    def __init__(self, reason: str, timed_out: bool, part: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.timed_out, self.part = reason, timed_out, part


class WarmPool:
    def __init__(self, limits: RenderLimits | None = None, size: int = 2) -> None:
        self.limits = limits or RenderLimits()
        self.size = max(1, size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.size)
        self._closed = False
        self.replaced = 0  # workers killed or lost and replaced (for tests and benchmarks)

    def run(self, job) -> tuple:
        """The worker's reply to `job` (see jobs.py); WorkerStopped when it never came."""
        with self._slots:
            worker = self._checkout()
            try:
                reply = _call(worker, job, self.limits.seconds)
            except WorkerStopped:
                worker.stop(kill=True)
                self.replaced += 1
                raise
            if spent(reply):  # it hit its memory cap and exits: the next job gets a new one
                worker.stop(kill=True)
                self.replaced += 1
            else:
                self._checkin(worker)
            return reply

    def warm(self) -> None:
        """Start one worker and import WeasyPrint in it now (at application start)."""
        from audit_engine.reporting.jobs import WarmUp

        self.run(WarmUp())

    def close(self) -> None:
        with self._lock:
            self._closed, idle, self._idle = True, self._idle, []
        for worker in idle:
            worker.stop()

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("render pool is closed")
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.stop(kill=True)  # died while idle (killed from outside)
                self.replaced += 1
        worker = _Worker(self.limits, preload=False)
        _await_ready(worker)
        return worker

    def _checkin(self, worker: _Worker) -> None:
        worker.job = None
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.stop()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _await_ready(worker: _Worker) -> None:
    from audit_engine.reporting.worker import RenderFailed

    if not worker.conn.poll(STARTUP_SECONDS):
        worker.stop(kill=True)
        raise RenderFailed(f"render worker did not start within {STARTUP_SECONDS:.0f} s")
    try:
        worker.conn.recv()
    except (EOFError, OSError):
        code = worker.process.wait()
        words = worker.last_words()
        worker.stop(kill=True)
        raise RenderFailed(f"render worker could not start (exit code {code}){words}") from None
    worker.ready = True


def _call(worker: _Worker, job, seconds: float) -> tuple:
    """Hand `job` over and wait at most `seconds` for the reply."""
    try:
        worker.give(0, job, seconds)
    except OSError:
        raise WorkerStopped(f"render worker died (exit code {worker.process.poll()})",
                            False) from None
    remaining = worker.deadline - time.monotonic()
    if not worker.conn.poll(max(0.0, remaining)):
        raise WorkerStopped(f"took longer than {seconds:g} s; stopped", True, worker.part())
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        code = worker.process.wait()
        raise WorkerStopped(f"render worker died (exit code {code}){worker.last_words()}",
                            False, worker.part()) from None
