"""Webhook delivery over HTTP(S): one signed POST per attempt, with a timeout.

The outbox dispatcher calls `send`; like the mail transports, every delivery problem comes
back as `DeliveryFailed`, retryable or not. The signature headers are made by the caller
(domain/integrity/webhooks.py) so this adapter only moves bytes.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping

from audit_engine.domain.formats.mail import DeliveryFailed

USER_AGENT = "audit-engine-webhooks/1"
PERMANENT = frozenset({400, 401, 403, 404, 405, 410, 413, 422})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer, not an invitation to post elsewhere


class HttpWebhookSender:
    """POST `body` to `url`; 2xx is delivered. Redirects are not followed."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._opener = urllib.request.build_opener(
            _NoRedirects(), urllib.request.HTTPSHandler(context=ssl.create_default_context())
        )

    def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        request = urllib.request.Request(url, data=body, method="POST")
        for name, value in {"content-type": "application/json", "user-agent": USER_AGENT,
                            **headers}.items():
            request.add_header(name, value)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            retryable = exc.code not in PERMANENT
            raise DeliveryFailed(f"{url} answered HTTP {exc.code}", retryable=retryable) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryFailed(f"{url}: {reason}", retryable=True) from None
