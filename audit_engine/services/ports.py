"""What the services are given by the composition root, typed by what they use of it: a unit
of work (storage.uow.SqlUnitOfWork), a renderer (reporting's WeasyRenderer, or bootstrap's
TimedRenderer around it) and the evidence store (storage.blob_store.BlobStore, the one
interface of the folder and the S3 stores, named here as what services call it)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from audit_engine.storage.blob_store import BlobStore as EvidenceStore


class UnitOfWork(Protocol):
    """One transaction: `with uow:` writes (then `commit()`), `with uow.reading():` reads."""

    session: Any  # the ORM session of the open transaction
    secrets: Any  # credentials.sealed.SecretBox: seals TOTP seeds and webhook secrets
    trail_keys: Any  # storage.trail_keys.KeyFile: what trail appends sign with
    mail_domain: str | None  # of the Message-IDs of mail queued in the transaction

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None: ...

    def commit(self) -> None: ...

    def reading(self) -> AbstractContextManager[Any]: ...


class Renderer(Protocol):
    """Templates to HTML and text, HTML to PDF (one, or many on all cores)."""

    def render_html(self, template_name: str, context: dict, language: str = "en") -> str: ...

    def render_text(self, template_name: str, context: dict, language: str = "en") -> str: ...

    def render_parts(self, names: Sequence[str], context: dict,
                     language: str = "en") -> tuple[str, ...]: ...

    def render_pdf(self, html: str, base_url: str | None = None, attachments: Sequence = (),
                   pdf_variant: str | None = None, *, identifier: bytes | None = None,
                   fetch_log: list | None = None) -> bytes: ...

    def render_batch(self, items: Sequence[Any], progress: Any = None) -> Any: ...


__all__ = ["EvidenceStore", "Renderer", "UnitOfWork"]
