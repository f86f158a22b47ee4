"""Transports: the `send(message)` port and its three implementations.

Every implementation raises `DeliveryFailed` (retryable or not) and nothing else for delivery
problems, so the dispatcher can decide between "try again later" and "failed, with the reason".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import smtplib
import socket
import ssl
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol, TextIO

from audit_engine.domain.formats.mail import DeliveryFailed

SECURITY_MODES = ("starttls", "tls", "none")


class Transport(Protocol):
    def send(self, message: EmailMessage) -> str | None:
        """Hand the message over; return a note (e.g. partly refused recipients) or None."""

    def close(self) -> None: ...


class EmlFolderTransport:
    """Writes each message to `<folder>/<message-id hash>.eml`: the demo default, no server.

    The file name comes from the Message-ID, so sending the same message again (a retry after a
    crash) rewrites the same file instead of adding a duplicate.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> str | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / f"{_file_stem(message)}.eml"
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes())
            os.replace(temp, target)
        except OSError as exc:
            raise DeliveryFailed(f"cannot write to {self.folder}: {exc}", retryable=True) from exc
        return None

    def close(self) -> None:
        return None


class ConsoleTransport:
    """Prints the message: for trying things out by hand."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: EmailMessage) -> str | None:
        self.stream.write(message.as_string())
        self.stream.write("\n" + "-" * 72 + "\n")
        self.stream.flush()
        return None

    def close(self) -> None:
        return None


class SmtpTransport:
    """smtplib over one reused connection, always with a timeout.

    security: "starttls" (usually port 587), "tls" (implicit TLS, usually 465) or "none".
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in SECURITY_MODES:
            raise ValueError(f"smtp security must be one of {', '.join(SECURITY_MODES)}")
        self.host, self.port, self.security = host, port, security
        self.username, self.password = username, password
        self.timeout = timeout
        self.ssl_context = ssl_context
        self._connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> str | None:
        try:
            refused = self._connected().send_message(message)
        except smtplib.SMTPServerDisconnected:
            # A server that dropped an idle connection: reconnect once, then judge.
            self._drop()
            refused = self._guarded(lambda: self._connected().send_message(message))
        except Exception as exc:
            self._drop()
            raise _classify(exc, self.host, self.port) from exc
        if refused:
            return "refused: " + "; ".join(f"{r} ({c} {_text(m)})" for r, (c, m) in refused.items())
        return None

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._connection = None

    def _guarded(self, action):
        try:
            return action()
        except Exception as exc:
            self._drop()
            raise _classify(exc, self.host, self.port) from exc

    def _connected(self) -> smtplib.SMTP:
        if self._connection is None:
            self._connection = self._guarded(self._open)
        return self._connection

    def _open(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.security == "tls":
            connection = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            connection.starttls(context=context)
        if self.username:
            connection.login(self.username, self.password or "")
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
            self._connection = None


def _classify(exc: BaseException, host: str, port: int) -> DeliveryFailed:
    """4xx, network trouble and configuration errors may pass: retry. 5xx will not."""
    where = f"SMTP {host}:{port}"
    if isinstance(exc, DeliveryFailed):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(f"{r} ({c} {_text(m)})" for r, (c, m) in exc.recipients.items())
        return DeliveryFailed(
            f"{where} refused every recipient: {detail}",
            retryable=all(400 <= c < 500 for c in codes),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # A wrong password is a configuration error: keep the message until someone fixes it.
        return DeliveryFailed(
            f"{where} login refused: {exc.smtp_code} {_text(exc.smtp_error)}", retryable=True
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return DeliveryFailed(
            f"{where} answered {code} {_text(exc.smtp_error)}", retryable=not 500 <= code < 600
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryFailed(f"{where}: {exc} (check smtp security setting)", retryable=True)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return DeliveryFailed(f"{where} timed out", retryable=True)
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return DeliveryFailed(f"{where} unreachable: {exc}", retryable=True)
    return DeliveryFailed(f"{where}: {type(exc).__name__}: {exc}", retryable=False)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _file_stem(message: EmailMessage) -> str:
    key = message.get("Message-ID") or message.as_string()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def build_transport(settings) -> Transport:
    """The transport named by settings.mail_transport: folder (default), smtp or console."""
    kind = settings.mail_transport
    if kind == "folder":
        return EmlFolderTransport(settings.mail_folder)
    if kind == "console":
        return ConsoleTransport()
    if kind == "smtp":
        if settings.smtp_security not in SECURITY_MODES:
            from audit_engine.domain.errors import InvalidInput

            raise InvalidInput(
                f"AUDIT_ENGINE_SMTP_SECURITY {settings.smtp_security!r} is not "
                f"one of: {', '.join(SECURITY_MODES)}"
            )
        return SmtpTransport(
            settings.smtp_host,
            settings.smtp_port,
            security=settings.smtp_security,
            username=settings.smtp_user,
            password=settings.smtp_password,
            timeout=settings.smtp_timeout or 30.0,
        )
    from audit_engine.domain.errors import InvalidInput

    raise InvalidInput(f"AUDIT_ENGINE_MAIL_TRANSPORT {kind!r} is not one of: folder, smtp, console")
