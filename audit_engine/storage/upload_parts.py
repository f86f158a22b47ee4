"""Photos arriving in chunks: one growing file per upload (and its description beside it),
kept per person under `<root>/<person>/`, so an upload cut off resumes at the bytes that
arrived instead of starting over. Only the sender's own uploads are ever found."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Part:
    """An upload under way: where its bytes are and what the sender said they will be."""

    data: Path
    meta: dict

    @property
    def size(self) -> int:
        return self.data.stat().st_size if self.data.exists() else 0


def folder_of(root: Path, owner: str) -> Path:
    """The person's folder: a hash of their e-mail, never the address itself."""
    return root / hashlib.sha256(owner.encode()).hexdigest()[:32]


def part(root: Path, owner: str, upload: str) -> Part | None:
    """The upload `upload` of `owner`, None when it is unknown (or `upload` is no id)."""
    if not UPLOAD_ID.match(upload):
        return None
    folder = folder_of(root, owner)
    meta = folder / f"{upload}.json"
    if not meta.is_file():
        return None
    return Part(folder / f"{upload}.part", json.loads(meta.read_text()))


def create(root: Path, owner: str, upload: str, meta: dict) -> Part:
    """Describe a new upload (kept as it is when it exists: a retried start)."""
    folder = folder_of(root, owner)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    found = part(root, owner, upload)
    if found is not None:
        return found
    (folder / f"{upload}.json").write_text(json.dumps(meta))
    (folder / f"{upload}.part").touch(mode=0o600)
    return Part(folder / f"{upload}.part", meta)


def append(found: Part, offset: int, data: bytes) -> int:
    """Add `data` at `offset` when that is where the file ends; a chunk sent again (it
    arrived, its answer did not) is skipped. Returns the size now; the caller compares."""
    size = found.size
    if offset == size:
        with open(found.data, "ab") as out:
            out.write(data)
        return size + len(data)
    return size


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def remove(found: Part) -> None:
    found.data.unlink(missing_ok=True)
    found.data.with_suffix(".json").unlink(missing_ok=True)
