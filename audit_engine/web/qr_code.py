"""QR codes as SVG made on the server (segno's one home): the authenticator enrolment's
otpauth:// address, so nobody types the key and no third-party service sees it."""

from __future__ import annotations

import io


def qr_svg(text: str, title: str) -> str:
    """An inline <svg> (no XML declaration, no script, no style attribute: the pages' CSP
    allows it), dark modules on white, 4 px per module."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False,
                                     svgclass=None, lineclass=None, title=title,
                                     dark="#000", light="#fff")
    return out.getvalue().decode().strip()
