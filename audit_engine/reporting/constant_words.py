"""`_("text")` with no values, translated when a page template is compiled.

A page environment speaks one language (reporting/pages.py), so a marked text without values
is a constant there. The i18n extension would look it up on every render, through a context
call, a catalogue lookup and a Markup; a category page makes about 500 such calls. This
extension rewrites the call in the template's tokens into the same Markup as a constant:
`_("Save note")` becomes `("Guardar nota"|safe)`, which Jinja folds at compile time.

The text is what the call returns at render time: the translation, formatted with no values
(`%%` becomes `%`), marked safe as the i18n extension marks it under autoescaping. A call with
values, an attribute named `_` or a text that does not format is left to the extension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)


class ConstantWords(Extension):
    """Needs `environment.constant_gettext` (the language's gettext) and autoescaping."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate: Callable[[str], str] | None = getattr(self.environment,
                                                         "constant_gettext", None)
        tokens = list(stream)
        position = 0
        while position < len(tokens):
            text = _constant_call(tokens, position, translate)
            if text is None:
                yield tokens[position]
                position += 1
                continue
            line = tokens[position].lineno
            yield from (Token(line, TOKEN_LPAREN, "("), Token(line, TOKEN_STRING, text),
                        Token(line, TOKEN_PIPE, "|"), Token(line, TOKEN_NAME, "safe"),
                        Token(line, TOKEN_RPAREN, ")"))
            position += 4


def _constant_call(tokens: list[Token], at: int, translate) -> str | None:
    """The text `_("...")` at `at` renders to, or None when it is no such call."""
    if translate is None or at + 3 >= len(tokens):
        return None
    name, opening, string, closing = tokens[at:at + 4]
    if (name.type != TOKEN_NAME or name.value != "_" or opening.type != TOKEN_LPAREN
            or string.type != TOKEN_STRING or closing.type != TOKEN_RPAREN
            or (at > 0 and tokens[at - 1].type == TOKEN_DOT)):
        return None
    try:
        return translate(string.value) % {}
    except (KeyError, TypeError, ValueError):  # not a text without values: left as a call
        return None
