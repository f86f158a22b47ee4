"""The language of a page: the signed-in person's (theirs, else their facility's default),
and before sign-in the browser's Accept-Language.

`SpokenLanguage` starts every request in the browser's language; the sign-in lookup then
settles the person's (`settle`), so a refusal phrased in Python (web/phrases.py) and the
page's templates say the same language.
"""

from __future__ import annotations

from audit_engine.languages import current


class SpokenLanguage:
    """Plain ASGI middleware: each web request starts in its browser's language."""

    def __init__(self, app, services) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            header = _header(scope, b"accept-language")
            languages = self.services.languages
            current.speaking(languages.reader_wording(languages.from_header(header)))
        await self.app(scope, receive, send)


def settle(identity, wording_of) -> None:
    """A signed-in person reads their own language for the rest of the request."""
    if identity is not None and identity.signed_in:
        current.settle(wording_of(identity.language))


def page_language(request) -> str:
    """The language this request's page is rendered in."""
    identity = getattr(request.state, "identity", None)
    if identity is not None and identity.signed_in:
        return identity.language
    return current.now().code


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None
