"""Attachment references in outbox rows, turned into files at dispatch time.

A row stores {"kind": "report", "report": "portfolio" | "actions" | "audit", ...} or
{"kind": "final_report", "audit_id": N}; the PDF is rendered (or read from the report store)
only when the message is sent, outside any transaction.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.mail import Attachment
from audit_engine.services.ports import Renderer
from audit_engine.services.reports import rendering

PDF = "application/pdf"


def attacher(new_uow, renderer: Renderer, clock: Clock, reports, extras=None):
    """An `Attach` collaborator for services.mail.outbox.Delivery. `extras`
    (rendering.AuditExtras): the evidence store and trail setting audit reports use."""

    def attach(ref: dict) -> Attachment:
        kind = ref.get("kind")
        if kind == "final_report":
            return _final_report(new_uow, renderer, clock, reports, ref, extras)
        if kind == "report":
            return _rendered(new_uow, renderer, clock, ref, extras)
        raise InvalidInput(f"unknown attachment kind {kind!r}")

    return attach


def _final_report(new_uow, renderer: Renderer, clock: Clock, reports, ref: dict,
                  extras=None) -> Attachment:
    audit_id = int(ref["audit_id"])
    path = rendering.final_report_path(new_uow(), reports, audit_id)
    if path is None:
        stored = rendering.store_final_report(new_uow(), renderer, clock, reports,
                                            audit=audit_id,
                                            actor=Actor("scheduler", "scheduler"), extras=extras)
        path = stored.path
    return Attachment(ref.get("filename") or f"audit-{audit_id}-final.pdf", PDF,
                      path.read_bytes())


def _rendered(new_uow, renderer: Renderer, clock: Clock, ref: dict, extras=None) -> Attachment:
    report, language = ref.get("report"), ref.get("language", "en")  # the reader's
    texts = extras.criteria_text if extras else None
    with tempfile.TemporaryDirectory(prefix="audit-engine-mail-") as folder:
        output = Path(folder) / "report.pdf"
        if report == "portfolio":
            rendering.render_portfolio(new_uow(), renderer, clock, output=output,
                                       facilities=ref.get("facilities"), language=language,
                                       criteria_text=texts)
        elif report == "actions":
            rendering.render_actions(new_uow(), renderer, clock, owner=ref.get("owner"),
                                   output=output, language=language, criteria_text=texts)
        elif report == "audit":
            rendering.render_audit_report(new_uow(), renderer, clock, audit=int(ref["audit_id"]),
                                        output=output, extras=extras, language=language)
        else:
            raise InvalidInput(f"unknown report {report!r} in attachment")
        data = output.read_bytes()
    return Attachment(ref.get("filename") or f"{report}.pdf", PDF, data)
