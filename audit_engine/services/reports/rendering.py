"""Report use cases: audit report, portfolio, corrective actions, batch, the final report at close.

Collaborators come in as arguments: `uow` (reads), `renderer` (reporting.WeasyRenderer or
anything with render_html/render_pdf/render_batch), `clock`. Data is read in one short read
transaction, then rendered outside it (a render can take seconds; no lock is held meanwhile).
A closed audit's report speaks as of its closing time and is rendered as PDF/A-3b with the
audit's JSON attached, so rendering it again gives the same document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, parse_period
from audit_engine.reporting.files import check_output_folder, write_atomically
from audit_engine.reporting.renderer import BatchItem
from audit_engine.services.lookup import audit_by_ref
from audit_engine.services.ports import Renderer, UnitOfWork
from audit_engine.services.reports.audit_data import load_audit_view
from audit_engine.services.reports.images import image_uris
from audit_engine.services.reports.portfolio_data import load_actions, load_portfolio
from audit_engine.services.reports.views import shown
from audit_engine.services.reports.views.audit import audit_report_context
from audit_engine.services.reports.views.export import audit_export_json
from audit_engine.services.reports.views.models import ReportAttachment, ReportAudit
from audit_engine.services.reports.views.portfolio import actions_context, portfolio_context
from audit_engine.services.trail import append_event
from audit_engine.services.webhook_events import queue_from_trail
from audit_engine.storage.queries.closed_audits import audits_of_period
from audit_engine.storage.trail import last_event

FINAL_VARIANT = "pdf/a-3b"
FINAL_EVENT = "report.final"
FORMATS = ("pdf", "html")


@dataclass(frozen=True)
class RenderedReport:
    path: Path
    sha256: str
    bytes: int


def report_moment(view: ReportAudit, clock: Clock) -> datetime:
    """A closed audit's report speaks as of its closing; any other as of now."""
    return view.closed_at if view.is_closed and view.closed_at else clock.now()


@dataclass(frozen=True)
class AuditExtras:
    """What an audit report takes beyond the audit: the evidence store (for the photos of
    remediation; none without it) and whether to print every trail event (the
    `report_full_trail` setting; default a summary, every event stays in the embedded JSON)."""

    store: Any = None
    full_trail: bool = False
    language: str = "en"  # the report's words and formats (a final report: its facility's)
    # (catalog id, language) -> that checklist's text in the language (CatalogText) or None
    criteria_text: Any = None


def in_language(extras: AuditExtras | None, language: str | None) -> AuditExtras:
    return replace(extras or AuditExtras(), language=language or "en")


def texts_in(criteria_text, language: str | None):
    """catalog id -> its text in `language`; None for English or when no texts were given."""
    if criteria_text is None or (language or "en") == "en":
        return None
    return partial(criteria_text, language=language)


def audit_html(renderer: Renderer, view: ReportAudit, generated_at: datetime,
               extras: AuditExtras | None = None) -> str:
    extras = extras or AuditExtras()
    if extras.language != "en" and extras.criteria_text is not None:
        view = shown.in_language(view, extras.criteria_text(view.checklist_id, extras.language))
    context = audit_report_context(view, generated_at, image_uris(extras.store, view.evidence),
                                   full_trail=extras.full_trail)
    return renderer.render_html("audit_report.html", context, extras.language)


def pdf_options(view: ReportAudit, generated_at: datetime) -> dict:
    """Open audits: a plain PDF. Closed ones: PDF/A-3b carrying the audit's JSON, with a fixed
    document id and dates, so the same closed audit always gives the same file."""
    if not view.is_closed:
        return {}
    attachment = ReportAttachment(name=f"{view.id}.json", data=audit_export_json(view),
                                  description=f"Audit {view.id}, machine-readable",
                                  relationship="Data", created=generated_at)
    identifier = hashlib.md5(f"{view.id}:{view.checklist_hash}".encode()).hexdigest().encode()
    return {"attachments": (attachment,), "pdf_variant": FINAL_VARIANT, "identifier": identifier}


def audit_pdf(renderer: Renderer, view: ReportAudit, generated_at: datetime,
              extras: AuditExtras | None = None) -> bytes:
    html = audit_html(renderer, view, generated_at, extras)
    return renderer.render_pdf(html, **pdf_options(view, generated_at))


def read_audit_view(uow: UnitOfWork, audit_ref: AuditId | int) -> ReportAudit:
    with uow.reading():
        return load_audit_view(uow.session, audit_by_ref(uow.session, audit_ref))


def _save(output: Path, data: bytes) -> RenderedReport:
    write_atomically(output, data)
    return RenderedReport(output, hashlib.sha256(data).hexdigest(), len(data))


def _ready(output: Path) -> Path:
    """Fail before rendering when the output folder cannot take the file."""
    output = Path(output)
    check_output_folder(output.parent if str(output.parent) else Path("."))
    return output


