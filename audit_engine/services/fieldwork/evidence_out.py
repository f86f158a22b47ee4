"""Evidence out to a folder: the stored file under its original name, SHA-256 checked on the way.

The bytes are hashed while they are copied to a temporary file beside the target; only when the
hash is the recorded one is the file linked into place (never over an existing file). A damaged
or swapped store file leaves nothing behind and is refused with exit 6.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.formats.archive import ArchiveBroken
from audit_engine.domain.rules.lifecycle import EvidenceId
from audit_engine.services.fieldwork.evidence_files import evidence_file
from audit_engine.services.ports import EvidenceStore, UnitOfWork

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SavedEvidence:
    path: Path
    sha256: str
    bytes: int


def save_evidence(uow: UnitOfWork, store: EvidenceStore, *, actor: Actor, evidence: EvidenceId,
                  out_dir: Path) -> SavedEvidence:
    """Write the file as `out_dir/<original name>` for someone who may see its facility."""
    found = evidence_file(uow, store, actor=actor, evidence=evidence)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InvalidInput(f"-o {out_dir}: no such folder")
    target = out_dir / found.name
    if target.exists():
        raise Conflict(f"{target} exists already; remove it or choose another folder")
    descriptor, temporary = tempfile.mkstemp(dir=out_dir, prefix=f".{found.name}.")
    try:
        digest, size = _copy(found.path, descriptor)
        if digest != found.sha256:
            raise ArchiveBroken([f"{evidence}: the stored file does not match its recorded "
                                 "SHA-256; nothing written"])
        os.link(temporary, target)  # fails rather than replaces if the name appeared meanwhile
    except FileExistsError:
        raise Conflict(f"{target} exists already; remove it or choose another folder") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return SavedEvidence(target, digest, size)


def _copy(source: Path, descriptor: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, os.fdopen(descriptor, "wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest(), size
