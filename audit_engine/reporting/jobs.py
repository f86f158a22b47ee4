"""What a render worker does: the jobs it takes and how it runs them.

Plain picklable data goes in (a template's name and context, or HTML for WeasyPrint) and one
reply comes out: `("ok", result, fetch_log)` or `(kind, message, fetch_log)` where kind says
which error the caller raises: "invalid" (the template's fault: exit 2), "missing" (no such
template: exit 4) or "error" (WeasyPrint refused or failed: exit 1).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit_engine.reporting.templates import OUT_OF_MEMORY


def spent(reply: tuple) -> bool:
    """Whether the worker that sent `reply` hit its memory cap (it exits after replying)."""
    return reply[0] != "ok" and OUT_OF_MEMORY in str(reply[1])


@dataclass
class RenderJob:
    """HTML to PDF."""

    html: str
    base_url: str | None
    roots: tuple[str, ...]
    attachments: tuple = ()  # services.reports.views.models.ReportAttachment
    pdf_variant: str | None = None
    identifier: bytes | None = None  # fixed PDF /ID for reproducible output
    label: str = ""
    fetch_log: list = field(default_factory=list)


@dataclass
class TemplateJob:
    """A template on the search path `dirs`, rendered with `context` (report or e-mail)."""

    name: str
    context: dict
    dirs: tuple[str, ...]
    label: str = ""
    fetch_log: list = field(default_factory=list)
    language: str = "en"
    wording_of: Callable | None = None  # picklable (a module function, or a partial of one)


@dataclass
class PartsJob:
    """Several templates on one context, rendered in order in one hand-over (a mail's text,
    HTML and subject): one round trip instead of one per template, and one time limit for
    them all. The worker marks which part it is on, so a stop names that template."""

    names: tuple[str, ...]
    context: dict
    dirs: tuple[str, ...]
    label: str = ""
    fetch_log: list = field(default_factory=list)
    language: str = "en"
    wording_of: Callable | None = None  # picklable (a module function, or a partial of one)


@dataclass
class WarmUp:
    """Import WeasyPrint and lay out a small page, so the next real job pays neither."""

    label: str = "warm-up"
    fetch_log: list = field(default_factory=list)


class Runner:
    """Lives in the worker process: caches Jinja environments and imports WeasyPrint once."""

    def __init__(self, memory_mb: int, mark: Callable[[int], None] = lambda part: None) -> None:
        self.memory_mb = memory_mb
        self.mark = mark  # which part of a PartsJob is rendering (read by the parent on a stop)
        self.spent = False  # hit the memory cap: the worker exits after replying
        self._templates: dict[tuple, object] = {}

    def run(self, job) -> tuple:
        from audit_engine.domain.errors import InvalidInput, NotFound

        try:
            return ("ok", self._do(job), job.fetch_log)
        except InvalidInput as error:
            self.spent = OUT_OF_MEMORY in str(error)
            return ("invalid", str(error), job.fetch_log)
        except NotFound as error:
            return ("missing", str(error), job.fetch_log)
        except MemoryError:
            self.spent = True
            return ("error", f"{OUT_OF_MEMORY} (cap {self.memory_mb} MB)", job.fetch_log)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - WeasyPrint's fatal fetch error is one
            return ("error", f"{type(error).__name__}: {error}", job.fetch_log)

    def _do(self, job):
        if isinstance(job, TemplateJob):
            return self.templates(job).render(job.name, job.context)
        if isinstance(job, PartsJob):
            return self._parts(job)
        from audit_engine.reporting import weasy  # ~1 s, once per worker

        if isinstance(job, WarmUp):
            return len(weasy.render(RenderJob("<p>warm</p>", None, ())))
        return weasy.render(job)

    def _parts(self, job: PartsJob) -> tuple[str, ...]:
        """Each template in order; the first failure names its template (Templates.render)."""
        templates = self.templates(job)
        texts = []
        for part, name in enumerate(job.names):
            self.mark(part)
            texts.append(templates.render(name, job.context))
        return tuple(texts)

    def templates(self, job: TemplateJob | PartsJob):
        """The job's folders in the job's language, built once per worker."""
        key = (job.dirs, job.language, pickle.dumps(job.wording_of))  # same factory, same key
        if key not in self._templates:
            from audit_engine.reporting.templates import Templates

            wording = job.wording_of(job.language) if job.wording_of else None
            self._templates[key] = Templates((Path(d) for d in job.dirs), wording)
        return self._templates[key]