def render_audit_report(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, audit: AuditId | int,
                        output: Path | None = None,
                        fmt: str = "pdf", extras: AuditExtras | None = None,
                        language: str | None = None) -> RenderedReport:
    """`language`: the report's (None: the one `extras` names, else English)."""
    if language is not None:
        extras = in_language(extras, language)
    if fmt not in FORMATS:
        raise InvalidInput.said("format %(format)r is not one of: %(known)s", format=fmt,
                                known=", ".join(FORMATS))
    view = read_audit_view(uow, audit)
    output = _ready(output or Path(f"{view.id}-report.{fmt}"))
    moment = report_moment(view, clock)
    if fmt == "html":
        return _save(output, audit_html(renderer, view, moment, extras).encode())
    return _save(output, audit_pdf(renderer, view, moment, extras))


def render_portfolio(uow: UnitOfWork, renderer: Renderer, clock: Clock, *,
                     output: Path | None = None,
                     facilities: list[str] | None = None, language: str = "en",
                     criteria_text=None) -> RenderedReport:
    """The portfolio of every facility, or of `facilities` (codes) only. `criteria_text`:
    (catalog id, language) -> the checklist's text in that language, as in AuditExtras."""
    output = _ready(output or Path("portfolio.pdf"))
    now = clock.now()
    with uow.reading():
        view = load_portfolio(uow.session, now.date(), facilities,
                              texts_in(criteria_text, language))
    html = renderer.render_html("portfolio.html", portfolio_context(view, now), language)
    return _save(output, renderer.render_pdf(html))


def render_actions(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, owner: str | None = None,
                   output: Path | None = None, facilities=None,
                   language: str = "en", criteria_text=None) -> RenderedReport:
    """Open corrective actions, of `owner` only when given, at `facilities` (codes; None:
    every facility)."""
    output = _ready(output or Path("corrective-actions.pdf"))
    now = clock.now()
    with uow.reading():
        actions = load_actions(uow.session, owner, facilities, texts_in(criteria_text, language))
    html = renderer.render_html("actions.html", actions_context(actions, now, owner), language)
    return _save(output, renderer.render_pdf(html))


def render_closed_batch(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, period: str,
                        out_dir: Path, progress=None,
                        facilities=None, extras: AuditExtras | None = None):
    """Every closed audit of `period` (at `facilities`, codes, when given) into `out_dir`,
    rendered on all cores. -> BatchSummary."""
    parse_period(period)
    out_dir = Path(out_dir)
    _ready(out_dir / "x.pdf")
    with uow.reading():
        audits = audits_of_period(uow.session, period, AuditStatus.CLOSED.value)
        views = [load_audit_view(uow.session, a) for a in audits]
    views = [v for v in views if facilities is None or v.facility.code in facilities]
    if not views:
        raise NotFound.said("no closed audits in %(period)s", period=period)
    items = []
    for view in views:
        moment = report_moment(view, clock)
        items.append(BatchItem(label=view.id, html=audit_html(renderer, view, moment, extras),
                               output=out_dir / f"{view.id}-{view.facility.code}-{period}.pdf",
                               **pdf_options(view, moment)))
    return renderer.render_batch(items, progress)


# ---- the final report at close -------------------------------------------------------------------


def store_final_report(uow: UnitOfWork, renderer: Renderer, clock: Clock, reports, *,
                       audit: AuditId | int,
                       actor: Actor, extras: AuditExtras | None = None) -> RenderedReport:
    """Render a closed audit's final report, store it, and record its SHA-256 in the trail."""
    view = read_audit_view(uow, audit)
    if not view.is_closed:
        raise InvalidInput.said("audit %(ref)s is %(status)s; the final report needs it closed",
                                ref=view.id, status=view.status)
    extras = in_language(extras, view.facility.language)  # the final report: the facility's
    pdf = audit_pdf(renderer, view, report_moment(view, clock), extras)
    blob = reports.put_bytes(pdf)  # `reports`: storage.blob_store.BlobStore, content-addressed
    stored = RenderedReport(reports.local_path(blob.sha256), blob.sha256, len(pdf))
    with uow:
        row = audit_by_ref(uow.session, audit)
        payload = {"sha256": blob.sha256, "bytes": len(pdf), "variant": FINAL_VARIANT,
                   "file": reports.name_of(blob.sha256)}
        record = append_event(uow, clock.now(), actor, FINAL_EVENT, view.id, payload,
                              row.id)
        queue_from_trail(uow.session, [record])  # report.final to webhooks
        uow.commit()
    return stored


def final_report_hook(uow_factory: Callable, renderer: Renderer, clock: Clock, reports,
                      actor: Actor) -> Callable[[int], RenderedReport]:
    """The `on_closed` collaborator for services.review.transitions.close_audit."""
    return lambda audit_id: store_final_report(uow_factory(), renderer, clock, reports,
                                               audit=audit_id, actor=actor)


def final_report_path(uow: UnitOfWork, reports, audit: AuditId | int) -> Path | None:
    """A local copy of the audit's latest final report (from its trail event), if any."""
    import json

    with uow.reading():
        row = audit_by_ref(uow.session, audit)
        event = last_event(uow.session, row.id, FINAL_EVENT)
    if event is None:
        return None
    return reports.local_path(json.loads(event.payload)["sha256"])

