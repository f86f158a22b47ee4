"""MIME layout, invites, transports and their failure classes, against a real SMTP server."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from audit_engine.domain.formats.mail import (
    Attachment,
    DeliveryFailed,
    Invite,
    Mail,
    is_valid_address,
    stable_message_id,
)
from audit_engine.notifications.compose import compose
from audit_engine.notifications.invites import read_ics
from audit_engine.notifications.transports import EmlFolderTransport, SmtpTransport
from tests.scheduling.conftest import SmtpSink, free_port

START = datetime(2027, 1, 15, 8, tzinfo=UTC)
END = datetime(2027, 1, 19, 17, tzinfo=UTC)


def sample(recipients=("a@example.com",), sequence=0) -> Mail:
    invite = Invite(uid="audit-1-fieldwork@example.com", sequence=sequence, starts_at=START,
                    ends_at=END, summary="Fieldwork F1", organizer="lead@example.com",
                    attendees=recipients)
    return Mail(sender="audit@example.com", recipients=recipients, subject="Fieldwork",
                text="plain body", html="<p>html body</p>",
                message_id=stable_message_id("fieldwork_invite:A-1:seq0", "example.com"),
                attachments=(Attachment("r.pdf", "application/pdf", b"%PDF-1.7 x"),),
                invite=invite)


def test_message_layout_and_invite():
    message = compose(sample(sequence=2))
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(p for p in message.iter_parts()
                       if p.get_content_type() == "multipart/alternative")
    types = [p.get_content_type() for p in alternative.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    calendar = list(alternative.iter_parts())[2]
    assert calendar.get_param("method") == "REQUEST"
    ics = read_ics(calendar.get_content())
    assert ics["method"] == "REQUEST" and ics["sequence"] == 2
    assert ics["uid"] == "audit-1-fieldwork@example.com"
    assert ics["organizer"] == "lead@example.com" and ics["attendees"] == ["a@example.com"]
    assert ics["starts_at"] == START
    assert [p.get_filename() for p in message.iter_attachments()] == ["r.pdf"]
    assert message["Auto-Submitted"] == "auto-generated"


def test_message_id_is_stable():
    assert stable_message_id("k", "d.com") == stable_message_id("k", "d.com")
    assert stable_message_id("k", "d.com") != stable_message_id("k2", "d.com")


@pytest.mark.parametrize("address", ["bob", "a b@c.de", "x@@y.z", "a@b..c", "a@b.c\n"])
def test_invalid_recipient_is_permanent(address):
    assert not is_valid_address(address)
    with pytest.raises(DeliveryFailed) as failure:
        compose(sample(recipients=(address,)))
    assert not failure.value.retryable and "invalid address" in failure.value.reason


def test_smtp_delivers_over_one_connection(smtp):
    transport = SmtpTransport("127.0.0.1", smtp.port, security="none", timeout=5)
    for n in range(3):
        mail = sample()
        transport.send(compose(Mail(**{**mail.__dict__, "message_id": f"<m{n}@example.com>"})))
    transport.close()
    assert smtp.message_ids() == ["<m0@example.com>", "<m1@example.com>", "<m2@example.com>"]


def test_smtp_unreachable_is_retryable():
    transport = SmtpTransport("127.0.0.1", free_port(), security="none", timeout=2)
    with pytest.raises(DeliveryFailed) as failure:
        transport.send(compose(sample()))
    assert failure.value.retryable and "unreachable" in failure.value.reason


def test_smtp_5xx_is_permanent_and_4xx_retryable():
    class Refusing(SmtpSink):
        code = "550 5.1.1 no such user"

        async def handle_RCPT(self, server, session, envelope, address, options):
            return self.code

    sink = Refusing(free_port()).start()
    try:
        transport = SmtpTransport("127.0.0.1", sink.port, security="none", timeout=5)
        with pytest.raises(DeliveryFailed) as permanent:
            transport.send(compose(sample()))
        assert not permanent.value.retryable and "550" in permanent.value.reason
        sink.code = "451 4.3.0 try later"
        with pytest.raises(DeliveryFailed) as temporary:
            transport.send(compose(sample()))
        assert temporary.value.retryable
    finally:
        sink.stop()


def test_starttls_against_a_plain_server_is_a_clear_retryable_error(smtp):
    transport = SmtpTransport("127.0.0.1", smtp.port, security="starttls", timeout=5)
    with pytest.raises(DeliveryFailed) as failure:
        transport.send(compose(sample()))
    assert failure.value.retryable and "STARTTLS" in failure.value.reason.upper()


def test_eml_folder_rewrites_the_same_file_on_retry(tmp_path):
    transport = EmlFolderTransport(tmp_path / "mail")
    message = compose(sample())
    transport.send(message)
    transport.send(message)
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and b"Message-ID" in files[0].read_bytes()


@pytest.mark.parametrize("shape", ["plain", "html", "invite", "attachment"])
def test_every_message_shape_says_mime_version_on_top(shape):
    full = sample()
    mail = Mail(sender=full.sender, recipients=full.recipients, subject=full.subject,
                text=full.text, message_id=full.message_id,
                html=full.html if shape == "html" else None,
                invite=full.invite if shape == "invite" else None,
                attachments=full.attachments if shape == "attachment" else ())
    parsed = email.message_from_bytes(compose(mail).as_bytes())
    assert parsed.get_all("MIME-Version") == ["1.0"]  # RFC 2045 section 4, exactly once


def test_a_recipient_with_a_display_name_is_delivered_to_its_address(smtp):
    mail = sample(recipients=("Zoë Ortiz <zoe@example.com>", '"Ortiz, Ana" <ana@example.com>'))
    parsed = email.message_from_bytes(compose(mail).as_bytes(), policy=email.policy.default)
    assert [(a.display_name, a.addr_spec) for a in parsed["To"].addresses] == [
        ("Zoë Ortiz", "zoe@example.com"), ("Ortiz, Ana", "ana@example.com")]
    SmtpTransport("127.0.0.1", smtp.port, security="none", timeout=5).send(compose(mail))
    [(envelope, _)] = smtp.messages
    assert sorted(envelope) == ["ana@example.com", "zoe@example.com"]
