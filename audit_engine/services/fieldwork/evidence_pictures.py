"""Pictures of evidence for the fieldwork pages: an uploaded image checked before it is
stored, and a stored file's thumbnail or preview, made on the server once and kept by content
hash (in the home's folder, or in the bucket shared by every node), for someone who may read
its facility's audits. The original is never shown inline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import EvidenceId
from audit_engine.imaging import thumbnails
from audit_engine.imaging.pictures import check_image, is_image_name
from audit_engine.services.fieldwork.evidence_files import evidence_record, local_copy
from audit_engine.services.ports import EvidenceStore, UnitOfWork


@dataclass(frozen=True)
class Preview:
    ref: str
    name: str
    media_type: str
    has_picture: bool
    pages: int | None  # a PDF's page count


def check_picture(path: Path) -> None:
    """A file named as an image must be a readable one within the pixel limit
    (InvalidInput otherwise); other files pass."""
    if is_image_name(path.name):
        check_image(path, path.name)


def picture(uow: UnitOfWork, store: EvidenceStore, pictures: thumbnails.Pictures, *,
            actor: Actor, evidence: EvidenceId, size: str) -> bytes | None:
    """The thumbnail or preview JPEG of an evidence file; None when it has none. The original
    is fetched only when the picture was never made."""
    found = evidence_record(uow, actor=actor, evidence=evidence)
    return thumbnails.cached_picture(pictures, lambda: local_copy(store, found), found.sha256,
                                     found.name, found.media_type, size)


def preview(uow: UnitOfWork, store: EvidenceStore, pictures: thumbnails.Pictures, *,
            actor: Actor, evidence: EvidenceId) -> Preview:
    """What the preview page says about a file: its name, whether it has a picture, and a
    PDF's page count."""
    found = evidence_record(uow, actor=actor, evidence=evidence)
    pdf = found.media_type == "application/pdf"
    pages = (thumbnails.cached_page_count(pictures, lambda: local_copy(store, found),
                                          found.sha256) if pdf else None)
    return Preview(evidence, found.name,
                   found.media_type, thumbnails.has_picture(found.name, found.media_type), pages)
