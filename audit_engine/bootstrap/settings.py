"""Effective settings: AUDIT_ENGINE_* environment variables over an optional TOML file.

Precedence: environment, then the TOML file named by AUDIT_ENGINE_CONFIG (or
`<home>/audit-engine.toml` when it exists), then defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from audit_engine import shipped
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.paths import check_readable

PREFIX = "AUDIT_ENGINE_"


@dataclass(frozen=True)
class Settings:
    home: Path = Path("var")
    database_url: str = ""  # empty: SQLite in home
    database_connections: int = 15  # PostgreSQL: connections one process keeps open, at most
    user: str | None = None
    checklist_dirs: tuple[Path, ...] = ()
    shipped_checklists_dir: Path = field(default_factory=lambda: shipped("checklists"))
    template_dir: Path | None = None
    evidence_max_bytes: int = 25 * 1024 * 1024
    action_due_days: str = "major=30,minor=60,observation=90"  # default action due dates
    mail_transport: str = "folder"  # folder | smtp | console
    mail_from: str = "audit-engine@localhost"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_security: str = "none"  # none | starttls | tls
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    render_timeout: float = 120.0
    render_memory_mb: int = 1536  # address-space cap of each render worker
    render_workers: int = 2  # warm workers kept for single reports and e-mail templates
    years: str = "2000-2100"  # the years periods, dates and --at may name
    digest_skip_empty: bool = True  # skip a weekly digest with nothing to report
    report_full_trail: bool = False  # audit reports print every trail event, not a summary
    api_rate_limit: int = 600  # requests per minute per API token
    api_max_body_bytes: int = 1024 * 1024  # JSON bodies; uploads may reach evidence_max_bytes
    web_max_body_bytes: int = 1024 * 1024  # a page's form (not an upload)
    upload_max_bytes: int = 256 * 1024 * 1024  # one upload request, all its files together
    webhook_allow_http: bool = False  # plain http webhooks to loopback (tests, local receivers)
    webhook_allow_private: bool = False  # webhooks to loopback, private, link-local addresses
    metrics_token: str | None = None  # /metrics answers only with this bearer token
    log_format: str = "text"  # text | json: serve's log lines
    public_url: str = ""  # links in mail; empty: `serve` sets http://HOST:PORT
    forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-* headers serve trusts
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    workbook_key: str | None = None  # signs audit workbooks; default: workbook_key_path
    workbook_key_file: Path | None = None  # default <home>/workbook.key
    trail_key: str | None = None  # the trail key file's lines (`;` between), for every node
    trail_key_file: Path | None = None  # default <home>/trail.key
    secrets_key: str | None = None  # base64 of 32 bytes; default: <home>/secrets.key
    secrets_key_file: Path | None = None  # default <home>/secrets.key
    trail_checkpoint_file: Path | None = None  # default <home>/trail-checkpoints.jsonl
    sso_file: Path | None = None  # identity providers (bootstrap/sso_settings.py)
    file_storage: str = "folder"  # folder (the home) | s3: evidence and final reports
    s3_endpoint: str = ""  # http(s)://host:port of S3-compatible storage; empty: AWS
    s3_bucket: str = ""
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None  # else s3_credentials_file, else boto3's own chain
    s3_secret_access_key: str | None = None
    s3_credentials_file: Path | None = None  # AWS-style credentials file, mode 600
    cache_max_bytes: int = 2 * 1024**3  # cache/objects and cache/pictures together, per node
    config_file: Path | None = None

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home.resolve() / 'audit-engine.sqlite3'}"

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    @property
    def report_dir(self) -> Path:
        return self.home / "reports"

    @property
    def mail_folder(self) -> Path:
        return self.home / "mail"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def trail_key_path(self) -> Path:
        """The HMAC keys of the trail: outside the database, owner-only (mode 600)."""
        return self.trail_key_file or self.home / "trail.key"

    @property
    def workbook_key_path(self) -> Path:
        """The key signing audit workbooks, when the workbook_key setting is not given."""
        return self.workbook_key_file or self.home / "workbook.key"

    @property
    def secrets_key_path(self) -> Path:
        """The key sealing TOTP seeds and webhook secrets: outside the database, mode 600."""
        return self.secrets_key_file or self.home / "secrets.key"

    @property
    def checkpoint_path(self) -> Path:
        """Signed checkpoints of the trail head, appended at every close and daily."""
        return self.trail_checkpoint_file or self.home / "trail-checkpoints.jsonl"


SECRET_FIELDS = frozenset({"smtp_password", "workbook_key", "secrets_key", "trail_key",
                           "s3_secret_access_key"})


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    config_file = _config_file(env)
    if config_file is not None:
        values.update(_read_toml(config_file))
        values["config_file"] = str(config_file)
    for f in fields(Settings):
        raw = env.get(PREFIX + f.name.upper())
        if raw is not None and f.name != "config_file":
            values[f.name] = raw
    settings = Settings(**{name: _convert(name, value) for name, value in values.items()})
    check_settings(settings)
    return settings


# Values a setting may take; checked at start so a bad one is one line, not a later traceback.
CHOICES: dict[str, tuple[str, ...]] = {
    "mail_transport": ("folder", "smtp", "console"),
    "smtp_security": ("none", "starttls", "tls"),
    "log_format": ("text", "json"),
    "file_storage": ("folder", "s3"),
}
BOUNDS: dict[str, tuple[float, float]] = {
    "evidence_max_bytes": (1, 2**40),
    "smtp_port": (1, 65535),
    "smtp_timeout": (0.1, 3600),
    "render_timeout": (1, 86400),
    "render_memory_mb": (256, 1024 * 1024),
    "render_workers": (1, 64),
    "database_connections": (1, 1000),
    "session_idle_minutes": (1, 525_600),
    "session_absolute_hours": (1, 8_760),
    "api_rate_limit": (1, 1_000_000),
    "api_max_body_bytes": (1024, 2**31),
    "web_max_body_bytes": (1024, 2**31),
    "upload_max_bytes": (1024, 2**40),
    "cache_max_bytes": (1024 * 1024, 2**50),
}


def check_settings(settings: Settings) -> None:
    """Every setting within what it may be; InvalidInput names the first one that is not."""
    from audit_engine.bootstrap.file_storage import check_object_storage
    from audit_engine.domain.formats.inputs import (
        check_public_url,
        parse_proxy_addresses,
        parse_year_range,
    )
    from audit_engine.domain.rules.lifecycle import parse_due_days

    for name, allowed in CHOICES.items():
        if getattr(settings, name) not in allowed:
            raise InvalidInput(f"setting {name}: {getattr(settings, name)!r} is not one of: "
                               f"{', '.join(allowed)}")
    for name, (low, high) in BOUNDS.items():
        if not low <= getattr(settings, name) <= high:
            raise InvalidInput(f"setting {name}: {getattr(settings, name)!r} is outside "
                               f"{low:g}-{high:g}")
    check_public_url(settings.public_url)
    check_object_storage(settings)
    parse_proxy_addresses(settings.forwarded_allow_ips, "setting forwarded_allow_ips")
    for name, parse in (("action_due_days", parse_due_days), ("years", parse_year_range)):
        try:
            parse(getattr(settings, name))
        except InvalidInput as error:
            raise InvalidInput(f"setting {name}: {error}") from None


def _config_file(env: Mapping[str, str]) -> Path | None:
    named = env.get(PREFIX + "CONFIG")
    if named:
        path = Path(named)
        if not path.exists():
            raise InvalidInput(f"{PREFIX}CONFIG: no such file: {path}")
        return check_readable(path, f"{PREFIX}CONFIG")
    default = Path(env.get(PREFIX + "HOME", "var")) / "audit-engine.toml"
    return default if default.is_file() else None


def _read_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: not valid TOML: {exc}") from None
    known = {f.name for f in fields(Settings)} - {"config_file"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput(f"{path}: unknown setting {unknown[0]!r}")
    return data


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _convert(name: str, value: object) -> object:
    kind = _FIELD_TYPES[name]
    try:
        if value is None or value == "" and "None" in kind:
            return None
        if kind.startswith("Path"):
            return Path(str(value))
        if kind.startswith("tuple"):
            parts = value if isinstance(value, list) else str(value).split(os.pathsep)
            return tuple(Path(p) for p in parts if p)
        if kind == "int":
            return _whole(value)
        if kind == "float":
            return _decimal(value)
        if kind == "bool":
            return _boolean(value)
        return str(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"setting {name}: {value!r} is not a valid {kind}") from None


_DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?", re.ASCII)


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not _DECIMAL.fullmatch(text) or "." in text:
        raise ValueError(value)
    return int(text)


def _decimal(value: object) -> float:
    """ASCII digits with an optional fraction: no `nan`, `inf`, exponents or other scripts."""
    if isinstance(value, bool):
        raise TypeError(value)
    text = repr(float(value)) if isinstance(value, int | float) else str(value).strip()
    if not _DECIMAL.fullmatch(text.removesuffix(".0") if "e" not in text else "x"):
        raise ValueError(value)
    return float(text)


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(text)


def describe(settings: Settings) -> dict[str, object]:
    """Every setting with secrets masked, for `config show`."""
    shown: dict[str, object] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if f.name in SECRET_FIELDS and value:
            value = "********"
        elif f.name == "database_url":
            value = mask_url(settings.effective_database_url)
        shown[f.name] = [str(v) for v in value] if isinstance(value, tuple) else value
    for derived in ("evidence_dir", "report_dir", "mail_folder", "trail_key_path",
                    "workbook_key_path", "checkpoint_path"):
        shown[derived] = getattr(settings, derived)
    return {k: str(v) if isinstance(v, Path) else v for k, v in shown.items()}


def mask_url(url: str) -> str:
    """Hide the password in a database URL."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    user = creds.split(":", 1)[0]
    return f"{scheme}{sep}{user}:********@{host}"
