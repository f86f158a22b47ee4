"""Webhook delivery over HTTP(S): one signed POST per attempt, with a timeout.

The outbox dispatcher calls `send`; like the mail transports, every delivery problem comes
back as `DeliveryFailed`, retryable or not. The signature headers are made by the caller
(domain/integrity/webhooks.py) so this adapter only moves bytes.

The host is resolved here, every address it resolves to is checked (no loopback, private or
link-local address unless a setting allows them: a webhook must not reach into the server's own
network), and the connection goes to the address that was checked (no second lookup a rebinding
DNS server could answer differently). A failure says what kind of failure it was, never the
address, port or system error behind it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Mapping
from urllib.parse import urlsplit

from audit_engine.domain.formats.mail import DeliveryFailed
from audit_engine.domain.integrity.webhooks import PRIVATE_HINT, address_refusal

USER_AGENT = "audit-engine-webhooks/1"
PERMANENT = frozenset({400, 401, 403, 404, 405, 410, 413, 422})


class HttpWebhookSender:
    """POST `body` to `url`; 2xx is delivered. Redirects are not followed."""

    def __init__(self, timeout: float = 10.0, *, allow_private: bool = False,
                 allow_loopback: bool = False) -> None:
        self.timeout = timeout
        self.allow_private, self.allow_loopback = allow_private, allow_loopback
        self._tls: ssl.SSLContext | None = None  # made at the first HTTPS post, see _context

    def _context(self) -> ssl.SSLContext:
        """Loading the system's CA certificates costs about 100 ms of CPU: a tick builds a
        sender for webhooks and one for chat channels every time and most ticks post nothing."""
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self._checked_address(parts.hostname or "", port)
        connection = self._connection(parts.scheme, parts.hostname, port, address)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = {"content-type": "application/json", "user-agent": USER_AGENT, **headers}
        try:
            connection.request("POST", path, body=body, headers=sent)
            status = connection.getresponse().status
        except TimeoutError:
            raise DeliveryFailed("the receiver did not answer in time", retryable=True) from None
        except ssl.SSLError:
            raise DeliveryFailed("the TLS handshake with the receiver failed",
                                 retryable=True) from None
        except (OSError, http.client.HTTPException):
            raise DeliveryFailed("could not connect to the receiver", retryable=True) from None
        finally:
            connection.close()
        if not 200 <= status < 300:
            raise DeliveryFailed(f"the receiver answered HTTP {status}",
                                 retryable=status not in PERMANENT)
        return status

    def _checked_address(self, host: str, port: int) -> str:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise DeliveryFailed("the receiver's host name does not resolve",
                                 retryable=True) from None
        addresses = [info[4][0] for info in found]
        for address in addresses:
            why = address_refusal(address, allow_private=self.allow_private,
                                  allow_loopback=self.allow_loopback)
            if why:
                raise DeliveryFailed(f"the receiver's host resolves to {why}; {PRIVATE_HINT}",
                                     retryable=False)
        return addresses[0]

    def _connection(self, scheme: str, host: str, port: int, address: str):
        if scheme == "https":
            return _PinnedHttps(host, port, address, self.timeout, self._context())
        return _PinnedHttp(host, port, address, self.timeout)


class _PinnedHttp(http.client.HTTPConnection):
    """Connects to `address` (checked), sends `Host: host`."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHttps(http.client.HTTPSConnection):
    """Connects to `address` (checked); the certificate is verified for `host` (SNI)."""

    def __init__(self, host: str, port: int, address: str, timeout: float, tls) -> None:
        super().__init__(host, port, timeout=timeout, context=tls)
        self.address, self.tls = address, tls

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
