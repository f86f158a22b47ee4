"""Identity providers for single sign-on, from the TOML file named by the `sso_file` setting
(default `<home>/sso.toml` when it exists). One `[[provider]]` table per provider:

    [[provider]]
    key = "corp"                          # in the sign-in address
    display_name = "Corp ID"              # the button says "Sign in with Corp ID"
    issuer = "https://login.example.com"  # discovery: <issuer>/.well-known/openid-configuration
    client_id = "audit-engine"
    client_secret_env = "CORP_OIDC_SECRET"  # or client_secret_file = "/run/secrets/corp"
    scopes = ["openid", "email", "profile", "groups"]
    groups_claim = "groups"
    new_account_domains = ["example.com"]  # just-in-time accounts (none when absent)
    roles = ["ctpat-auditors-mx -> auditor @ MX-JRZ-01"]

A bad file is one line naming the file, the provider and the field.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from audit_engine.bootstrap.settings import Settings
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.sso import Provider, check_key, parse_mapping

FIELDS = {"key", "display_name", "issuer", "client_id", "client_secret_env",
          "client_secret_file", "scopes", "groups_claim", "new_account_domains", "roles"}


def sso_path(settings: Settings) -> Path | None:
    if settings.sso_file is not None:
        return settings.sso_file
    default = settings.home / "sso.toml"
    return default if default.is_file() else None


def load_providers(settings: Settings, env: Mapping[str, str] | None = None) -> dict[str, Provider]:
    path = sso_path(settings)
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(f"setting sso_file: cannot read {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{path}: not valid TOML: {error}") from None
    tables = data.get("provider", [])
    if set(data) - {"provider"} or not isinstance(tables, list):
        raise InvalidInput(f"{path}: only [[provider]] tables belong here")
    providers: dict[str, Provider] = {}
    env = os.environ if env is None else env
    for number, table in enumerate(tables, 1):
        provider = _provider(table, f"{path}: provider {number}", env)
        if provider.key in providers:
            raise InvalidInput(f"{path}: provider {number}: key {provider.key!r} is used twice")
        providers[provider.key] = provider
    return providers


def _provider(table: dict, where: str, env: Mapping[str, str]) -> Provider:
    unknown = sorted(set(table) - FIELDS)
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r}")
    text = {name: _text(table, name, where) for name in ("key", "issuer", "client_id")}
    if not text["issuer"].startswith(("https://", "http://")):
        raise InvalidInput(f"{where}: issuer {text['issuer']!r} is not an http(s) address")
    roles = tuple(str(r) for r in Role)
    return Provider(
        key=check_key(text["key"], where), issuer=text["issuer"].rstrip("/"),
        client_id=text["client_id"], client_secret=_secret(table, where, env),
        display_name=str(table.get("display_name") or text["key"]),
        scopes=_words(table, "scopes", where) or ("openid", "email", "profile"),
        groups_claim=str(table.get("groups_claim", "groups")),
        new_account_domains=_words(table, "new_account_domains", where),
        roles=tuple(parse_mapping(line, roles, f"{where}: roles")
                    for line in _words(table, "roles", where)))


def _text(table: dict, name: str, where: str) -> str:
    value = table.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where}: {name} is missing")
    return value.strip()


def _words(table: dict, name: str, where: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{where}: {name} must be a list of strings")
    return tuple(value)


def _secret(table: dict, where: str, env: Mapping[str, str]) -> str:
    """The client secret: from an environment variable or a file, never from this file."""
    if "client_secret_env" in table:
        name = str(table["client_secret_env"])
        if not env.get(name):
            raise InvalidInput(f"{where}: client_secret_env: ${name} is not set")
        return env[name]
    if "client_secret_file" in table:
        path = Path(str(table["client_secret_file"]))
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise InvalidInput(f"{where}: client_secret_file: cannot read {path}: "
                               f"{error.strerror}") from None
    raise InvalidInput(f"{where}: give client_secret_env or client_secret_file")


class SsoSetup:
    """The providers and one OpenID Connect client each (caching discovery and keys)."""

    def __init__(self, providers: dict[str, Provider]) -> None:
        from audit_engine.credentials.oidc import OidcClient

        self.providers = providers
        self.clients = {key: OidcClient(p.issuer, p.client_id, p.client_secret)
                        for key, p in providers.items()}
