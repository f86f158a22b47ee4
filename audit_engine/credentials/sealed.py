"""Secrets the database holds for us (TOTP seeds, webhook signing secrets), sealed under a key
kept outside it: AES-256-GCM from `cryptography` (its one home), the purpose bound in as
associated data so a sealed value cannot be moved to another column and still open.

The key is `AUDIT_ENGINE_SECRETS_KEY` (base64 of 32 bytes) when set, else the file
`<home>/secrets.key` (made on first use, mode 600, like trail.key). A copy of the database
without the key holds no usable second factor or webhook secret.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

PREFIX = "v1:"
NONCE = 12


class SecretBox:
    """seal(purpose, text) -> stored text; open(purpose, stored) -> text."""

    def __init__(self, key_file: Path, key_text: str | None = None) -> None:
        self.key_file, self.key_text = Path(key_file), key_text
        self._key: bytes | None = None

    def seal(self, purpose: str, text: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(NONCE)
        sealed = AESGCM(self._the_key(create=True)).encrypt(nonce, text.encode(),
                                                             purpose.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, purpose: str, stored: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not is_sealed(stored):
            raise InvalidInput(f"a {purpose} in the database is not sealed; run "
                               "`audit-engine db upgrade`")
        try:
            raw = base64.urlsafe_b64decode(stored[len(PREFIX):])
            plain = AESGCM(self._the_key(create=False)).decrypt(raw[:NONCE], raw[NONCE:],
                                                                 purpose.encode())
        except (InvalidTag, ValueError, binascii.Error):
            raise InvalidInput(f"a sealed {purpose} does not open with the secrets key "
                               f"({self._where()}): wrong key, or the value was altered") from None
        return plain.decode()

    def _the_key(self, create: bool) -> bytes:
        if self._key is None:
            self._key = self._from_text() if self.key_text else self._from_file(create)
        return self._key

    def _from_text(self) -> bytes:
        try:
            key = base64.b64decode(self.key_text, validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32:
            raise InvalidInput("setting secrets_key: not the base64 of 32 bytes")
        return key

    def _from_file(self, create: bool) -> bytes:
        path = self.key_file
        if not path.exists() and create:
            _create_key_file(path)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise InvalidInput(f"secrets key file {path} is missing: the sealed second-factor "
                               "seeds and webhook secrets cannot be read without it") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
                raise InvalidInput(f"secrets key file {path}: must be a regular file readable "
                                   f"by its owner only (run `chmod 600 {path}`)")
            key = handle.read(64).strip()
        try:
            return _checked(base64.b64decode(key, validate=True), path)
        except (binascii.Error, ValueError):
            return _checked(b"", path)

    def _where(self) -> str:
        return "AUDIT_ENGINE_SECRETS_KEY" if self.key_text else str(self.key_file)


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def _checked(key: bytes, path: Path) -> bytes:
    if len(key) != 32:
        raise InvalidInput(f"secrets key file {path}: not the base64 of 32 bytes")
    return key


def _create_key_file(path: Path) -> None:
    """The first writer wins; a concurrent one reads the same key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(fresh, path)
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
