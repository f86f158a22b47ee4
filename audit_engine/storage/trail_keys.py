"""The trail key file: HMAC keys kept outside the database, owner-only.

One key per line, `<id> <created> <keyed_after> <hex secret>`; the last line signs new events,
older lines stay so that what they signed still verifies. `keyed_after` is the trail sequence
number after which the key started signing: every later event must be keyed, so an event
written without a key (a rewrite by someone without it) is found even when it claims to be a
legacy event. A file that group or others can read, or that another user owns, is refused.

Several nodes on one database must sign with the same keys: each is given the same key file (a
copy, mode 600) or the same lines in the `trail_key` setting (`GivenKeys`, lines separated by
newlines or `;`), which is read only: rotating needs a key file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from datetime import datetime
from pathlib import Path

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import file_kind
from audit_engine.domain.integrity.trail import TrailKeys, key_id_for

HEADER = (
    "# audit-engine trail keys: HMAC-SHA256 keys of the audit trail. Keep this file secret\n"
    "# (mode 600) and a copy away from the database. Never edit; rotate with\n"
    "# `audit-engine log rotate-key`. Columns: id, created, keyed_after, secret (hex).\n"
)


def load_keys(path: Path) -> TrailKeys | None:
    """The keys in `path`, or None when there is no such file."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InvalidInput(f"trail key file {path}: cannot open it ({error.strerror})") from None
    with os.fdopen(fd, encoding="ascii", errors="replace") as handle:
        check_private(path, os.fstat(handle.fileno()))
        return _parse(f"trail key file {path}", str(path), handle.read())


def check_private(path: Path, info: os.stat_result, what: str = "trail key file") -> None:
    """A key file is a regular file of ours that nobody else may read (mode 600)."""
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{what} {path} is {file_kind(info.st_mode)}, not a regular file")
    if info.st_uid != os.geteuid():
        raise InvalidInput(f"{what} {path}: owned by another user (uid {info.st_uid})")
    if info.st_mode & 0o077:
        mode = stat.S_IMODE(info.st_mode)
        raise InvalidInput(f"{what} {path}: readable by others (mode {mode:o}); "
                           f"run `chmod 600 {path}`")


def _parse(where: str, source: str, text: str) -> TrailKeys:
    keys: dict[str, bytes] = {}
    current, keyed_after = None, None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            key_id, _created, after, secret_hex = line.split()
            secret, after_seq = bytes.fromhex(secret_hex), int(after)
        except ValueError:
            raise InvalidInput(f"{where}, line {number}: not `id created "
                               "keyed_after secret`") from None
        if len(secret) < 32 or key_id != key_id_for(secret):
            raise InvalidInput(f"{where}, line {number}: the key does not match "
                               f"its id {key_id} (or is shorter than 32 bytes)")
        keys[key_id], current = secret, key_id
        keyed_after = after_seq if keyed_after is None else min(keyed_after, after_seq)
    return TrailKeys(keys, current, keyed_after, source)


def new_key_line(keyed_after: int, now: datetime) -> str:
    secret = secrets.token_bytes(32)
    return f"{key_id_for(secret)} {now:%Y-%m-%dT%H:%M:%SZ} {keyed_after} {secret.hex()}\n"


def create_keys(path: Path, keyed_after: int, now: datetime) -> TrailKeys:
    """Create the key file with one key; if another process just did, read theirs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_keys(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(HEADER + new_key_line(keyed_after, now))
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(path.parent)
    return load_keys(path)


def add_key(path: Path, keyed_after: int, now: datetime) -> TrailKeys:
    """Rotation: a new last line (the new signing key); the old keys stay for verifying."""
    path = Path(path)
    old = path.read_text(encoding="ascii") if load_keys(path) is not None else HEADER
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            os.fchmod(handle.fileno(), 0o600)
            old += "" if old.endswith("\n") else "\n"
            handle.write(old + new_key_line(keyed_after, now))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return load_keys(path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class KeyFile:
    """The key file of one home: read once, read again when the trail names a key we lack."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._keys: TrailKeys | None = None

    def load(self, *, refresh: bool = False) -> TrailKeys | None:
        if self._keys is None or refresh:
            self._keys = load_keys(self.path)
        return self._keys

    def create(self, keyed_after: int, now: datetime) -> TrailKeys:
        self._keys = create_keys(self.path, keyed_after, now)
        return self._keys

    def signing_keys(self, head_key: str | None, head_seq: int, now: datetime) -> TrailKeys:
        """The keys to append with. A trail that was never keyed gets its first key now; a
        keyed trail whose key we do not hold is refused (a copy without its key, or a lost or
        swapped key file): signing on with a new key would hide that."""
        keys = self.load()
        if keys is not None and head_key is not None and keys.get(head_key) is None:
            keys = self.load(refresh=True)
        if keys is None:
            if head_key is not None:
                raise InvalidInput(f"the trail is signed with key {head_key} but there is no "
                                   f"trail key file at {self.path}; restore it to write")
            return self.create(head_seq, now)
        if head_key is not None and keys.get(head_key) is None:
            raise InvalidInput(f"the trail is signed with key {head_key}, which {self.path} "
                               "does not hold; restore the key file to write")
        return keys

    def rotate(self, head_seq: int, now: datetime) -> TrailKeys:
        self._keys = add_key(self.path, head_seq, now)
        return self._keys


class GivenKeys(KeyFile):
    """Keys given in a setting (AUDIT_ENGINE_TRAIL_KEY: the key file's lines, separated by
    newlines or `;`), the same on every node. Read only: no key is made or rotated here."""

    SOURCE = "setting trail_key"

    def __init__(self, lines: str) -> None:
        super().__init__(Path("AUDIT_ENGINE_TRAIL_KEY"))
        keys = _parse(self.SOURCE, self.SOURCE, lines.replace(";", "\n"))
        if keys.current is None:
            raise InvalidInput(f"{self.SOURCE}: no key line (`id created keyed_after secret`)")
        self._keys = keys

    def load(self, *, refresh: bool = False) -> TrailKeys | None:
        return self._keys

    def create(self, keyed_after: int, now: datetime) -> TrailKeys:
        return self._keys

    def rotate(self, head_seq: int, now: datetime) -> TrailKeys:
        raise InvalidInput(f"the trail keys come from {self.SOURCE} (AUDIT_ENGINE_TRAIL_KEY), "
                           "which audit-engine cannot change: rotate with a key file "
                           "(trail_key_file), then give its lines to every node")
