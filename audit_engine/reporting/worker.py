"""Render PDFs in worker processes with a wall-clock limit and a memory cap.

A runaway render (a huge table, a pathological stylesheet) must not take the caller down, so
WeasyPrint never runs in the caller's process. Each worker is a fresh *spawned* interpreter (no
inherited database connections or scheduler threads) that caps its own address space with
`resource.setrlimit(RLIMIT_AS)` (Linux ignores RLIMIT_RSS; the address space bounds the RSS),
imports WeasyPrint once, says it is ready, then renders jobs one at a time. The parent times
each job from the moment it is handed over and kills the worker when it overruns. A job of
several templates (jobs.PartsJob: a mail's parts) has one limit for them all; the worker marks
the part it is on in a one-byte shared file, so the parent can say which template was stopped.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from audit_engine.domain.errors import AuditEngineError
from audit_engine.reporting.jobs import PartsJob, RenderJob, Runner, TemplateJob
from audit_engine.reporting.templates import OUT_OF_MEMORY

__all__ = ["RenderFailed", "RenderJob", "RenderLimits", "run_jobs"]

STARTUP_SECONDS = 60.0


class RenderFailed(AuditEngineError):
    """A render was stopped (time, memory) or WeasyPrint refused the document."""


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 120.0  # wall clock per document, from hand-over to PDF bytes
    memory_mb: int = 1536  # address-space cap of each worker process


@dataclass
class Outcome:
    index: int
    label: str
    pdf: bytes | None = None
    error: str | None = None
    seconds: float = 0.0
    fetch_log: list = field(default_factory=list)
    kind: str = "error"  # of the error: "invalid", "missing", "error" (see jobs.py)

    @property
    def ok(self) -> bool:
        return self.pdf is not None


def _cap_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _marker(fd: int) -> Callable[[int], None]:
    """Writes a part number (0-255) where the parent reads it: a shared page, no system call
    (a message per part would cost the round trips PartsJob saves)."""
    import mmap

    page = mmap.mmap(fd, 1)

    def mark(part: int) -> None:
        page[0] = part

    return mark


def _serve(incoming, outgoing, memory_mb: int, mark_fd: int, preload: bool) -> None:
    """Worker process: run jobs from `incoming` until it sends None or closes."""
    _cap_memory(memory_mb)
    runner = Runner(memory_mb, _marker(mark_fd))
    from audit_engine.reporting import loader, templates  # noqa: F401 - Jinja, before any job
    if preload:
        from audit_engine.reporting import weasy  # noqa: F401 - the slow import, up front

    outgoing.send(("ready",))
    while True:
        try:
            job = incoming.recv()
        except EOFError:
            return
        if job is None:
            return
        reply = runner.run(job)
        try:
            outgoing.send(reply)
        except MemoryError:  # the result itself was too big to send back
            reply = None
            template = isinstance(job, TemplateJob | PartsJob)
            outgoing.send(("invalid" if template else "error",
                           f"{'template ' if template else ''}{job.label}: too much output "
                           f"({OUT_OF_MEMORY}, cap {memory_mb} MB)", []))
            return
        if runner.spent:  # a process that hit its memory cap is not trusted with more work
            return


def main(argv: list[str]) -> None:
    """Entry of `python -m audit_engine.reporting.worker MEMORY_MB MARK_FD [preload]`; pickles
    over stdin/stdout."""
    from multiprocessing.connection import Connection

    reply_fd = os.dup(1)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the reply pipe
    _serve(Connection(0, writable=False), Connection(reply_fd, readable=False), int(argv[0]),
           int(argv[1]), argv[2:3] == ["preload"])


class _Worker:
    """A `python -m` subprocess (not multiprocessing: no re-import of the caller's __main__,
    no inherited database connections or scheduler threads)."""

    def __init__(self, limits: RenderLimits, preload: bool = True) -> None:
        from multiprocessing.connection import Connection

        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.marks = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(); see part()
        self.marks.write(b"\0")
        self.marks.flush()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "audit_engine.reporting.worker", str(limits.memory_mb),
             str(self.marks.fileno()), *(["preload"] if preload else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            pass_fds=(self.marks.fileno(),),
            # The same closed audit must give the same bytes in every process: a fixed hash
            # seed (font subsets follow set order) and a fixed font timestamp (fontTools
            # stamps subset fonts with "now" unless SOURCE_DATE_EPOCH is set).
            env={**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1767225600"})
        self.outgoing = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.conn = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.ready = False
        self.deadline = time.monotonic() + STARTUP_SECONDS
        self.job: tuple[int, object, float] | None = None  # (index, job, started)

    def give(self, index: int, job, seconds: float) -> None:
        os.pwrite(self.marks.fileno(), b"\0", 0)  # part 0 until the worker marks another
        self.outgoing.send(job)
        started = time.monotonic()
        self.job, self.deadline = (index, job, started), started + seconds

    def part(self) -> int:
        """Which template of its PartsJob the worker was on (when it was stopped or died)."""
        return os.pread(self.marks.fileno(), 1, 0)[0]

    def last_words(self) -> str:
        """The last line the worker wrote to stderr (why it could not start or died)."""
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1][:300]}" if lines else ""

    def stop(self, kill: bool = False) -> None:
        """Ask an idle worker to exit; kill a busy one (or when told to)."""
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            if self.process.poll() is None and self.job is None and not kill:
                self.outgoing.send(None)
                self.process.wait(2)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for closable in (self.outgoing, self.conn, self.log, self.marks):
            closable.close()


class _Pool:
    """A few workers and a queue of jobs; yields outcomes as they finish."""

    def __init__(self, jobs: Sequence, workers: int, limits: RenderLimits) -> None:
        self.limits = limits
        self.queue = deque(enumerate(jobs))
        self.workers = [_Worker(limits) for _ in range(max(1, min(workers, len(jobs))))]

    def _dispatch(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        worker.job = None
        if self.queue:
            index, job = self.queue.popleft()
            worker.give(index, job, self.limits.seconds)

    def _replace(self, worker: _Worker) -> _Worker | None:
        """A new worker in place of a killed one; none when no work is left for it."""
        worker.stop(kill=True)
        worker.job = None
        if not self.queue:
            self.workers.remove(worker)
            return None
        fresh = _Worker(self.limits)
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def _failed(self, worker: _Worker, message: str) -> Outcome:
        index, job, started = worker.job
        return Outcome(index, job.label, error=message, seconds=time.monotonic() - started)

    def _receive(self, worker: _Worker) -> Outcome | None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.wait()
            if worker.job is None:
                raise RenderFailed(f"render worker could not start (exit code {code})"
                                   f"{worker.last_words()}") from None
            outcome = self._failed(worker, f"render worker died (exit code {code})"
                                           f"{worker.last_words()}")
            self._dispatch(self._replace(worker))
            return outcome
        if message[0] == "ready":
            worker.ready = True
            self._dispatch(worker)
            return None
        index, job, started = worker.job
        kind, payload, log = message
        outcome = Outcome(index, job.label, seconds=time.monotonic() - started, fetch_log=log,
                          **({"pdf": payload} if kind == "ok" else {"error": payload}))
        outcome.kind = kind
        self._dispatch(worker)
        return outcome

    def _overdue(self, worker: _Worker) -> Outcome:
        if worker.job is None:
            raise RenderFailed(f"render worker did not start within {STARTUP_SECONDS:.0f} s")
        outcome = self._failed(worker, f"took longer than {self.limits.seconds:g} s; stopped")
        self._dispatch(self._replace(worker))
        return outcome

    def run(self) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        try:
            while busy := [w for w in self.workers if w.job is not None or not w.ready]:
                timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout)
                for worker in [w for w in busy if w.conn in ready]:
                    if (outcome := self._receive(worker)) is not None:
                        yield outcome
                for worker in [w for w in self.workers if w in busy and w.conn not in ready]:
                    if time.monotonic() >= worker.deadline:
                        yield self._overdue(worker)
        finally:
            for worker in self.workers:
                worker.stop()


def run_jobs(jobs: Sequence, workers: int = 1,
             limits: RenderLimits | None = None) -> Iterator[Outcome]:
    """Render `jobs` (weasy.RenderJob) on `workers` processes; outcomes in finishing order."""
    if not jobs:
        return iter(())
    return _Pool(jobs, workers, limits or RenderLimits()).run()


if __name__ == "__main__":
    main(sys.argv[1:])
