"""WeasyRenderer: templates and PDFs, both rendered in capped worker processes.

This is the one object the services get for reporting (`app.renderer()`): `render_html`,
`render_text`, `render_parts` (a mail's templates in one go), `render_pdf` and `render_batch`.
Every template is user-overridable, so Jinja runs where WeasyPrint does: in a worker process
with the time limit and memory cap. Single jobs go to warm workers kept between calls
(pool.py); batches to one worker per core (worker.py). `close()` stops the warm workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.reporting.files import write_atomically
from audit_engine.reporting.jobs import PartsJob, RenderJob, TemplateJob
from audit_engine.reporting.pool import WarmPool, WorkerStopped
from audit_engine.reporting.progress import ProgressBar
from audit_engine.reporting.templates import Templates, template_dirs
from audit_engine.reporting.worker import RenderFailed, RenderLimits, run_jobs


@dataclass(frozen=True)
class BatchItem:
    label: str  # shown in the progress bar and the summary (e.g. the audit id)
    html: str
    output: Path
    attachments: tuple = ()
    pdf_variant: str | None = None
    identifier: bytes | None = None


@dataclass
class BatchSummary:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    seconds: float = 0.0
    bytes: int = 0

    def line(self) -> str:
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return (f"{len(self.written)} report(s) written{failed} in {self.seconds:.1f} s "
                f"({self.bytes / 1e6:.1f} MB)")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


class WeasyRenderer:
    def __init__(self, template_dir: Path | None = None, limits: RenderLimits | None = None,
                 workers: int | None = None, warm_workers: int = 2,
                 wording_of: Callable | None = None) -> None:
        self.templates = Templates(template_dirs(template_dir))
        self.wording_of = wording_of  # language code -> languages.wording.Wording
        self.limits = limits or RenderLimits()
        self.workers = workers or default_workers()
        self.pool = WarmPool(self.limits, warm_workers)

    @property
    def roots(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self.templates.dirs)

    @property
    def base_url(self) -> str:
        return self.templates.dirs[0].as_uri() + "/"

    def render_html(self, template_name: str, context: dict, language: str = "en") -> str:
        return self._template(template_name, context, language)

    def render_text(self, template_name: str, context: dict, language: str = "en") -> str:
        return self._template(template_name, context, language)

    def render_parts(self, names: Sequence[str], context: dict,
                     language: str = "en") -> tuple[str, ...]:
        """Templates on one context, in order, in one worker round trip (a mail's text, HTML
        and subject: three round trips cost ~0.2 ms a mail more). The time limit covers them
        together; a failure names the template it happened in."""
        names = tuple(names)
        return self._run(PartsJob(names, context, self.roots, ", ".join(names),
                                  language=language, wording_of=self.wording_of), names)

    def warm(self) -> None:
        """Start a warm worker with WeasyPrint imported (at application start)."""
        self.pool.warm()

    def close(self) -> None:
        self.pool.close()

    def _template(self, name: str, context: dict, language: str) -> str:
        job = TemplateJob(name, context, self.roots, name, language=language,
                          wording_of=self.wording_of)
        return self._run(job, (name,))

    def _run(self, job: TemplateJob | PartsJob, names: tuple[str, ...]):
        """Render in a warm worker; every failure is InvalidInput naming the template (for a
        stop, the one the worker's mark says it was on)."""
        try:
            kind, payload, _ = self.pool.run(job)
        except WorkerStopped as stopped:
            together = f", one limit for the {len(names)} templates rendered together" \
                if len(names) > 1 else ""
            why = (f"stopped after {self.limits.seconds:g} s (AUDIT_ENGINE_RENDER_TIMEOUT"
                   f"{together}; a loop too long?)" if stopped.timed_out else stopped.reason)
            raise InvalidInput(f"template {self._path(names[stopped.part])}: {why}") from None
        if kind == "ok":
            return payload
        if kind == "missing":
            raise NotFound(payload)
        if kind == "invalid":
            raise InvalidInput(payload)
        where = self._path(names[0]) if len(names) == 1 else job.label
        raise InvalidInput(f"template {where}: {payload}")

    def _path(self, name: str) -> str:
        """Where `name` is found on the search path (for messages), else the name."""
        found = (d / name for d in self.templates.dirs)
        return str(next((p for p in found if p.is_file()), name))

    def _job(self, html: str, base_url: str | None, attachments: Sequence, pdf_variant,
             identifier: bytes | None = None, label: str = "") -> RenderJob:
        return RenderJob(html=html, base_url=base_url or self.base_url, roots=self.roots,
                         attachments=tuple(attachments), pdf_variant=pdf_variant,
                         identifier=identifier, label=label)

    def render_pdf(self, html: str, base_url: str | None = None, attachments: Sequence = (),
                   pdf_variant: str | None = None, *, identifier: bytes | None = None,
                   fetch_log: list | None = None) -> bytes:
        """One document in a warm worker; RenderFailed when it overruns or is refused."""
        job = self._job(html, base_url, attachments, pdf_variant, identifier, "report")
        try:
            kind, payload, log = self.pool.run(job)
        except WorkerStopped as stopped:
            raise RenderFailed(f"rendering the report failed: {stopped.reason}") from None
        if fetch_log is not None:
            fetch_log.extend(log)
        if kind == "invalid":  # the template's doing (a blocked URL): bad input, exit 2
            raise InvalidInput(f"rendering the report failed: {payload}")
        if kind != "ok":
            raise RenderFailed(f"rendering the report failed: {payload}")
        return payload

    def render_batch(self, items: Sequence[BatchItem],
                     progress: ProgressBar | None = None) -> BatchSummary:
        """Render many documents on all cores; each written atomically as it finishes.

        One failure does not stop the others; the summary lists it.
        """
        started = time.monotonic()
        summary = BatchSummary()
        progress = progress or ProgressBar(len(items))
        jobs = [self._job(i.html, None, i.attachments, i.pdf_variant, i.identifier, i.label)
                for i in items]
        try:
            for outcome in run_jobs(jobs, self.workers, self.limits):
                item = items[outcome.index]
                if outcome.ok:
                    try:
                        summary.written.append(write_atomically(item.output, outcome.pdf))
                        summary.bytes += len(outcome.pdf)
                    except InvalidInput as error:
                        outcome.error = str(error)
                if outcome.error:
                    summary.failed.append((item.label, outcome.error))
                progress.update(item.label, ok=outcome.error is None)
        finally:
            progress.close()
        summary.seconds = time.monotonic() - started
        return summary
