"""OpenID Connect with one provider: discovery, the authorization address (PKCE, state, nonce),
the code exchange and the ID token's checks (joserfc's and httpx's one home).

Discovery and the provider's keys are cached for the life of the process; a token signed with
a key id we do not know yet makes us fetch the keys again once (the provider rotated them).
Every failure is an `OidcFailure` whose `kind` names the check that failed (a key of the
plain words in domain/rules/sso.py) and whose `detail` is the technical reason for the log.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

LEEWAY_SECONDS = 60  # clocks may disagree by this much
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA")


class OidcFailure(Exception):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Endpoints:
    """What the issuer's /.well-known/openid-configuration says."""

    issuer: str
    authorization: str
    token: str
    jwks: str
    end_session: str | None


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def code_challenge(verifier: str) -> str:
    """PKCE S256: the hash of the verifier goes out first, the verifier with the code."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class OidcClient:
    """This site as one client of one issuer."""

    def __init__(self, issuer: str, client_id: str, client_secret: str,
                 timeout: float = 10.0) -> None:
        self.issuer, self.client_id, self._secret = issuer.rstrip("/"), client_id, client_secret
        self.timeout = timeout
        self._endpoints: Endpoints | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()
        self.key_fetches = 0  # how often the provider's keys were fetched (a test reads it)

    def endpoints(self) -> Endpoints:
        if self._endpoints is None:
            found = self._get_json(self.issuer + "/.well-known/openid-configuration")
            if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                raise OidcFailure("issuer", f"discovery names issuer {found.get('issuer')!r}, "
                                            f"expected {self.issuer!r}")
            try:
                self._endpoints = Endpoints(found["issuer"], found["authorization_endpoint"],
                                            found["token_endpoint"], found["jwks_uri"],
                                            found.get("end_session_endpoint"))
            except KeyError as missing:
                raise OidcFailure("provider", f"discovery lacks {missing}") from None
        return self._endpoints

    def authorization_url(self, redirect_uri: str, scopes: tuple[str, ...], state: str,
                          nonce: str, verifier: str) -> str:
        query = {"response_type": "code", "client_id": self.client_id,
                 "redirect_uri": redirect_uri, "scope": " ".join(scopes), "state": state,
                 "nonce": nonce, "code_challenge": code_challenge(verifier),
                 "code_challenge_method": "S256"}
        return self.endpoints().authorization + "?" + urlencode(query)

    def end_session_url(self, after: str) -> str | None:
        end = self.endpoints().end_session
        if not end:
            return None
        return end + "?" + urlencode({"client_id": self.client_id,
                                      "post_logout_redirect_uri": after})

    def exchange(self, code: str, redirect_uri: str, verifier: str) -> str:
        """The ID token for `code` (OidcFailure `code` when the provider refuses it)."""
        form = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": redirect_uri, "code_verifier": verifier}
        try:
            answer = httpx.post(self.endpoints().token, data=form, timeout=self.timeout,
                                auth=(self.client_id, self._secret))
        except httpx.HTTPError as error:
            raise OidcFailure("unreachable", f"token endpoint: {error!r}") from None
        body = _json_of(answer)
        if answer.status_code != 200:
            kind = "code" if body.get("error") == "invalid_grant" else "provider"
            raise OidcFailure(kind, f"token endpoint answered {answer.status_code}: "
                                    f"{body.get('error')} {body.get('error_description', '')}")
        if not isinstance(body.get("id_token"), str):
            raise OidcFailure("provider", "the token answer holds no id_token")
        return body["id_token"]

    def verify(self, id_token: str, nonce: str, now: datetime) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
        claims = self._signed_claims(id_token)
        check_claims(claims, self.issuer, self.client_id, nonce, int(now.timestamp()))
        return claims

    def _signed_claims(self, id_token: str) -> dict[str, Any]:
        try:
            header = jws.extract_compact(id_token.encode()).headers()
        except (JoseError, ValueError) as error:
            raise OidcFailure("signature", f"not a signed token: {error!r}") from None
        key = self._key(header.get("kid"))
        try:
            found = jws.deserialize_compact(id_token, key, algorithms=list(ALGORITHMS))
            claims = json.loads(found.payload)
        except (JoseError, ValueError) as error:
            raise OidcFailure("signature", f"signature check failed: {error!r}") from None
        if not isinstance(claims, dict):
            raise OidcFailure("signature", "the token's payload is not an object")
        return claims

    def _key(self, kid: str | None):
        """The provider's key `kid`; keys fetched again once for a kid not seen before."""
        with self._lock:
            for fresh in (False, True):
                if fresh or self._keys is None:
                    self._keys = KeySet.import_key_set(self._get_json(self.endpoints().jwks))
                    self.key_fetches += 1
                try:
                    return self._keys.get_by_kid(kid)
                except JoseError:
                    continue
        raise OidcFailure("signature", f"no key {kid!r} among the provider's keys")

    def key_ids(self) -> set[str]:
        return {key.kid for key in self._keys.keys if key.kid} if self._keys else set()

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = httpx.get(url, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise OidcFailure("unreachable", f"GET {url}: {error!r}") from None
        if answer.status_code != 200:
            raise OidcFailure("unreachable", f"GET {url} answered {answer.status_code}")
        return _json_of(answer)


def _json_of(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise OidcFailure("provider", f"{answer.request.url} did not answer a JSON object")
    return body


def check_claims(claims: dict[str, Any], issuer: str, client_id: str, nonce: str,
                 now: int) -> None:
    """OpenID Connect Core 3.1.3.7: issuer, audience (and azp), expiry, issue time, nonce."""
    if str(claims.get("iss", "")).rstrip("/") != issuer:
        raise OidcFailure("issuer", f"iss {claims.get('iss')!r}, expected {issuer!r}")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences or claims.get("azp", client_id) != client_id:
        raise OidcFailure("audience", f"aud {audience!r} azp {claims.get('azp')!r}, "
                                      f"expected {client_id!r}")
    expires, issued = claims.get("exp"), claims.get("iat")
    if not isinstance(expires, int) or not isinstance(issued, int):
        raise OidcFailure("signature", "the token lacks exp or iat")
    if expires <= now - LEEWAY_SECONDS or issued > now + LEEWAY_SECONDS:
        raise OidcFailure("clock", f"token valid {issued}..{expires}, our clock says {now} "
                                   f"(leeway {LEEWAY_SECONDS} s)")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcFailure("nonce", "the token's nonce is not the one this sign-in sent")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcFailure("signature", "the token has no subject")
