"""What the scheduler's tick is given: its parts wired from the App (the tick itself, in
services/calendar/tick.py, sees no App)."""

from __future__ import annotations

from datetime import datetime

from audit_engine.domain.clock import Clock, FixedClock
from audit_engine.services.calendar.tick import TickParts
from audit_engine.services.mail.criteria import CriteriaInLanguage
from audit_engine.services.mail.outbox import Delivery
from audit_engine.services.reports.attachments import attacher


def mail_domain(app) -> str:
    return app.settings.mail_from.rpartition("@")[2] or "localhost"


def delivery_for(app, clock: Clock) -> Delivery:
    """How dispatch sends: the mail transport, templates, attachments, webhooks and chat."""
    renderer = app.renderer()
    return Delivery(
        transport=app.mailer(),
        render=renderer.render_parts,
        attach=attacher(app.uow, renderer, clock, app.report_store(), app.report_extras()),
        sender=app.settings.mail_from,
        webhooks=app.webhook_delivery(clock),
        public_url=app.public_url(),
        chat=app.chat_sender(),
        wording_of=app.languages.wording_of,
        criteria=CriteriaInLanguage(app.uow, app.languages.criteria_text),
    )


def tick_parts(app, at: datetime | None = None) -> TickParts:
    """A tick's parts as of `at` (default: the App's clock, read as it runs)."""
    clock = FixedClock(at) if at is not None else app.clock
    return TickParts(
        uow=app.uow, clock=clock, catalogs=app.catalogs, trail_keys=app.trail_keys,
        checkpoints=app.checkpoints(), mail_domain=mail_domain(app),
        digest_skip_empty=app.settings.digest_skip_empty,
        delivery=lambda when: delivery_for(app, when), engine=app.engine,
    )
