"""The composition root: Settings in, wired adapters out. The only place naming concrete adapters.

Everything is built on first use, so commands that need no database never open one.
"""

from __future__ import annotations

import os
import tempfile
from functools import cached_property
from pathlib import Path

from audit_engine.bootstrap.settings import Settings
from audit_engine.domain.clock import Clock, SystemClock
from audit_engine.domain.errors import InvalidInput


class App:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        from audit_engine.domain.formats.inputs import parse_year_range, set_year_range

        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        set_year_range(parse_year_range(settings.years))  # the years input may name

    @cached_property
    def engine(self):
        from audit_engine.storage.engine import make_engine

        if not self.settings.database_url:
            ensure_writable_home(self.settings.home)
        return make_engine(self.settings.effective_database_url,
                           connections=self.settings.database_connections)

    def uow(self):
        from audit_engine.storage.uow import SqlUnitOfWork

        return SqlUnitOfWork(self.engine, self.trail_keys, self.secret_box,
                             mail_domain=self.settings.mail_from.rpartition("@")[2] or "localhost")

    @cached_property
    def secret_box(self):
        """Seals the secrets the database keeps (TOTP seeds, webhook secrets) under a key
        outside it: settings.secrets_key, else settings.secrets_key_path (made on first use)."""
        from audit_engine.credentials.sealed import SecretBox

        return SecretBox(self.settings.secrets_key_path, self.settings.secrets_key)

    @cached_property
    def trail_keys(self):
        """The trail's HMAC keys: the trail_key setting (the same lines on every node), else
        the key file (settings.trail_key_path), read on first use."""
        from audit_engine.storage.trail_keys import GivenKeys, KeyFile

        if self.settings.trail_key:
            return GivenKeys(self.settings.trail_key)
        return KeyFile(self.settings.trail_key_path)

    def require_schema(self) -> None:
        from audit_engine.storage.schema import require_current

        require_current(self.engine)

    def catalogs(self) -> list:
        """Every shipped and configured checklist catalog, validated (cached by content hash)."""
        from audit_engine.checklists import load_all

        given = self.settings
        return load_all(given.shipped_checklists_dir, given.checklist_dirs,
                        cache_dir=given.cache_dir)

    def evidence_store(self, kind: str = "evidence"):
        """Content-addressed evidence files (kind "reports": final reports): settings'
        evidence_dir or report_dir, or the bucket's `evidence/` (`reports/`)."""
        from audit_engine.bootstrap.file_storage import file_store

        return file_store(self.settings, lambda: self.bucket, kind, self.cache_limit)

    def report_store(self):
        return self.evidence_store("reports")

    def picture_store(self):
        """Thumbnails and previews: the home's cache/pictures, or the bucket's `pictures/`."""
        from audit_engine.bootstrap.file_storage import picture_store

        return picture_store(self.settings, lambda: self.bucket, self.cache_limit)

    @cached_property
    def cache_limit(self):
        """This node's copies of bucket files and its pictures within cache_max_bytes."""
        from audit_engine.storage.cache_limit import CacheLimit

        cache = self.settings.cache_dir
        return CacheLimit((cache / "objects", cache / "pictures"), self.settings.cache_max_bytes)

    @cached_property
    def bucket(self):
        """The object storage bucket (one client, shared by threads)."""
        from audit_engine.bootstrap.file_storage import make_bucket

        return make_bucket(self.settings)

    def checkpoints(self):
        """Where trail checkpoints go: the file, and the bucket when files are there."""
        from audit_engine.bootstrap.file_storage import checkpoint_log

        return checkpoint_log(self.settings, lambda: self.bucket)

    def workbook_key(self) -> bytes:
        """The key that signs audit workbooks: the setting, else the key file
        (settings.workbook_key_path; made on first use, mode 600, refused when others may read
        it). Never written into a workbook."""
        if self.settings.workbook_key:
            return self.settings.workbook_key.encode()
        path = self.settings.workbook_key_path
        if not path.exists():
            _make_key_file(path, self.settings.home)
        from audit_engine.storage.trail_keys import check_private

        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block
        with os.fdopen(descriptor) as handle:
            check_private(path, os.fstat(handle.fileno()), "workbook key file")
            key = handle.read().strip()
        if not key:
            raise InvalidInput(f"workbook key file {path} is empty")
        return key.encode()

    def action_due_days(self) -> dict[str, int]:
        """Default corrective-action due days per severity (AUDIT_ENGINE_ACTION_DUE_DAYS)."""
        from audit_engine.domain.rules.lifecycle import parse_due_days

        return parse_due_days(self.settings.action_due_days)

    def mailer(self):
        """The mail transport (settings.mail_transport: folder, smtp or console)."""
        from audit_engine.notifications.transports import build_transport

        return build_transport(self.settings)

    def webhook_delivery(self, clock=None):
        """Signs and POSTs queued webhook events (the outbox calls it per webhook row)."""
        from audit_engine.notifications.webhooks import HttpWebhookSender
        from audit_engine.services.integrations.webhook_delivery import WebhookDelivery

        settings = self.settings
        sender = HttpWebhookSender(
            allow_private=settings.webhook_allow_private,
            allow_loopback=settings.webhook_allow_private or settings.webhook_allow_http)
        return WebhookDelivery(self.uow, clock or self.clock, sender)

    def chat_sender(self):
        """POSTs chat messages to Teams/Slack incoming webhooks (the webhooks' HTTP adapter)."""
        from audit_engine.notifications.webhooks import HttpWebhookSender

        settings = self.settings  # the same address checks as webhooks
        return HttpWebhookSender(
            allow_private=settings.webhook_allow_private,
            allow_loopback=settings.webhook_allow_private or settings.webhook_allow_http)

    def renderer(self):
        """Reports and e-mail templates: one renderer per App, its warm workers kept between
        calls (web downloads and mail do not pay a process start each); closed by dispose()."""
        return self._renderer

    @cached_property
    def _renderer(self):
        from audit_engine.bootstrap.timed_renderer import TimedRenderer
        from audit_engine.reporting.renderer import WeasyRenderer
        from audit_engine.reporting.worker import RenderLimits

        settings = self.settings
        limits = RenderLimits(seconds=settings.render_timeout, memory_mb=settings.render_memory_mb)
        renderer = WeasyRenderer(settings.template_dir, limits=limits,
                                 warm_workers=settings.render_workers,
                                 wording_of=self.languages.wording_of)
        return TimedRenderer(renderer) if settings.metrics_token else renderer

    def final_report_hook(self):
        """What closing needs to make the final report first (services.review.closing): the
        renderer, the report folder, and a checkpoint of the trail head after the close."""
        from audit_engine.services.review.closing import FinalReportStep

        return FinalReportStep(self.renderer(), self.report_store(), self.checkpoint,
                               self.report_extras())

    def report_extras(self):
        """What audit reports take beyond the audit: the evidence store (photos of
        remediation) and the `report_full_trail` setting."""
        from audit_engine.services.reports.rendering import AuditExtras

        return AuditExtras(self.evidence_store(), self.settings.report_full_trail,
                           criteria_text=self.languages.criteria_text)

    def checkpoint(self, reason: str):
        """Append a signed checkpoint of the trail head to the checkpoint log."""
        from audit_engine.services.anchoring.anchor import write_checkpoint

        return write_checkpoint(self.uow(), self.trail_keys, self.checkpoints(), self.clock, reason)

    def mail_subject(self, template: str, context: dict) -> str:
        """A mail's subject line, rendered in this process (the inbox lists them as titles),
        in the language the message was queued in."""
        return self.languages.subject(template, context)

    @cached_property
    def languages(self):
        """The languages there are, each one's wording, checks of a language code."""
        from audit_engine.bootstrap.languages import Languages

        return Languages(self.settings.template_dir, self.catalogs)

    @cached_property
    def pages(self):
        """The web pages' templates (user's `<template_dir>/web/` first), built once."""
        from audit_engine.reporting.pages import PageTemplates, page_dirs

        return PageTemplates(page_dirs(self.settings.template_dir), self.languages.wording_of)

    @cached_property
    def password_hasher(self):
        """argon2id password hashes (built once: it keeps a dummy hash for unknown accounts)."""
        from audit_engine.credentials import Argon2Hasher

        return Argon2Hasher()

    def session_policy(self):
        """Web session lifetimes from the settings."""
        from datetime import timedelta

        from audit_engine.domain.rules.accounts import SessionPolicy

        return SessionPolicy(
            idle=timedelta(minutes=self.settings.session_idle_minutes),
            absolute=timedelta(hours=self.settings.session_absolute_hours),
        )

    @cached_property
    def sso(self):
        """Identity providers for single sign-on (none when no sso file is set up)."""
        from audit_engine.bootstrap.sso_settings import SsoSetup, load_providers

        return SsoSetup(load_providers(self.settings))

    def public_url(self) -> str:
        """The address people reach the web pages at (links in mail); never a request's Host."""
        return (self.settings.public_url or "http://127.0.0.1:8000").rstrip("/")

    def dispose(self) -> None:
        if "_renderer" in self.__dict__:
            self._renderer.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


def build_app(settings: Settings, clock: Clock | None = None) -> App:
    return App(settings, clock)


def ensure_writable_home(home: Path) -> None:
    """Create HOME if needed and prove we can write there, before anything else lands in it."""
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new home: owner-only
    except OSError as exc:
        raise InvalidInput(f"AUDIT_ENGINE_HOME {home}: cannot create it ({exc.strerror})") from None
    # A real write, not os.access: root passes access checks on read-only mounts.
    try:
        with tempfile.TemporaryFile(dir=home):
            pass
    except OSError as exc:
        raise InvalidInput(
            f"AUDIT_ENGINE_HOME {home}: folder is not writable ({exc.strerror})"
        ) from None


def _make_key_file(path: Path, home: Path) -> None:
    """A new random key at `path`, mode 600; the first writer wins and everyone then reads
    the same key (two processes starting at once)."""
    import secrets

    if path.parent == home:
        ensure_writable_home(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_suffix(f".{os.getpid()}.tmp")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(fresh, path)
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
