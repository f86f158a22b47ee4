"""TOTP enrolment shows a QR code made on the server (SVG, no script, no third-party): the
code of exactly the otpauth:// address the page names."""

from __future__ import annotations

import html
import re

from audit_engine.web.qr_code import qr_svg
from tests.lifecycle import world
from tests.web.conftest import sign_in


def test_the_enrolment_page_shows_the_keys_qr_code(client, people):
    sign_in(client, world.OWNER)
    page = client.get("/account").text
    uri = html.unescape(re.search(r'<code class="wrap">(otpauth://[^<]+)</code>', page).group(1))
    svg = re.search(r'<figure class="qr" id="totp-qr"[^>]*>(<svg.*?</svg>)</figure>', page,
                    re.S).group(1)
    assert svg == qr_svg(uri, "QR code of your second-factor key")
    assert "<script" not in svg and "style=" not in svg and "http" not in svg.split(">", 1)[1]
