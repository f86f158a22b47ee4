"""Single sign-on rules: the providers an admin lists, the group-to-role table, who may be
created on first sign-in, and the plain words of each refusal.

Everything here is plain values: the OpenID Connect exchange itself lives in
credentials/oidc.py, the accounts in services/administration/sso_accounts.py.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Final

from audit_engine.domain.errors import InvalidInput, SignInRefused

ALL_FACILITIES = "*"
IDENTITY_PROVIDER: Final = "identity provider"  # the trail's actor for grants a mapping made
_MAPPING = re.compile(r"^\s*(?P<group>[^\s].*?)\s*->\s*(?P<role>[a-z_ ]+?)\s*"
                      r"(?:@\s*(?P<facility>[A-Za-z0-9*][A-Za-z0-9_.*-]*))?\s*$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class RoleMapping:
    """Members of `group` at the provider hold `role` at `facility` (a code, or `*`)."""

    group: str
    role: str
    facility: str = ALL_FACILITIES


@dataclass(frozen=True)
class Provider:
    """One identity provider from the settings."""

    key: str  # in the sign-in address: /sign-in/sso/<key>
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    display_name: str
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    groups_claim: str = "groups"
    new_account_domains: tuple[str, ...] = ()  # just-in-time accounts for these e-mail domains
    roles: tuple[RoleMapping, ...] = ()


def check_key(key: str, where: str) -> str:
    if not _KEY.match(key):
        raise InvalidInput.said("%(where)s: key %(key)r must be lower-case letters, digits "
                                "and dashes (it appears in the sign-in address)", where=where,
                                key=key)
    return key


def parse_mapping(line: str, roles: tuple[str, ...], where: str) -> RoleMapping:
    """`ctpat-auditors-mx -> auditor @ MX-JRZ-01` (no `@`: every facility)."""
    found = _MAPPING.match(line)
    if not found:
        raise InvalidInput.said("%(where)s: %(line)r is not 'group -> role @ facility'",
                                where=where, line=line)
    role = found["role"].strip().replace(" ", "_")
    if role not in roles:
        raise InvalidInput.said("%(where)s: role %(role)r is not one of: %(roles)s",
                                where=where, role=role, roles=", ".join(roles))
    return RoleMapping(found["group"], role, found["facility"] or ALL_FACILITIES)


def mapped_roles(groups: object, table: tuple[RoleMapping, ...]) -> set[tuple[str, str]]:
    """(role, facility) pairs the groups claim gives; a claim that is not a list gives none."""
    held = {g for g in groups if isinstance(g, str)} if isinstance(groups, list) else set()
    return {(m.role, m.facility) for m in table if m.group in held}


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def may_create(email: str, provider: Provider) -> bool:
    return domain_of(email) in {d.lower().lstrip("@") for d in provider.new_account_domains}


# Each refusal: what the person reads (the technical reason goes to the log and the trail).
PLAIN = {
    "state": "the sign-in took too long or was started in another window; please start again",
    "code": "the sign-in could not be completed (it was used already or took too long); "
            "please start again",
    "audience": "the identity provider's answer was meant for another application",
    "issuer": "the answer did not come from the identity provider this site trusts",
    "signature": "the identity provider's answer could not be verified",
    "clock": "the clocks of this site and the identity provider disagree",
    "nonce": "the identity provider's answer does not belong to this sign-in",
    "email": "the identity provider did not tell us your e-mail address",
    "domain": "new accounts are not made here for e-mail addresses at your domain",
    "no_role": "your groups at the identity provider give you no role here",
    "unreachable": "the identity provider could not be reached; please try again later",
    "provider": "the identity provider refused the sign-in",
    "unknown_provider": "this site does not know that identity provider",
    "deactivated": "your account is deactivated",
    "taken": "an account with your e-mail address exists already; sign in with your password "
             "and link the identity provider under Your account, or ask an administrator",
    "linked_elsewhere": "this identity is linked to another account already",
}


class SsoRefused(SignInRefused):
    """A single sign-on refused: `kind` (a key of PLAIN), the technical `detail` for the log,
    and the short `reference` the person can quote."""

    def __init__(self, kind: str, detail: str, provider: str = "") -> None:
        self.kind, self.detail, self.provider, self.plain = kind, detail, provider, PLAIN[kind]
        self.reference = "SSO-" + secrets.token_hex(3).upper()
        super().__init__(f"{PLAIN[kind]} (reference {self.reference})")
